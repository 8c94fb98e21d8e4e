package io.tablemover.engine.copy;

import io.tablemover.engine.error.ExitCode;
import io.tablemover.engine.error.Fixes;
import io.tablemover.engine.error.MoveException;

/**
 * The copy failed (exit code 4); the message names the table and the server's error. The copy runs before the
 * RENAME, so the source is untouched and the run resumable.
 */
public class CopyException extends MoveException {
    private static final long serialVersionUID = 1L;

    /** @param message one line: the table and what failed */
    public CopyException(String message, Throwable cause) {
        super(ExitCode.RUNTIME_FAILURE, message, Fixes.RESUME_OR_CANCEL, cause);
    }
}
