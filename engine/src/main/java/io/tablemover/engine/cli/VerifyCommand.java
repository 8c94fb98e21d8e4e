package io.tablemover.engine.cli;

import io.tablemover.engine.config.InvalidInputException;
import io.tablemover.engine.config.Sharding;
import io.tablemover.engine.error.ExitCode;
import io.tablemover.engine.error.MoveException;
import io.tablemover.engine.run.Verifies;
import io.tablemover.engine.verify.VerifyReport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tablemover verify}: compares live tables of the source with the target(s) without a run, read-only unless
 * {@code --repair}, and prints a per-table report (text or JSON). Exit code 0 when equal, 6 when they differ, 4 when
 * nothing differed but a run in progress lagged so that some chunks are undecided.
 */
@Command(name = "verify", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Compares the tables named by --tables on the source and the target(s), chunk by chunk (row count"
                + " and digest computed on each server, then key by key where they differ), and prints what differs:"
                + " rows missing, extra or different per target, and the first --max-keys keys in full.",
            "Reads only, creates nothing, unless --repair. Takes the options of move that name the servers and tables"
                + " (the sharded form too). Passwords come from TABLEMOVER_SOURCE_PASSWORD /"
                + " TABLEMOVER_TARGET_PASSWORD or --config.",
            "Exit code 0: the tables are equal; 6: they differ; 4: a run in progress lagged, some chunks are"
                + " undecided (and nothing differed)."},
        footer = "%n" + ExitCodeHelp.HELP)
public final class VerifyCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin RunOptions run;

    @Option(names = "--source-suffix", paramLabel = "SUFFIX",
            description = "Compare target table t with the source table _t<SUFFIX>, the cutover's naming: after a"
                    + " cutover, --source-suffix _del compares t with _t_del")
    String sourceSuffix;

    @Option(names = "--repair", description = "Write the source's rows of the differing keys into the target(s) (never"
            + " the other way), then compare those keys again")
    boolean repair;

    @Option(names = "--max-keys", defaultValue = "10", paramLabel = "N",
            description = "Mismatched keys listed in full per table (0..100000, default ${DEFAULT-VALUE})")
    int maxKeys;

    @Option(names = "--report-format", defaultValue = "text", paramLabel = "FORMAT",
            description = "text or json (default ${DEFAULT-VALUE})")
    String reportFormat;

    @Option(names = "--chunk-size", defaultValue = "10000", paramLabel = "ROWS",
            description = "Rows per compared chunk (1..1000000, default ${DEFAULT-VALUE})")
    int chunkSize;

    @Option(names = "--run-catch-up-timeout-seconds", defaultValue = "60", paramLabel = "S",
            description = "Beside a run in progress: how long to wait, after a chunk differed, until the run's stored"
                    + " stream position holds what the source has committed (1..3600, default ${DEFAULT-VALUE}); a"
                    + " chunk still differing when the run did not catch up is undecided, not a difference")
    long runCatchUpSeconds;

    @Option(names = "--plugins-dir", paramLabel = "DIR",
            description = "Plugins folder (default: the installation's); loaded only for --sharding-key")
    Path pluginsDir;

    private final Map<String, String> env;

    VerifyCommand(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            boolean json = switch (reportFormat) {
                case "text" -> false;
                case "json" -> true;
                default -> throw new InvalidInputException("--report-format must be text or json, not " + reportFormat);
            };
            if (maxKeys < 0 || maxKeys > 100_000 || chunkSize < 1 || chunkSize > 1_000_000) {
                throw new InvalidInputException("--max-keys must be 0..100000 and --chunk-size 1..1000000");
            }
            if (runCatchUpSeconds < 1 || runCatchUpSeconds > 3600) {
                throw new InvalidInputException("--run-catch-up-timeout-seconds must be 1..3600, got " + runCatchUpSeconds);
            }
            if (sourceSuffix != null && sourceSuffix.isEmpty()) {
                throw new InvalidInputException("--source-suffix needs a suffix, e.g. _del");
            }
            Sharding sharding = run.sharding(env);
            List<String> tables = run.tableNames();
            sharding.checkTables(tables);
            VerifyReport report = Verifies.run(new Verifies.Request(run.sourceEndpoint(env), sharding, tables,
                    sourceSuffix, repair, chunkSize, maxKeys, pluginsDir, java.time.Duration.ofSeconds(runCatchUpSeconds)));
            if (json) {
                VerifyReportPrinter.json(report, out);
            } else {
                VerifyReportPrinter.text(report, out);
            }
            return report.equal() ? ExitCode.OK.code()
                    : report.differ() ? ExitCode.TABLES_DIFFER.code() : ExitCode.RUNTIME_FAILURE.code();
        } catch (MoveException e) {
            return Failures.report(e, err, "verify failed: ");
        } catch (SQLException | org.jooq.exception.DataAccessException | io.tablemover.engine.transfer.TransferException
                 | io.tablemover.engine.shard.RoutingException e) {
            err.println("verify failed: " + String.valueOf(e.getMessage()).split("\n")[0]);
            return ExitCode.RUNTIME_FAILURE.code();
        } finally {
            out.flush();
            err.flush();
        }
    }
}
