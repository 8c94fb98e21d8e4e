package io.tablemover.engine.transfer;

import io.tablemover.engine.error.ExitCode;
import io.tablemover.engine.error.Fixes;
import io.tablemover.engine.error.MoveException;
import io.tablemover.engine.sql.Session;

/**
 * A transfer waited for a row lock on the source longer than {@code --lock-wait-retry-timeout-seconds} (exit code 4).
 * The message names the table and the session holding the lock, the fix says how to end it. Transfers run before the
 * RENAME in the copy (and the source is never written by them), so the source is untouched and the run resumable.
 */
public class RowLockWaitException extends MoveException {
    private static final long serialVersionUID = 1L;

    /**
     * @param what {@code copy} or {@code binlog apply}
     * @param table the source table, {@code db.name}
     * @param waitedSeconds how long the transfer waited, in seconds
     * @param heldBy who holds the lock, one line
     * @param blocker the session holding the lock, null if it could not be found
     * @param cause the last lock wait timeout (MySQL error 1205)
     */
    RowLockWaitException(String what, String table, long waitedSeconds, String heldBy, Session blocker, Throwable cause) {
        super(ExitCode.RUNTIME_FAILURE, what + " gave up after waiting " + waitedSeconds + " s for a row lock on " + table
                        + " held by " + heldBy,
                (blocker != null ? "end that transaction (KILL " + blocker.connectionId() + " on the source)"
                        : "end the transaction holding it (SELECT * FROM sys.innodb_lock_waits on the source names it)")
                        + " or raise --lock-wait-retry-timeout-seconds; "
                        + (what.equals(RowTransfer.COPY) ? Fixes.RESUME_OR_CANCEL : "then run the same command again to resume"),
                cause);
    }
}
