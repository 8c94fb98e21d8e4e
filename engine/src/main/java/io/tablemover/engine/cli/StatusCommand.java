package io.tablemover.engine.cli;

import io.tablemover.engine.error.ExitCode;
import io.tablemover.engine.config.Endpoint;
import io.tablemover.engine.config.InvalidInputException;
import io.tablemover.engine.mysql.ServerPool;
import io.tablemover.engine.state.Phase;
import io.tablemover.engine.state.ReverseState;
import io.tablemover.engine.state.RunRecord;
import io.tablemover.engine.state.RunStore;
import io.tablemover.engine.state.TableCheckpoint;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code tablemover status --target URL}: the runs stored in a target database, with phase, per-table
 * copy progress, the age of the stream checkpoint (how far behind a stopped run's binlog position is)
 * and the last error. Read-only.
 */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Lists the runs stored in the target database: phase, per-table progress, stream checkpoint age, last error.",
        footer = "%n" + ExitCodeHelp.HELP)
public final class StatusCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--target", required = true, paramLabel = "URL", description = "Target database: jdbc:mysql://HOST:PORT/DB")
    String target;

    @Option(names = "--target-user", paramLabel = "USER", description = "Target user (or target.user in --config)")
    String targetUser;

    @Option(names = "--config", paramLabel = "FILE", description = "Properties file with target.user, target.password")
    java.nio.file.Path config;

    private final Map<String, String> env;

    StatusCommand(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Endpoint endpoint;
        try {
            Passwords passwords = new Passwords(config, env);
            endpoint = Endpoint.parse("--target", target, targetUser != null ? targetUser : passwords.user("target"),
                    passwords.password("target"));
        } catch (InvalidInputException e) {
            err.println("error: " + e.getMessage());
            return ExitCode.INVALID_INPUT.code();
        }
        try (ServerPool pool = new ServerPool("target", endpoint, 2, 5)) {
            pool.probe();
            RunStore store = new RunStore(pool.dsl(), endpoint.database());
            List<RunRecord> runs = store.all();
            if (runs.isEmpty()) {
                out.println("no runs stored in " + endpoint.database());
            }
            LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
            for (RunRecord r : runs) {
                out.println("run " + r.token() + ": " + r.sourceDb() + " -> " + r.targetDb() + ", tables " + r.tables()
                        + ", phase " + r.phase() + ", started " + r.createdAt() + " UTC, last written "
                        + Duration.between(r.updatedAt(), now).toSeconds() + " s ago (stream checkpoint age), by tablemover "
                        + r.version());
                for (TableCheckpoint t : store.tables(r.token())) {
                    out.println("  " + t.table() + ": " + t.rowsCopied() + " rows in " + t.chunksCopied() + " chunks"
                            + (t.done() ? ", copied" : t.lowKey().map(k -> ", copied up to key " + k).orElse(", not started")));
                }
                out.println("  binlog position: " + r.appliedGtid() + r.drainGtid().map(g -> "; drain target " + g).orElse(""));
                if (r.phase().compareTo(Phase.REVERSE) >= 0 && r.phase() != Phase.DONE || r.phase() == Phase.DONE
                        && store.reverse(r.token()).until().isPresent()) {
                    ReverseState rev = store.reverse(r.token());
                    out.println("  reverse stream: applied " + String.join(" | ", rev.positions()) + ", reverse lag "
                            + rev.lagMs().map(l -> l + " ms").orElse("unknown") + " (at the last checkpoint), window ends "
                            + rev.until().map(u -> u + " UTC").orElse("-")
                            + rev.request().map(q -> ", " + q + " requested").orElse(""));
                }
                r.lastError().ifPresent(e -> out.println("  last error: " + e));
            }
            return ExitCode.OK.code();
        } catch (java.sql.SQLException | org.jooq.exception.DataAccessException e) {
            err.println("status failed: cannot read " + endpoint + ": " + e.getMessage().split("\n")[0]);
            return ExitCode.RUNTIME_FAILURE.code();
        }
    }
}
