package io.tablemover.engine.throttle;

import io.tablemover.engine.config.Endpoint;
import io.tablemover.engine.config.InvalidInputException;
import io.tablemover.engine.config.LoadThresholds;
import io.tablemover.engine.mysql.ServerPool;
import io.tablemover.engine.sql.ServerStatements;
import io.tablemover.spi.throttle.ThrottleState;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jooq.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The standard {@code max-load} and {@code critical-load} throttler ({@code --max-load}, {@code --critical-load},
 * {@code --critical-load-interval-millis}, {@code --critical-load-hibernate-seconds}), following gh-ost's rules:
 *
 * <ul>
 *   <li>Once per poll interval (1 s, gh-ost's rate) it reads the configured {@code SHOW GLOBAL STATUS} variables of
 *       the <em>source</em> on its own connection (not from the run's pool, so busy copy workers never delay it).</li>
 *   <li>{@code --max-load}: while a variable's value reaches its threshold ({@code value >= threshold}, gh-ost's
 *       comparison) copy and apply pause; the reason names the variable, its value and the threshold.</li>
 *   <li>{@code --critical-load}: when a variable reaches its threshold the run must stop ({@link #abortReason()},
 *       gh-ost "panics"). With {@code --critical-load-interval-millis} &gt; 0 the first hit only schedules a second
 *       reading that long after, and only a second hit stops the run (a short spike does not). With
 *       {@code --critical-load-hibernate-seconds} &gt; 0 a hit never stops the run: copy and apply pause for that
 *       long, during which the source is not queried at all (gh-ost's hibernation), then checks resume. While a
 *       critical reading is current, copy and apply pause too (gh-ost goes on writing until it panics; pausing at
 *       once is the safer choice).</li>
 *   <li>A failed reading (connection lost, ...) throttles with the error as the reason; the next poll reconnects.</li>
 * </ul>
 *
 * <p>Created with {@link #start}, which reads once synchronously so that an unknown or non-numeric variable is
 * invalid input before the run starts. Thread-safe.
 */
public final class SourceLoadThrottler extends PollingThrottler implements RunAborting {
    /** Name of the verdicts of {@code --max-load}. */
    public static final String MAX_LOAD = "max-load";
    /** Name of the verdicts of {@code --critical-load}. */
    public static final String CRITICAL_LOAD = "critical-load";
    /** How often the source is asked: once a second, like gh-ost's general throttle checks. */
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(1);

    private static final Logger log = LoggerFactory.getLogger(SourceLoadThrottler.class);
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

    private final Endpoint source;
    private final Optional<LoadThresholds> maxLoad;
    private final Optional<LoadThresholds> criticalLoad;
    private final Duration criticalInterval;
    private final Duration hibernate;
    private final Set<String> names = new LinkedHashSet<>();
    private volatile Connection connection;
    private volatile String abortReason;
    private volatile long hibernateUntilNanos;
    private long recheckAtNanos;
    private String firstHit;

    private SourceLoadThrottler(Endpoint source, Optional<LoadThresholds> maxLoad, Optional<LoadThresholds> criticalLoad,
                                Duration criticalInterval, Duration hibernate, Duration pollInterval) {
        super("throttle-load", pollInterval, ThrottleState.open(MAX_LOAD));
        this.source = source;
        this.maxLoad = maxLoad;
        this.criticalLoad = criticalLoad;
        this.criticalInterval = criticalInterval;
        this.hibernate = hibernate;
        maxLoad.ifPresent(l -> names.addAll(l.lowerCaseNames()));
        criticalLoad.ifPresent(l -> names.addAll(l.lowerCaseNames()));
    }

    /**
     * Connects to the source, reads the variables once (that reading counts: it may already throttle or stop the
     * run) and starts polling.
     *
     * @param source the source server (its user needs no privilege to read GLOBAL STATUS)
     * @param maxLoad {@code --max-load}, if given
     * @param criticalLoad {@code --critical-load}, if given
     * @param criticalInterval {@code --critical-load-interval-millis}: 0 stops the run at the first hit
     * @param hibernate {@code --critical-load-hibernate-seconds}: 0 stops the run, else it pauses this long
     * @param pollInterval time between two readings (normally {@link #DEFAULT_POLL_INTERVAL})
     * @return the running throttler; the caller closes it
     * @throws InvalidInputException if a variable is unknown to the source or not a number (naming the option)
     * @throws io.tablemover.engine.error.MoveException (exit code 4) if the source's status cannot be read
     */
    public static SourceLoadThrottler start(Endpoint source, Optional<LoadThresholds> maxLoad,
                                            Optional<LoadThresholds> criticalLoad, Duration criticalInterval,
                                            Duration hibernate, Duration pollInterval) {
        if (maxLoad.isEmpty() && criticalLoad.isEmpty()) {
            throw new IllegalArgumentException("neither --max-load nor --critical-load");
        }
        SourceLoadThrottler t = new SourceLoadThrottler(source, maxLoad, criticalLoad, criticalInterval, hibernate, pollInterval);
        Map<String, Long> first;
        try {
            first = t.read(true);
        } catch (SQLException e) {
            t.closeConnections();
            throw new io.tablemover.engine.error.MoveException(io.tablemover.engine.error.ExitCode.RUNTIME_FAILURE,
                    "cannot read the source's GLOBAL STATUS for --max-load/--critical-load: " + oneLine(e),
                    "check the source, then run the same command again", e);
        } catch (RuntimeException e) {
            t.closeConnections();
            throw e;
        }
        t.publish(t.judge(first));
        t.startPolling();
        return t;
    }

    @Override
    String name() {
        return maxLoad.isPresent() ? MAX_LOAD : CRITICAL_LOAD;
    }

    @Override
    public Optional<String> abortReason() {
        return Optional.ofNullable(abortReason);
    }

    @Override
    boolean quiet() {
        return hibernateUntilNanos != 0;
    }

    @Override
    Duration nextPollDelay(Duration interval) {
        long now = System.nanoTime();
        if (hibernateUntilNanos != 0) {
            return Duration.ofNanos(Math.max(1_000_000, hibernateUntilNanos - now));
        }
        if (firstHit != null) {
            return Duration.ofNanos(Math.max(1_000_000, Math.min(interval.toNanos(), recheckAtNanos - now)));
        }
        return interval;
    }

    @Override
    ThrottleState poll() {
        if (hibernateUntilNanos != 0) {
            if (System.nanoTime() - hibernateUntilNanos < 0) {
                return currentHibernation();
            }
            hibernateUntilNanos = 0;
            log.info("critical-load: leaving hibernation, checks resume");
        }
        try {
            return judge(read(false));
        } catch (SQLException | RuntimeException e) {
            closeConnections();
            return ThrottleState.throttled(name(), "cannot read the source's GLOBAL STATUS: " + oneLine(e));
        }
    }

    private ThrottleState currentHibernation() {
        return check();
    }

    /** Decides on one reading; runs on the polling thread (or in {@link #start}). */
    private ThrottleState judge(Map<String, Long> values) {
        long now = System.nanoTime();
        if (criticalLoad.isPresent()) {
            String hit = firstReached(criticalLoad.get(), values);
            if (hit != null) {
                String what = hit + " (--critical-load " + criticalLoad.get() + ")";
                if (!hibernate.isZero()) {
                    hibernateUntilNanos = now + hibernate.toNanos();
                    String until = CLOCK.format(Instant.now().plus(hibernate));
                    log.warn("critical-load met on the source: {}; hibernating {} s, until {} UTC (no queries to the source"
                            + " meanwhile)", what, hibernate.toSeconds(), until);
                    firstHit = null;
                    return ThrottleState.throttled(CRITICAL_LOAD, "hibernating until " + until + " UTC: " + what);
                }
                if (criticalInterval.isZero() || (firstHit != null && now - recheckAtNanos >= 0)) {
                    String again = criticalInterval.isZero() ? "" : ", again " + criticalInterval.toMillis()
                            + " ms after the first hit (" + firstHit + ")";
                    latchAbort("critical load on the source: " + what + again);
                    return ThrottleState.throttled(CRITICAL_LOAD, what + again + "; the run stops");
                }
                if (firstHit == null) {
                    firstHit = hit;
                    recheckAtNanos = now + criticalInterval.toNanos();
                    log.warn("critical-load met once on the source: {}; checking again in {} ms", what,
                            criticalInterval.toMillis());
                }
                return ThrottleState.throttled(CRITICAL_LOAD, what + "; checking again " + criticalInterval.toMillis()
                        + " ms after the first hit");
            }
            if (firstHit != null && now - recheckAtNanos >= 0) {
                log.info("critical-load no longer met {} ms after {}: the run goes on", criticalInterval.toMillis(), firstHit);
                firstHit = null;
            }
        }
        if (maxLoad.isPresent()) {
            String hit = firstReached(maxLoad.get(), values);
            if (hit != null) {
                return ThrottleState.throttled(MAX_LOAD, hit + " on the source (--max-load " + maxLoad.get() + ")");
            }
        }
        return ThrottleState.open(name());
    }

    private void latchAbort(String cause) {
        if (abortReason == null) {
            abortReason = cause + ". The source tables are untouched; run the same command again to resume once the"
                    + " load is down, or raise --critical-load, or set --critical-load-interval-millis (ignore spikes) or"
                    + " --critical-load-hibernate-seconds (pause instead of stopping)";
            log.error("{}", abortReason);
        }
    }

    /** @return {@code "Threads_running=250 >= 200"} for the first variable that reaches its threshold, or null */
    private static String firstReached(LoadThresholds thresholds, Map<String, Long> values) {
        for (Map.Entry<String, Long> t : thresholds.thresholds().entrySet()) {
            Long v = values.get(t.getKey().toLowerCase(Locale.ROOT));
            if (v != null && v >= t.getValue()) {
                return t.getKey() + "=" + v + " >= " + t.getValue();
            }
        }
        return null;
    }

    /**
     * Reads the variables: {@code SHOW GLOBAL STATUS WHERE Variable_name IN (?, ...)}.
     *
     * @param first true at start: a missing or non-numeric variable is then invalid input
     * @return lower-cased name → value
     */
    private Map<String, Long> read(boolean first) throws SQLException {
        if (connection == null) {
            connection = connect(source);
        }
        var result = ServerPool.on(connection).fetch(ServerStatements.showGlobalStatus(names));
        Map<String, Long> values = new LinkedHashMap<>();
        for (Record r : result) {
            String name = r.get(0, String.class).toLowerCase(Locale.ROOT);
            String value = r.get(1, String.class);
            try {
                values.put(name, Long.parseLong(value.trim()));
            } catch (NumberFormatException | NullPointerException e) {
                if (first) {
                    throw new InvalidInputException(optionOf(name) + ": the source's status variable " + r.get(0, String.class)
                            + " is '" + value + "', not a number; use numeric variables such as Threads_running");
                }
            }
        }
        for (String n : names) {
            if (!values.containsKey(n) && first) {
                throw new InvalidInputException(optionOf(n) + ": the source has no GLOBAL STATUS variable '" + n
                        + "' (see SHOW GLOBAL STATUS); use e.g. Threads_running=50");
            }
        }
        return values;
    }

    private String optionOf(String lowerName) {
        return maxLoad.filter(l -> l.threshold(lowerName) != null).map(l -> "--max-load").orElse("--critical-load");
    }

    @Override
    synchronized void closeConnections() {
        closeQuietly(connection);
        connection = null;
    }
}
