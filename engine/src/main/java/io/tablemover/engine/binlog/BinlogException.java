package io.tablemover.engine.binlog;

import io.tablemover.engine.error.ExitCode;
import io.tablemover.engine.error.MoveException;

/**
 * The binlog stream met something that stops the run before the RENAME (exit code 4): a statement that changed a
 * moved table outside row events, a change tablemover cannot attribute to a table for sure, or an event it cannot
 * read. Each carries the one instruction that works; the source tables are untouched.
 */
public class BinlogException extends MoveException {
    private static final long serialVersionUID = 1L;

    /**
     * @param reason one line: what the stream saw (the table and statement or event it concerns)
     * @param fix one line: what the operator should do, or null when the caller's own failure says it (the cutover)
     */
    public BinlogException(String reason, String fix) {
        super(ExitCode.RUNTIME_FAILURE, reason, fix, null);
    }

    /** @return {@code sql} for a one-line message: whitespace collapsed, cut after 200 characters */
    public static String excerpt(String sql) {
        String one = sql.strip().replaceAll("\\s+", " ");
        return "'" + (one.length() > 200 ? one.substring(0, 200) + "..." : one) + "'";
    }
}
