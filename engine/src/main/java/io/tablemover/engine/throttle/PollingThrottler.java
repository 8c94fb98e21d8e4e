package io.tablemover.engine.throttle;

import io.tablemover.engine.config.Endpoint;
import io.tablemover.engine.mysql.ServerPool;
import io.tablemover.spi.throttle.ThrottleState;
import io.tablemover.spi.throttle.Throttler;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Base of the engine's throttlers that ask a MySQL server: one daemon thread polls every interval and publishes a
 * verdict; {@link #check()} returns it without I/O (the SPI's rule). A verdict older than {@link #STALE_AFTER}
 * (the poll hangs: a server that stopped answering) throttles, fail safe.
 */
abstract class PollingThrottler implements Throttler {
    /** A published verdict older than this (15 s) throttles: the server stopped answering. */
    static final Duration STALE_AFTER = Duration.ofSeconds(15);
    /** Socket timeout of a poll's statement (5 s). */
    static final int NETWORK_TIMEOUT_MS = 5_000;

    private static final Logger log = LoggerFactory.getLogger(PollingThrottler.class);

    private final String threadName;
    private final Duration interval;
    private volatile ThrottleState verdict;
    private volatile long publishedAt = System.nanoTime();
    private volatile boolean closed;
    private Thread thread;

    PollingThrottler(String threadName, Duration interval, ThrottleState initial) {
        this.threadName = threadName;
        this.interval = interval;
        this.verdict = initial;
    }

    /** Starts the polling thread; the first poll happens one interval from now. */
    final void startPolling() {
        thread = new Thread(this::loop, threadName);
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        while (!closed) {
            try {
                Thread.sleep(Math.max(1, nextPollDelay(interval).toMillis()));
                if (!closed) {
                    publish(poll());
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                publish(ThrottleState.throttled(name(), "the " + name() + " check failed: " + e));
                log.warn("{} check failed", name(), e);
            }
        }
    }

    /** @return the throttler's name, shown in throttle states */
    abstract String name();

    /** Asks the server(s) once, on the polling thread; may block; @return the new verdict */
    abstract ThrottleState poll() throws InterruptedException;

    /** @return how long to wait before the next poll; default: the interval */
    Duration nextPollDelay(Duration interval) {
        return interval;
    }

    /** @return true if a stale verdict is expected now (e.g. hibernating), so it must not be replaced */
    boolean quiet() {
        return false;
    }

    final void publish(ThrottleState state) {
        verdict = state;
        publishedAt = System.nanoTime();
    }

    @Override
    public ThrottleState check() {
        ThrottleState v = verdict;
        long age = System.nanoTime() - publishedAt;
        if (!quiet() && age > STALE_AFTER.toNanos() + interval.toNanos()) {
            return ThrottleState.throttled(name(), "no answer for " + age / 1_000_000_000L + " s (last: "
                    + (v.throttled() ? v.reason() : "not throttled") + ")");
        }
        return v;
    }

    @Override
    public void close() {
        closed = true;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        closeConnections();
    }

    /** Closes the throttler's connections (after the polling thread stopped). */
    abstract void closeConnections();

    /**
     * Opens a connection with tablemover's driver settings and a 5 s network timeout.
     *
     * @throws SQLException the driver's error
     */
    static Connection connect(Endpoint endpoint) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", endpoint.user());
        props.setProperty("password", endpoint.password());
        Connection c = DriverManager.getConnection(ServerPool.jdbcUrl(endpoint), props);
        c.setNetworkTimeout(Runnable::run, NETWORK_TIMEOUT_MS);
        return c;
    }

    static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // the connection is gone anyway
            }
        }
    }

    /** @return the first line of an error's message, for a one-line reason */
    static String oneLine(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t && !(t instanceof SQLException)) {
            t = t.getCause();
        }
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return m.split("\n")[0];
    }
}
