package io.tablemover.engine.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.tablemover.engine.error.ExitCode;
import io.tablemover.engine.error.Fixes;
import io.tablemover.engine.config.Endpoint;
import io.tablemover.engine.config.TlsMode;
import io.tablemover.engine.config.InvalidInputException;
import io.tablemover.engine.mysql.ServerPool;
import io.tablemover.engine.state.RunStore;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Optional;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code tablemover status --target URL [--source URL] [--format json]}: the runs stored in a target database, with
 * phase, per-table copy and verify progress, the age of the stream checkpoint (how far behind a stopped run's binlog
 * position is), the last applied event's source timestamp and the last error; with {@code --source}, each run's live
 * lag: the transactions the source executed that the run has not applied, and the seconds since the last applied
 * event. As text, or as the JSON document {@link StatusDocument}. Read-only.
 */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Lists the runs stored in the target database: phase, per-table progress, stream checkpoint age,"
                + " last error; with --source also the live lag of each run.",
        footer = "%n" + ExitCodeHelp.HELP)
public final class StatusCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Spec CommandSpec spec;

    @Option(names = "--target", required = true, paramLabel = "URL", description = "Target database: jdbc:mysql://HOST:PORT/DB")
    String target;

    @Option(names = "--target-user", paramLabel = "USER", description = "Target user (or target.user in --config)")
    String targetUser;

    @Option(names = "--source", paramLabel = "URL",
            description = "Source database, jdbc:mysql://HOST:PORT/DB: also show each run's live lag against it")
    String source;

    @Option(names = "--source-user", paramLabel = "USER", description = "Source user (or source.user in --config)")
    String sourceUser;

    @Option(names = "--format", defaultValue = "text", paramLabel = "text|json",
            description = "text (default) or json: the document described in docs/cli.md")
    String format;

    @Mixin TlsOption tls = new TlsOption();

    @Option(names = "--config", paramLabel = "FILE", description = "Properties file with target.user, target.password"
            + " (and source.user, source.password)")
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
        Optional<Endpoint> sourceEndpoint;
        try {
            if (!format.equals("text") && !format.equals("json")) {
                throw new InvalidInputException("--format must be text or json, got '" + format + "'");
            }
            Passwords passwords = new Passwords(config, env);
            TlsMode tls = this.tls.mode();
            endpoint = Endpoint.parse("--target", target, targetUser != null ? targetUser : passwords.user("target"),
                    passwords.password("target")).withTls(tls);
            sourceEndpoint = source == null ? Optional.empty() : Optional.of(Endpoint.parse("--source", source,
                    sourceUser != null ? sourceUser : passwords.user("source"), passwords.password("source")).withTls(tls));
        } catch (InvalidInputException e) {
            err.println("error: " + e.getMessage());
            return ExitCode.INVALID_INPUT.code();
        }
        String reading = endpoint.toString();
        try (ServerPool pool = new ServerPool("target", endpoint, 2, 5);
             ServerPool sourcePool = sourceEndpoint.map(e -> new ServerPool("source", e, 1, 5)).orElse(null)) {
            pool.probe();
            if (sourcePool != null) {
                reading = sourceEndpoint.get().toString();
                sourcePool.probe();
            }
            reading = endpoint.toString();
            StatusDocument doc = StatusReader.read(new RunStore(pool.dsl(), endpoint.database()), endpoint.url(),
                    Optional.ofNullable(sourcePool), source);
            if (format.equals("json")) {
                out.println(JSON.writeValueAsString(doc));
            } else {
                printText(doc, out, endpoint.database());
            }
            return ExitCode.OK.code();
        } catch (java.sql.SQLException | org.jooq.exception.DataAccessException e) {
            err.println("status failed: cannot read " + reading + ": " + e.getMessage().split("\n")[0]);
            return ExitCode.RUNTIME_FAILURE.code();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("the status document cannot be written as JSON", e);
        }
    }

    private static void printText(StatusDocument doc, PrintWriter out, String database) {
        if (doc.runs().isEmpty()) {
            out.println("no runs stored in " + database);
        }
        for (StatusDocument.Run r : doc.runs()) {
            out.println("run " + r.run() + ": " + r.sourceDatabase() + " -> " + r.targetDatabase() + ", tables "
                    + r.tables() + ", phase " + r.phase().toUpperCase(Locale.ROOT) + ", started " + r.startedAt()
                    + ", last written " + r.checkpointAgeSeconds() + " s ago (stream checkpoint age), by tablemover "
                    + r.toolVersion());
            for (StatusDocument.TableCopy t : r.copy()) {
                out.println("  " + t.table() + ": " + t.rowsCopied() + " rows in " + t.chunksCopied() + " chunks"
                        + (t.done() ? ", copied" : t.copiedUpToKey() != null ? ", copied up to key " + t.copiedUpToKey()
                        : ", not started"));
            }
            for (StatusDocument.TableVerify v : r.verify()) {
                out.println("  " + v.table() + ": " + v.rowsCompared() + " rows verified in " + v.chunksCompared()
                        + " chunks, " + v.keysRepaired() + " keys repaired" + (v.done() ? ", verified" : ""));
            }
            out.println("  binlog position: " + r.appliedGtidSet()
                    + (r.drainGtidSet() == null ? "" : "; drain target " + r.drainGtidSet())
                    + (r.lastAppliedEventAt() == null ? "" : "; last applied event " + r.lastAppliedEventAt()));
            StatusDocument.Reverse rev = r.reverse();
            if (rev != null) {
                out.println("  reverse stream: applied " + String.join(" | ", rev.appliedGtidSets()) + ", reverse lag "
                        + (rev.lagMs() == null ? "unknown" : rev.lagMs() + " ms") + " (at the last checkpoint), window ends "
                        + (rev.windowEndsAt() == null ? "-" : rev.windowEndsAt())
                        + (rev.request() == null ? "" : ", " + rev.request() + " requested"));
            }
            StatusDocument.LiveLag lag = r.liveLag();
            if (lag != null) {
                out.println("  live lag: " + (!lag.sameServer() ? "--source is not the server this run streams from"
                        : lag.missingTransactions() + " transactions not applied"
                        + (lag.missingTransactions() == 0 ? "" : " (" + lag.missingGtidSet() + ")")
                        + (lag.secondsSinceLastAppliedEvent() == null ? ""
                        : ", last applied event " + lag.secondsSinceLastAppliedEvent() + " s ago")
                        + "; binlog retention " + (lag.binlogExpireLogsSeconds() == 0 ? "unlimited"
                        : lag.binlogExpireLogsSeconds() + " s") + (lag.positionPurged() ? "; the source has purged"
                        + " binlogs this run needs: it cannot resume; " + Fixes.CANCEL_AND_START_AGAIN : "")));
            }
            if (r.lastError() != null) {
                out.println("  last error: " + r.lastError());
            }
        }
    }
}
