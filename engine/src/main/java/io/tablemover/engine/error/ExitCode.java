package io.tablemover.engine.error;

/**
 * The process exit codes of {@code tablemover}, carried by every {@link MoveException}; listed in
 * {@code --help} and docs/cli.md. The CLI maps an exception to its code with {@link MoveException#exitCode()}.
 */
public enum ExitCode {
    /** The command did what it was asked (a dry run validated, a move completed). */
    OK(0),
    /** An unexpected internal error (a bug): the message and a stack trace are printed. */
    INTERNAL_ERROR(1),
    /** Invalid input: an unknown option, a malformed URL, a bad value; nothing was touched. */
    INVALID_INPUT(2),
    /** Validation failed: a server setting or a table does not allow the move; nothing was changed. */
    VALIDATION_FAILED(3),
    /**
     * The move failed before the cutover's RENAME: the source tables are untouched. {@code verify}: a server failed,
     * or nothing differed but a run in progress lagged so that some chunks are undecided.
     */
    RUNTIME_FAILURE(4),
    /** The move failed after the RENAME: the printed RENAME statement gives the tables back to the source. */
    CUTOVER_FAILURE(5),
    /** {@code verify}: the tables compared differ (after {@code --repair}: differences remain); the report names them. */
    TABLES_DIFFER(6);

    private final int code;

    ExitCode(int code) {
        this.code = code;
    }

    /** @return the process exit status, 0..6 */
    public int code() {
        return code;
    }
}
