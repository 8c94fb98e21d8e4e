package io.tablemover.engine.cli;

/**
 * The exit code list as shown in {@code --help} of every command; the codes themselves are
 * {@link io.tablemover.engine.error.ExitCode}, also listed in docs/cli.md.
 */
final class ExitCodeHelp {
    static final String HELP = """
            Exit codes:
              0  done (a dry run validated, or the move completed)
              1  internal error (a bug; please report it with the log)
              2  invalid input (options, URLs, values); nothing was touched
              3  validation failed; nothing was changed on either server
              4  the move failed before the RENAME; the source tables are untouched
                 (verify: a server failed, or a lagging run left chunks undecided)
              5  the move failed after the RENAME; run the printed RENAME TABLE to undo it
              6  verify: the tables differ (the report names the keys)""";

    private ExitCodeHelp() {}
}
