package io.tablemover.plugin.hooks.shell;

import io.tablemover.spi.hook.DatabaseEndpoint;
import io.tablemover.spi.hook.HookEvent;
import io.tablemover.spi.hook.RunInfo;
import io.tablemover.spi.hook.RunProgress;
import io.tablemover.spi.hook.VerifyResult;
import java.time.temporal.ChronoUnit;
import io.tablemover.spi.hook.TargetShard;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Collectors;

/**
 * The {@code TABLEMOVER_*} environment variables a hook executable gets. Every variable is always
 * set; a value that is unknown or does not apply to the event is the empty string. No variable
 * ever holds a user name or a password.
 *
 * <table>
 *   <caption>Variables</caption>
 *   <tr><td>{@code TABLEMOVER_EVENT}</td><td>the event, e.g. {@code before-cut-over}</td></tr>
 *   <tr><td>{@code TABLEMOVER_RUN_TOKEN}</td><td>the run's token</td></tr>
 *   <tr><td>{@code TABLEMOVER_SOURCE_HOST}, {@code _PORT}, {@code _DATABASE}</td><td>the source</td></tr>
 *   <tr><td>{@code TABLEMOVER_TARGET_HOST}, {@code _PORT}, {@code _DATABASE}</td><td>the target</td></tr>
 *   <tr><td>{@code TABLEMOVER_TARGETS}</td><td>every target with its key range, comma-joined, each
 *       {@code host:port/database@range} in Vitess notation, the first being the target above, e.g.
 *       {@code 10.0.0.5:3306/app@-80,10.0.0.6:3306/app@80-}; one {@code ...@-} for an unsharded move</td></tr>
 *   <tr><td>{@code TABLEMOVER_TABLES}</td><td>moved tables, comma-joined, e.g. {@code t1,t2}</td></tr>
 *   <tr><td>{@code TABLEMOVER_DEL_TABLES}</td><td>their names after the cutover, e.g. {@code _t1_del,_t2_del}</td></tr>
 *   <tr><td>{@code TABLEMOVER_PHASE}</td><td>engine phase, lower case, e.g. {@code copy}</td></tr>
 *   <tr><td>{@code TABLEMOVER_ROWS_COPIED}, {@code TABLEMOVER_ROWS_ESTIMATED}</td><td>row counts</td></tr>
 *   <tr><td>{@code TABLEMOVER_PROGRESS_PCT}</td><td>copy progress, one decimal, e.g. {@code 42.5}</td></tr>
 *   <tr><td>{@code TABLEMOVER_ELAPSED_SECONDS}</td><td>whole seconds since the start</td></tr>
 *   <tr><td>{@code TABLEMOVER_ETA_SECONDS}</td><td>seconds until the copy is done; empty if unknown</td></tr>
 *   <tr><td>{@code TABLEMOVER_BINLOG_LAG_MILLIS}</td><td>apply lag in ms; empty while no stream runs</td></tr>
 *   <tr><td>{@code TABLEMOVER_DRAIN_GTID_SET}</td><td>GTID set drained to; set from {@code success} on</td></tr>
 *   <tr><td>{@code TABLEMOVER_COMMAND}</td><td>the operator's command; {@code interactive-command} only</td></tr>
 *   <tr><td>{@code TABLEMOVER_LAST_VERIFY_AT}</td><td>when the run's last verification ended (ISO-8601 UTC, e.g.
 *       {@code 2026-11-29T13:44:31Z}); this and the other {@code LAST_VERIFY} variables are empty until one
 *       ended</td></tr>
 *   <tr><td>{@code TABLEMOVER_LAST_VERIFY_ROWS_COMPARED}</td><td>source rows it compared</td></tr>
 *   <tr><td>{@code TABLEMOVER_LAST_VERIFY_DIFFERENCES}</td><td>keys it found different</td></tr>
 *   <tr><td>{@code TABLEMOVER_LAST_VERIFY_KEYS_REPAIRED}</td><td>keys it re-wrote from the source</td></tr>
 *   <tr><td>{@code TABLEMOVER_LAST_VERIFY_PERSISTENT}</td><td>keys still different after their repair</td></tr>
 *   <tr><td>{@code TABLEMOVER_LAST_VERIFY_LONGEST_SOURCE_LOCK_MILLIS}</td><td>longest source lock of its repair,
 *       ms</td></tr>
 *   <tr><td>{@code TABLEMOVER_LAST_VERIFY_KEYS}</td><td>the first differing keys, {@code ; }-joined, each as
 *       {@code table key}, e.g. {@code t 5; t 9999}</td></tr>
 * </table>
 */
final class HookEnvironment {
    /** Prefix of every variable; inherited variables with it are dropped before these are set. */
    static final String PREFIX = "TABLEMOVER_";

    private HookEnvironment() {}

    /** @return the variables for {@code event}, in the documented order */
    static Map<String, String> variables(HookEvent event) {
        RunInfo run = event.run();
        RunProgress p = run.progress();
        Map<String, String> env = new LinkedHashMap<>();
        env.put("TABLEMOVER_EVENT", event.type().eventName());
        env.put("TABLEMOVER_RUN_TOKEN", run.runToken());
        endpoint(env, "SOURCE", run.source());
        endpoint(env, "TARGET", run.target());
        env.put("TABLEMOVER_TARGETS", run.targets().stream().map(TargetShard::toString).collect(Collectors.joining(",")));
        env.put("TABLEMOVER_TABLES", String.join(",", run.tables()));
        env.put("TABLEMOVER_DEL_TABLES", String.join(",", run.delTables()));
        env.put("TABLEMOVER_PHASE", run.phase());
        env.put("TABLEMOVER_ROWS_COPIED", Long.toString(p.rowsCopied()));
        env.put("TABLEMOVER_ROWS_ESTIMATED", Long.toString(p.rowsEstimated()));
        env.put("TABLEMOVER_PROGRESS_PCT", String.format(Locale.ROOT, "%.1f", p.progressPercent()));
        env.put("TABLEMOVER_ELAPSED_SECONDS", Long.toString(p.elapsedSeconds()));
        env.put("TABLEMOVER_ETA_SECONDS", text(p.etaSeconds()));
        env.put("TABLEMOVER_BINLOG_LAG_MILLIS", text(p.binlogLagMillis()));
        env.put("TABLEMOVER_DRAIN_GTID_SET", run.drainGtidSet().orElse(""));
        env.put("TABLEMOVER_COMMAND", event.command().orElse(""));
        Optional<VerifyResult> v = p.lastVerify();
        env.put("TABLEMOVER_LAST_VERIFY_AT", v.map(r -> r.finishedAt().truncatedTo(ChronoUnit.SECONDS).toString()).orElse(""));
        env.put("TABLEMOVER_LAST_VERIFY_ROWS_COMPARED", v.map(r -> Long.toString(r.rowsCompared())).orElse(""));
        env.put("TABLEMOVER_LAST_VERIFY_DIFFERENCES", v.map(r -> Long.toString(r.differencesFound())).orElse(""));
        env.put("TABLEMOVER_LAST_VERIFY_KEYS_REPAIRED", v.map(r -> Long.toString(r.keysRepaired())).orElse(""));
        env.put("TABLEMOVER_LAST_VERIFY_PERSISTENT", v.map(r -> Long.toString(r.persistentDifferences())).orElse(""));
        env.put("TABLEMOVER_LAST_VERIFY_LONGEST_SOURCE_LOCK_MILLIS",
                v.map(r -> Long.toString(r.longestSourceLockMillis())).orElse(""));
        env.put("TABLEMOVER_LAST_VERIFY_KEYS", v.map(r -> String.join("; ", r.differingKeys())).orElse(""));
        return env;
    }

    private static void endpoint(Map<String, String> env, String which, DatabaseEndpoint e) {
        env.put(PREFIX + which + "_HOST", e.host());
        env.put(PREFIX + which + "_PORT", Integer.toString(e.port()));
        env.put(PREFIX + which + "_DATABASE", e.database());
    }

    private static String text(OptionalLong v) {
        return v.isPresent() ? Long.toString(v.getAsLong()) : "";
    }
}
