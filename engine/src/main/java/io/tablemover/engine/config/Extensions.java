package io.tablemover.engine.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The hook, throttle and command-channel settings of one move, kept apart from {@link MoveConfig} so that a move without
 * them (the demo, most tests) just uses {@link #NONE}. Immutable, validated.
 *
 * @param pluginsDir {@code --plugins-dir}: the plugins folder; empty for {@code ${tablemover.home}/plugins}
 * @param hooksPath {@code --hooks-path}: the folder of the {@code tablemover-on-<event>} executables
 *     (the {@code shell} hook of the hooks-shell plugin); empty for no hooks
 * @param hooksTimeout {@code --hooks-timeout-seconds}: how long one hook executable may run (default 60 s)
 * @param hooksStatusInterval {@code --hooks-status-interval}: time between {@code status} events (default 60 s)
 * @param throttleHttpUrl {@code --throttle-http}: the URL the {@code http} throttler (plugin throttle-http) polls
 * @param throttleHttpInterval {@code --throttle-http-interval-millis}: pause between its requests (default 100 ms)
 * @param ignoreHttpErrors {@code --ignore-http-errors}: failed requests do not throttle
 * @param throttleFlagFile {@code --throttle-flag-file}: copy and apply pause while this file exists
 * @param maxLoad {@code --max-load}: copy and apply pause while a source GLOBAL STATUS variable reaches its threshold
 * @param criticalLoad {@code --critical-load}: the run fails (before the RENAME) when a source GLOBAL STATUS
 *     variable reaches its threshold, or hibernates (see {@code criticalLoadHibernate})
 * @param criticalLoadInterval {@code --critical-load-interval-millis}: when not zero, a critical load is checked
 *     again after this long and only a second hit aborts (gh-ost's rule against spikes); default 0: abort at once
 * @param criticalLoadHibernate {@code --critical-load-hibernate-seconds}: when not zero, a critical load pauses
 *     copy and apply (and every throttle check on the source) for this long instead of failing the run; default 0
 * @param throttleControlReplicas {@code --throttle-control-replicas}: replicas whose lag throttles; empty for none
 * @param maxLag {@code --max-lag-millis}: copy and apply pause while a control replica lags at least this much
 *     (default 1500 ms, like gh-ost; replica lag is measured in whole seconds)
 * @param serveSocketFile {@code --serve-socket-file}: the unix domain socket on which the run takes interactive
 *     commands (gh-ost's {@code --serve-socket-file}); empty for none
 * @param serveTcpPort {@code --serve-tcp-port}: the TCP port (1..65535, bound to 127.0.0.1 only) on which the run
 *     takes the same commands (gh-ost's {@code --serve-tcp-port}); empty for none
 * @param hooks {@code --hook} (and {@code hook} in {@code --config}): hooks of any loaded plugin by factory name and
 *     settings, fired after the {@code shell} hook of {@code --hooks-path}, in this order; empty for none
 * @param throttlers {@code --throttler} (and {@code throttler} in {@code --config}): throttlers of any loaded plugin
 *     by factory name and settings, asked after the {@code flag-file} and {@code http} ones, in this order
 */
public record Extensions(
        Optional<Path> pluginsDir,
        Optional<Path> hooksPath,
        Duration hooksTimeout,
        Duration hooksStatusInterval,
        Optional<String> throttleHttpUrl,
        Duration throttleHttpInterval,
        boolean ignoreHttpErrors,
        Optional<Path> throttleFlagFile,
        Optional<LoadThresholds> maxLoad,
        Optional<LoadThresholds> criticalLoad,
        Duration criticalLoadInterval,
        Duration criticalLoadHibernate,
        List<ReplicaAddress> throttleControlReplicas,
        Duration maxLag,
        Optional<Path> serveSocketFile,
        OptionalInt serveTcpPort,
        List<PluginSelection> hooks,
        List<PluginSelection> throttlers) {

    /** Default of {@link #hooksTimeout()}. */
    public static final Duration DEFAULT_HOOKS_TIMEOUT = Duration.ofSeconds(60);
    /** Default of {@link #hooksStatusInterval()}. */
    public static final Duration DEFAULT_HOOKS_STATUS_INTERVAL = Duration.ofSeconds(60);
    /** Default of {@link #throttleHttpInterval()}. */
    public static final Duration DEFAULT_THROTTLE_HTTP_INTERVAL = Duration.ofMillis(100);
    /** Default of {@link #maxLag()}: 1500 ms, gh-ost's default of {@code --max-lag-millis}. */
    public static final Duration DEFAULT_MAX_LAG = Duration.ofMillis(1500);

    /** No hooks, no throttlers, no plugins loaded. */
    public static final Extensions NONE = new Extensions(Optional.empty(), Optional.empty(), DEFAULT_HOOKS_TIMEOUT,
            DEFAULT_HOOKS_STATUS_INTERVAL, Optional.empty(), DEFAULT_THROTTLE_HTTP_INTERVAL, false, Optional.empty(),
            Optional.empty(), Optional.empty(), Duration.ZERO, Duration.ZERO, List.of(), DEFAULT_MAX_LAG,
            Optional.empty(), OptionalInt.empty(), List.of(), List.of());

    /** Every setting but {@code --hook} and {@code --throttler} (none of those). */
    public Extensions(Optional<Path> pluginsDir, Optional<Path> hooksPath, Duration hooksTimeout,
                      Duration hooksStatusInterval, Optional<String> throttleHttpUrl, Duration throttleHttpInterval,
                      boolean ignoreHttpErrors, Optional<Path> throttleFlagFile, Optional<LoadThresholds> maxLoad,
                      Optional<LoadThresholds> criticalLoad, Duration criticalLoadInterval,
                      Duration criticalLoadHibernate, List<ReplicaAddress> throttleControlReplicas, Duration maxLag,
                      Optional<Path> serveSocketFile, OptionalInt serveTcpPort) {
        this(pluginsDir, hooksPath, hooksTimeout, hooksStatusInterval, throttleHttpUrl, throttleHttpInterval,
                ignoreHttpErrors, throttleFlagFile, maxLoad, criticalLoad, criticalLoadInterval, criticalLoadHibernate,
                throttleControlReplicas, maxLag, serveSocketFile, serveTcpPort, List.of(), List.of());
    }

    /** Hooks, the http and the flag-file throttlers only: no load or replica-lag throttling, no command channel. */
    public Extensions(Optional<Path> pluginsDir, Optional<Path> hooksPath, Duration hooksTimeout,
                      Duration hooksStatusInterval, Optional<String> throttleHttpUrl, Duration throttleHttpInterval,
                      boolean ignoreHttpErrors, Optional<Path> throttleFlagFile) {
        this(pluginsDir, hooksPath, hooksTimeout, hooksStatusInterval, throttleHttpUrl, throttleHttpInterval,
                ignoreHttpErrors, throttleFlagFile, Optional.empty(), Optional.empty(), Duration.ZERO, Duration.ZERO,
                List.of(), DEFAULT_MAX_LAG, Optional.empty(), OptionalInt.empty(), List.of(), List.of());
    }

    /** @throws InvalidInputException naming the option whose value is out of range */
    public Extensions {
        Objects.requireNonNull(pluginsDir, "pluginsDir");
        Objects.requireNonNull(hooksPath, "hooksPath");
        Objects.requireNonNull(throttleHttpUrl, "throttleHttpUrl");
        Objects.requireNonNull(throttleFlagFile, "throttleFlagFile");
        Objects.requireNonNull(maxLoad, "maxLoad");
        Objects.requireNonNull(criticalLoad, "criticalLoad");
        throttleControlReplicas = List.copyOf(throttleControlReplicas);
        Objects.requireNonNull(serveSocketFile, "serveSocketFile");
        Objects.requireNonNull(serveTcpPort, "serveTcpPort");
        hooks = List.copyOf(hooks);
        throttlers = List.copyOf(throttlers);
        if (hooksTimeout.toSeconds() < 1 || hooksTimeout.toSeconds() > 86_400) {
            throw new InvalidInputException("--hooks-timeout-seconds must be between 1 and 86400, got " + hooksTimeout.toSeconds());
        }
        if (hooksStatusInterval.toSeconds() < 1) {
            throw new InvalidInputException("--hooks-status-interval must be at least 1 second, got " + hooksStatusInterval.toSeconds());
        }
        if (throttleHttpInterval.toMillis() < 10 || throttleHttpInterval.toMillis() > 60_000) {
            throw new InvalidInputException("--throttle-http-interval-millis must be between 10 and 60000, got "
                    + throttleHttpInterval.toMillis());
        }
        if (throttleHttpUrl.isEmpty() && ignoreHttpErrors) {
            throw new InvalidInputException("--ignore-http-errors needs --throttle-http URL");
        }
        if (criticalLoadInterval.isNegative() || criticalLoadInterval.toMillis() > 3_600_000) {
            throw new InvalidInputException("--critical-load-interval-millis must be between 0 and 3600000, got "
                    + criticalLoadInterval.toMillis());
        }
        if (criticalLoadHibernate.isNegative() || criticalLoadHibernate.toSeconds() > 86_400) {
            throw new InvalidInputException("--critical-load-hibernate-seconds must be between 0 and 86400, got "
                    + criticalLoadHibernate.toSeconds());
        }
        if (criticalLoad.isEmpty() && (!criticalLoadInterval.isZero() || !criticalLoadHibernate.isZero())) {
            throw new InvalidInputException((criticalLoadInterval.isZero() ? "--critical-load-hibernate-seconds"
                    : "--critical-load-interval-millis") + " needs --critical-load, e.g. --critical-load Threads_running=200");
        }
        if (maxLag.toMillis() < 100 || maxLag.toMillis() > 86_400_000) {
            throw new InvalidInputException("--max-lag-millis must be between 100 and 86400000 (gh-ost's minimum is 100),"
                    + " got " + maxLag.toMillis());
        }
        if (serveTcpPort.isPresent() && (serveTcpPort.getAsInt() < 1 || serveTcpPort.getAsInt() > 65_535)) {
            throw new InvalidInputException("--serve-tcp-port must be between 1 and 65535, got " + serveTcpPort.getAsInt());
        }
        if (serveSocketFile.isPresent() && serveSocketFile.get().toString().isBlank()) {
            throw new InvalidInputException("--serve-socket-file needs a path, e.g. /tmp/tablemover.sock");
        }
    }

    /**
     * @return the conditions under which copy and apply pause, one phrase each (e.g. {@code "/tmp/t exists"},
     *     {@code "source Threads_running >= 50"}), for the plan; empty without throttlers
     */
    public List<String> throttleConditions() {
        List<String> c = new ArrayList<>();
        throttleFlagFile.ifPresent(f -> c.add(f + " exists"));
        throttleHttpUrl.ifPresent(u -> c.add("the http throttler says so"));
        throttlers.forEach(t -> c.add("the " + t.name() + " throttler says so"));
        maxLoad.ifPresent(l -> c.add("the source's " + l.toString().replace("=", " >= ").replace(",", " or ")));
        if (!throttleControlReplicas.isEmpty()) {
            c.add("a replica of " + throttleControlReplicas + " lags " + maxLag.toMillis() + " ms or more (or does not replicate)");
        }
        criticalLoad.ifPresent(l -> c.add("the source's " + l.toString().replace("=", " >= ").replace(",", " or ")
                + (criticalLoadHibernate.isZero() ? " (critical: the run then fails"
                        + (criticalLoadInterval.isZero() ? "" : " if it still holds " + criticalLoadInterval.toMillis() + " ms later") + ")"
                        : " (critical: hibernate " + criticalLoadHibernate.toSeconds() + " s)")));
        return c;
    }

    /** @return true if a throttler needs connections to the source or the control replicas */
    public boolean needsServerThrottlers() {
        return maxLoad.isPresent() || criticalLoad.isPresent() || !throttleControlReplicas.isEmpty();
    }

    /** @return true if the run takes interactive commands ({@code --serve-socket-file} or {@code --serve-tcp-port}) */
    public boolean servesCommands() {
        return serveSocketFile.isPresent() || serveTcpPort.isPresent();
    }

    /** @return true if a hook or a throttler comes from a plugin, so the plugins must be loaded */
    public boolean needsPlugins() {
        return hooksPath.isPresent() || throttleHttpUrl.isPresent() || !hooks.isEmpty() || !throttlers.isEmpty();
    }
}
