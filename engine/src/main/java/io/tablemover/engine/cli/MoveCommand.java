package io.tablemover.engine.cli;

import io.tablemover.engine.error.ExitCode;
import io.tablemover.engine.error.MoveException;
import io.tablemover.engine.config.Extensions;
import io.tablemover.engine.config.InvalidInputException;
import io.tablemover.engine.config.LoadThresholds;
import io.tablemover.engine.config.PluginSelection;
import io.tablemover.engine.config.ReplicaAddress;
import io.tablemover.engine.config.MoveConfig;
import io.tablemover.engine.step.MoveListener;
import io.tablemover.engine.step.StopSignal;
import io.tablemover.engine.run.Moves;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code tablemover move}: validate, and with {@code --execute} move the tables and cut over. */
@Command(name = "move", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Moves live tables from a source MySQL server to a target server: copies them in key-ordered chunks"
                    + " while one binlog stream applies every change, then cuts over with one atomic"
                    + " RENAME TABLE t TO _t_del on the source.",
            "Without --execute: validates both servers and prints the plan; changes nothing anywhere.",
            "Passwords come from TABLEMOVER_SOURCE_PASSWORD / TABLEMOVER_TARGET_PASSWORD or --config, never"
                    + " from the command line."},
        footer = "%n" + ExitCodeHelp.HELP)
public class MoveCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin RunOptions run;

    @Mixin MonitoringOptions monitoring;

    @Option(names = "--execute", description = "Do the move; without it, only validate and print the plan")
    boolean execute;

    @Option(names = "--chunk-size", defaultValue = "10000", paramLabel = "ROWS",
            description = "Most rows per copy chunk (default ${DEFAULT-VALUE}); every chunk's size with --chunk-time 0")
    int chunkSize;

    @Option(names = "--chunk-time", defaultValue = "500", paramLabel = "MS",
            description = "Time one copy chunk should take: each table's chunk size adapts to it, from 1000 rows, up to"
                    + " --chunk-size (default ${DEFAULT-VALUE}; 0: fixed chunks of --chunk-size rows)")
    long chunkTimeMs;

    @Option(names = "--chunk-max-bytes", defaultValue = "16777216", paramLabel = "BYTES",
            description = "Bytes per copy chunk: a chunk ends at the first row at which its rows reach this many bytes,"
                    + " so chunks of large rows (BLOBs) stay small; also the bytes one verify repair statement reads"
                    + " (65536..1073741824, default ${DEFAULT-VALUE}, 16 MiB)")
    long chunkMaxBytes;

    @Option(names = "--change-buffer-keys", defaultValue = "100000", paramLabel = "N",
            description = "Changed keys the binlog stream buffers before it waits for the applier (1..10000000,"
                    + " default ${DEFAULT-VALUE})")
    int changeBufferKeys;

    @Option(names = "--copy-threads", defaultValue = "2", paramLabel = "N",
            description = "Chunk workers copying in parallel (default ${DEFAULT-VALUE})")
    int copyThreads;

    @Option(names = "--postpone-cutover-flag-file", paramLabel = "PATH",
            description = "While this file exists, the cutover waits (the copy and binlog apply go on)")
    Path postponeFlag;

    @Option(names = "--cutover-lock-timeout-seconds", defaultValue = "2", paramLabel = "S",
            description = "lock_wait_timeout of the cutover RENAME: the longest an attempt stalls the application's queries"
                    + " on the moved tables (default ${DEFAULT-VALUE})")
    int cutoverLockTimeout;

    @Option(names = "--cutover-retry-timeout-seconds", defaultValue = "3600", paramLabel = "S",
            description = "How long the cutover keeps trying: it waits while a transaction holds a metadata lock on a moved"
                    + " table (naming it) and retries a RENAME that timed out; then the run stops with the source"
                    + " untouched, resumable (default ${DEFAULT-VALUE})")
    int cutoverRetryTimeout;

    @Option(names = "--lock-wait-timeout-seconds", defaultValue = "5", paramLabel = "S",
            description = "innodb_lock_wait_timeout of the source sessions: how long one locking read of the verify repair"
                    + " (the copy and the binlog apply take no source lock) waits for a row lock held by another"
                    + " transaction before it is retried (1..3600, default ${DEFAULT-VALUE})")
    int lockWaitTimeout;

    @Option(names = "--lock-wait-retry-timeout-seconds", defaultValue = "3600", paramLabel = "S",
            description = "How long the verify repair keeps retrying while an application transaction holds"
                    + " a row lock it needs; the status line names the blocker. Then the run stops with the source untouched,"
                    + " resumable (default ${DEFAULT-VALUE})")
    int lockWaitRetryTimeout;

    @Option(names = "--cutover-drain-timeout-seconds", defaultValue = "60", paramLabel = "S",
            description = "How long the drain after the RENAME may take (default ${DEFAULT-VALUE})")
    int drainTimeout;

    @Option(names = "--status-interval-seconds", defaultValue = "10", paramLabel = "S",
            description = "Seconds between status lines (default ${DEFAULT-VALUE})")
    int statusInterval;

    @Option(names = "--checkpoint-interval", defaultValue = "10", paramLabel = "S",
            description = "Seconds between binlog-position checkpoints in the run state on the target; the copy"
                    + " checkpoints every chunk (default ${DEFAULT-VALUE})")
    int checkpointInterval;

    @Option(names = "--skip-verify", description = "Skip the verify phase (the chunked comparison of every table with"
            + " the source before the cutover); the summary then says that nothing was verified")
    boolean skipVerify;

    @Option(names = "--defer-secondary-indexes", description = "Create the target tables without their plain"
            + " (non-unique) secondary indexes and add them, one ALTER TABLE per table, after the copy and before the"
            + " verify: the copy writes less, each index is built in one sorted pass (as Spirit and Vitess do)")
    boolean deferSecondaryIndexes;

    @Option(names = {"--reverify-interval-seconds", "--reverify-interval"}, defaultValue = "3600", paramLabel = "S",
            description = "While the cutover is postponed, verify every table again this often (repairing what"
                    + " differs); 0: never, only on the interactive command verify (default ${DEFAULT-VALUE})")
    long reverifyInterval;

    @Option(names = "--reverse-window", paramLabel = "DURATION", converter = DurationOption.class,
            description = "After the cutover, keep the run alive this long (e.g. 2h, 90m, 1h30m) in phase reverse: a binlog"
                    + " stream from the target(s) applies every change of the moved tables to the source's _t_del tables,"
                    + " so that 'tablemover revert' goes back without losing a write; 'tablemover complete' ends it"
                    + " early (default: off)")
    Duration reverseWindow = Duration.ZERO;

    @Option(names = "--fresh", description = "Start a new run; refused while a run of the same source database,"
            + " target database and tables exists (resume it, or 'tablemover cancel' it)")
    boolean fresh;

    @Option(names = "--plugins-dir", paramLabel = "DIR",
            description = "Plugins folder (default: the plugins folder of the installation); loaded only when"
                    + " --hook, --throttler, --hooks-path, --throttle-http or --sharding-key needs a plugin;"
                    + " 'tablemover plugins' lists what it holds")
    Path pluginsDir;

    @Option(names = "--hook", paramLabel = "NAME[:KEY=VALUE,...]",
            description = "Call the hook of the factory NAME of any loaded plugin at the run's events, created with"
                    + " these settings, e.g. --hook shell:hooks-path=/etc/tablemover/hooks,timeout-seconds=30;"
                    + " repeatable (fired in the order given, after --hooks-path's); or hook[.LABEL]=... in --config")
    List<String> hooks = new java.util.ArrayList<>();

    @Option(names = "--throttler", paramLabel = "NAME[:KEY=VALUE,...]",
            description = "Pause copy and binlog apply while the throttler of the factory NAME of any loaded plugin"
                    + " says so, e.g. --throttler http:url=http://127.0.0.1:15000/throttler/check; repeatable;"
                    + " or throttler[.LABEL]=... in --config")
    List<String> throttlers = new java.util.ArrayList<>();

    @Option(names = "--hooks-path", paramLabel = "DIR",
            description = "Run the executables DIR/tablemover-on-<event>* at the run's events (plugin hooks-shell);"
                    + " a failing before-cut-over hook vetoes the cutover")
    Path hooksPath;

    @Option(names = "--hooks-timeout-seconds", defaultValue = "60", paramLabel = "S",
            description = "How long one hook executable may run before it is killed (default ${DEFAULT-VALUE})")
    int hooksTimeout;

    @Option(names = "--hooks-status-interval", defaultValue = "60", paramLabel = "S",
            description = "Seconds between status hook events (default ${DEFAULT-VALUE})")
    int hooksStatusInterval;

    @Option(names = "--throttle-http", paramLabel = "URL",
            description = "Pause copy and binlog apply while GET URL answers anything but 200, e.g. a Vitess"
                    + " tablet's /throttler/check (plugin throttle-http)")
    String throttleHttp;

    @Option(names = "--throttle-http-interval-millis", defaultValue = "100", paramLabel = "MS",
            description = "Pause between two requests of --throttle-http (default ${DEFAULT-VALUE})")
    int throttleHttpInterval;

    @Option(names = "--ignore-http-errors",
            description = "Failed --throttle-http requests (refused, timed out) do not throttle; HTTP statuses still do")
    boolean ignoreHttpErrors;

    @Option(names = "--throttle-flag-file", paramLabel = "PATH",
            description = "Pause copy and binlog apply while this file exists")
    Path throttleFlagFile;

    @Option(names = "--max-load", paramLabel = "VAR=N,...",
            description = "Pause copy and binlog apply while a GLOBAL STATUS variable of the source reaches its threshold,"
                    + " e.g. Threads_running=50,Threads_connected=500 (checked every second, like gh-ost)")
    String maxLoad;

    @Option(names = "--critical-load", paramLabel = "VAR=N,...",
            description = "Stop the run (before the RENAME; exit code 4, resumable) when a GLOBAL STATUS variable of the"
                    + " source reaches its threshold, e.g. Threads_running=200; after the RENAME it only throttles")
    String criticalLoad;

    @Option(names = "--critical-load-interval-millis", defaultValue = "0", paramLabel = "MS",
            description = "When not 0: on a --critical-load hit, check again after MS and stop only if it still holds"
                    + " (default ${DEFAULT-VALUE}: stop at once)")
    long criticalLoadInterval;

    @Option(names = "--critical-load-hibernate-seconds", defaultValue = "0", paramLabel = "S",
            description = "When not 0: on a --critical-load hit, pause copy and apply for S seconds without querying the"
                    + " source, then check again, instead of stopping (default ${DEFAULT-VALUE})")
    long criticalLoadHibernate;

    @Option(names = "--throttle-control-replicas", paramLabel = "URL,...",
            description = "Replicas whose lag throttles, e.g. jdbc:mysql://replica1:3306,jdbc:mysql://replica2:3306;"
                    + " reached with the source's user and password; stopped replication throttles too")
    String throttleControlReplicas;

    @Option(names = "--max-lag-millis", defaultValue = "1500", paramLabel = "MS",
            description = "Pause copy and binlog apply while a --throttle-control-replicas replica lags this much or more"
                    + " (Seconds_Behind_Source, so whole seconds; default ${DEFAULT-VALUE})")
    long maxLagMillis;

    @Option(names = "--serve-socket-file", paramLabel = "PATH",
            description = "Take interactive commands (status, sup, throttle, no-throttle, unpostpone, panic,"
                    + " verify, chunk-size=N, help) on this unix socket, e.g. echo status | nc -U PATH (like gh-ost)")
    Path serveSocketFile;

    @Option(names = "--serve-tcp-port", paramLabel = "PORT",
            description = "Take the same interactive commands on this TCP port of 127.0.0.1 (like gh-ost)")
    Integer serveTcpPort;

    final Map<String, String> env;
    final MoveListener listener;
    final StopSignal stop;

    MoveCommand(Map<String, String> env, MoveListener listener, StopSignal stop) {
        this.stop = stop;
        this.env = env;
        this.listener = listener;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            Moves.run(config(), extensions(), monitoring.monitoring(), out, listener, stop);
            return ExitCode.OK.code();
        } catch (MoveException e) {
            return Failures.report(e, err, "move failed: ");
        } finally {
            out.flush();
            err.flush();
        }
    }

    MoveConfig config() {
        if (cutoverLockTimeout < 1 || drainTimeout < 1 || statusInterval < 1 || checkpointInterval < 1) {
            throw new InvalidInputException("--cutover-lock-timeout-seconds, --cutover-drain-timeout-seconds,"
                    + " --status-interval-seconds and --checkpoint-interval must be at least 1");
        }
        var source = run.sourceEndpoint(env);
        var sharding = run.sharding(env);
        return new MoveConfig(source, sharding.home(), run.tableNames(), execute, chunkSize,
                copyThreads, Optional.ofNullable(postponeFlag), Duration.ofSeconds(drainTimeout),
                Duration.ofSeconds(cutoverLockTimeout), Duration.ofSeconds(statusInterval),
                Duration.ofSeconds(checkpointInterval), fresh, sharding, Duration.ofSeconds(cutoverRetryTimeout),
                Duration.ofSeconds(lockWaitTimeout), Duration.ofSeconds(lockWaitRetryTimeout), skipVerify,
                deferSecondaryIndexes, Duration.ofMillis(chunkTimeMs), Duration.ofSeconds(reverifyInterval),
                chunkMaxBytes, changeBufferKeys, reverseWindow);
    }

    Extensions extensions() {
        if (throttleHttp != null && throttleHttp.isBlank()) {
            throw new InvalidInputException("--throttle-http needs a URL, e.g. http://127.0.0.1:15000/throttler/check");
        }
        return new Extensions(Optional.ofNullable(pluginsDir), Optional.ofNullable(hooksPath),
                Duration.ofSeconds(hooksTimeout), Duration.ofSeconds(hooksStatusInterval), Optional.ofNullable(throttleHttp),
                Duration.ofMillis(throttleHttpInterval), ignoreHttpErrors, Optional.ofNullable(throttleFlagFile),
                Optional.ofNullable(maxLoad).map(v -> LoadThresholds.parse("--max-load", v)),
                Optional.ofNullable(criticalLoad).map(v -> LoadThresholds.parse("--critical-load", v)),
                Duration.ofMillis(criticalLoadInterval), Duration.ofSeconds(criticalLoadHibernate),
                throttleControlReplicas == null ? List.of()
                        : ReplicaAddress.parseList("--throttle-control-replicas", throttleControlReplicas),
                Duration.ofMillis(maxLagMillis),
                Optional.ofNullable(serveSocketFile),
                serveTcpPort == null ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(serveTcpPort),
                selections("hook", hooks), selections("throttler", throttlers));
    }

    /** @return the --config file's selections of {@code kind}, then the command line's, in the order given */
    private List<PluginSelection> selections(String kind, List<String> fromCommandLine) {
        List<PluginSelection> all = new java.util.ArrayList<>(run.configuredSelections(kind, env));
        fromCommandLine.forEach(text -> all.add(PluginSelection.parse("--" + kind, text)));
        return all;
    }
}
