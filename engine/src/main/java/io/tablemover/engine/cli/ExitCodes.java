package io.tablemover.engine.cli;

/**
 * Process exit codes of {@code tablemover}; also listed in {@code --help} and docs/cli.md.
 */
public final class ExitCodes {
    /** The command did what it was asked (a dry run validated, a move completed). */
    public static final int OK = 0;
    /** An unexpected internal error (a bug): the message and a stack trace are printed. */
    public static final int INTERNAL_ERROR = 1;
    /** Invalid input: an unknown option, a malformed URL, a bad value; nothing was touched. */
    public static final int INVALID_INPUT = 2;
    /** Validation failed: a server setting or a table does not allow the move; nothing was changed. */
    public static final int VALIDATION_FAILED = 3;
    /** The move failed before the cutover's RENAME: the source tables are untouched. */
    public static final int RUNTIME_FAILURE = 4;
    /** The move failed after the RENAME: the printed RENAME statement gives the tables back to the source. */
    public static final int CUTOVER_FAILURE = 5;

    private ExitCodes() {}

    /** The exit code list as shown in {@code --help}. */
    static final String HELP = """
            Exit codes:
              0  done (a dry run validated, or the move completed)
              1  internal error (a bug; please report it with the log)
              2  invalid input (options, URLs, values); nothing was touched
              3  validation failed; nothing was changed on either server
              4  the move failed before the RENAME; the source tables are untouched
              5  the move failed after the RENAME; run the printed RENAME TABLE to undo it""";
}
