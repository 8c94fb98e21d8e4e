package io.tablemover.engine.plugin;

import io.tablemover.engine.throttle.RunAborting;
import io.tablemover.engine.throttle.ThrottleAbortException;
import io.tablemover.spi.throttle.ThrottleState;
import io.tablemover.spi.throttle.Throttler;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Combines the run's throttlers into one verdict that the copy workers and the applier consult
 * before each chunk or batch. It keeps the SPI's promise to throttlers: {@link Throttler#check()}
 * is called serially and at most once per check interval; in between the cached verdict is
 * returned.
 *
 * <p>The verdict is the first throttled state in the throttlers' order, else "not throttled". A
 * throttler that throws or returns null counts as throttling (fail safe), with the error as the
 * reason. Changes of the verdict are logged (info).
 *
 * <p>A throttler that also implements {@link RunAborting} (the engine's {@code critical-load}) can ask the run
 * to stop: {@link #checkAbort()}, which the run calls while it copies and waits for its cutover.
 *
 * <p>Each throttler runs ({@link Throttler#check()}, {@link Throttler#close()}) with its plugin's class loader as
 * the thread's context class loader ({@link ThreadContextClassLoader}).
 *
 * <p>Thread-safe: {@link #state()} is synchronized and fast; {@link #awaitOpen()} sleeps outside
 * the lock.
 */
public final class ThrottleGate implements AutoCloseable {
    /** Default check interval. */
    public static final Duration DEFAULT_CHECK_INTERVAL = Duration.ofMillis(100);

    private static final Logger log = LoggerFactory.getLogger(ThrottleGate.class);
    private static final ThrottleState OPEN = ThrottleState.open("none");

    private final Map<String, Throttler> throttlers;
    private final Map<String, ClassLoader> loaders = new LinkedHashMap<>();
    private final long intervalNanos;
    private final LongSupplier nanoTime;
    private ThrottleState cached = OPEN;
    private long checkedAt;
    private boolean checkedOnce;

    /**
     * Throttlers that each run with the class loader of their own class as context class loader (for a plugin's
     * throttler, the loader of the plugin that defined that class).
     *
     * @param throttlers the run's throttlers by the name to show (e.g. {@code "http"}), in
     *     checking order; the gate owns them and closes them
     * @param checkInterval how often the throttlers are asked, at least 1 ms (e.g. 100 ms)
     * @throws IllegalArgumentException if {@code checkInterval} is below 1 ms
     */
    public ThrottleGate(Map<String, Throttler> throttlers, Duration checkInterval) {
        this(throttlers, Map.of(), checkInterval, System::nanoTime);
    }

    /**
     * @param throttlers the run's throttlers by the name to show (e.g. {@code "http"}), in
     *     checking order; the gate owns them and closes them
     * @param loaders by the same names, the class loader of the plugin each throttler came from
     *     ({@link PluginRegistry#throttlerLoader}); a throttler not named here gets the loader of its class
     * @param checkInterval how often the throttlers are asked, at least 1 ms (e.g. 100 ms)
     * @throws IllegalArgumentException if {@code checkInterval} is below 1 ms
     * @throws NullPointerException if a throttler or a loader is null
     */
    public ThrottleGate(Map<String, Throttler> throttlers, Map<String, ClassLoader> loaders, Duration checkInterval) {
        this(throttlers, loaders, checkInterval, System::nanoTime);
    }

    ThrottleGate(Map<String, Throttler> throttlers, Duration checkInterval, LongSupplier nanoTime) {
        this(throttlers, Map.of(), checkInterval, nanoTime);
    }

    private ThrottleGate(Map<String, Throttler> throttlers, Map<String, ClassLoader> loaders, Duration checkInterval,
                         LongSupplier nanoTime) {
        if (checkInterval.toMillis() < 1) {
            throw new IllegalArgumentException("check interval must be at least 1 ms, got " + checkInterval);
        }
        this.throttlers = new LinkedHashMap<>(throttlers);
        this.throttlers.forEach((name, t) -> this.loaders.put(name, Objects.requireNonNull(
                loaders.containsKey(name) ? loaders.get(name) : ThreadContextClassLoader.definingLoader(t),
                "class loader of throttler " + name)));
        this.intervalNanos = checkInterval.toNanos();
        this.nanoTime = nanoTime;
    }

    /** @return a gate without throttlers: never throttled */
    public static ThrottleGate none() {
        return new ThrottleGate(Map.of(), DEFAULT_CHECK_INTERVAL);
    }

    /**
     * @return the current verdict: asks the throttlers if the check interval has passed since
     *     they were last asked, else returns the cached one; never null
     */
    public synchronized ThrottleState state() {
        long now = nanoTime.getAsLong();
        if (throttlers.isEmpty() || (checkedOnce && now - checkedAt < intervalNanos)) {
            return cached;
        }
        checkedOnce = true;
        checkedAt = now;
        ThrottleState verdict = OPEN;
        for (Map.Entry<String, Throttler> t : throttlers.entrySet()) {
            ThrottleState s;
            try (ThreadContextClassLoader ignored = new ThreadContextClassLoader(loaders.get(t.getKey()))) {
                s = t.getValue().check();
                if (s == null) {
                    s = ThrottleState.throttled(t.getKey(), "the throttler returned no state (a plugin bug)");
                }
            } catch (RuntimeException | LinkageError e) {
                s = ThrottleState.throttled(t.getKey(), "the throttler failed (a plugin bug): " + e);
            }
            if (s.throttled()) {
                verdict = s;
                break;
            }
        }
        if (verdict.throttled() != cached.throttled() || !verdict.reason().equals(cached.reason())) {
            if (verdict.throttled()) {
                log.info("{}", verdict);
            } else {
                log.info("throttling ended");
            }
        }
        cached = verdict;
        return verdict;
    }

    /**
     * Adds a throttler after the gate was made (the engine's load and lag throttlers start once the servers are
     * known); it is checked after the others and closed with the gate, with the loader of its class as context class
     * loader.
     *
     * @param name the name to show, e.g. {@code "max-load"}; a name already used is refused
     */
    public synchronized void add(String name, Throttler throttler) {
        if (throttlers.containsKey(name)) {
            throw new IllegalArgumentException("a throttler named " + name + " exists");
        }
        ClassLoader loader = ThreadContextClassLoader.definingLoader(throttler);
        throttlers.put(name, throttler);
        loaders.put(name, loader);
        checkedOnce = false; // ask the new one at the next state()
    }

    /**
     * Fails the run if a throttler asked it to stop ({@link RunAborting}); fast, no I/O.
     *
     * @throws ThrottleAbortException with the throttler's one-line reason
     */
    public synchronized void checkAbort() {
        for (Throttler t : throttlers.values()) {
            if (t instanceof RunAborting a) {
                Optional<String> reason = a.abortReason();
                if (reason.isPresent()) {
                    throw new ThrottleAbortException(reason.get());
                }
            }
        }
    }

    /** @return true if {@link #state()} is throttled */
    public boolean throttled() {
        return state().throttled();
    }

    /**
     * Blocks while the verdict is throttled, re-checking once per check interval.
     *
     * @throws InterruptedException if the thread is interrupted while waiting (e.g. the run stops)
     */
    public void awaitOpen() throws InterruptedException {
        while (state().throttled()) {
            Thread.sleep(Math.max(1, intervalNanos / 1_000_000));
        }
    }

    /** Closes every throttler; errors are logged. */
    @Override
    public synchronized void close() {
        for (Map.Entry<String, Throttler> t : throttlers.entrySet()) {
            try (ThreadContextClassLoader ignored = new ThreadContextClassLoader(loaders.get(t.getKey()))) {
                t.getValue().close();
            } catch (RuntimeException e) {
                log.warn("throttler {} failed to close: {}", t.getKey(), e.toString());
            }
        }
    }
}
