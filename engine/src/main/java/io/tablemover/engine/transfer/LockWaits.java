package io.tablemover.engine.transfer;

import com.mysql.cj.jdbc.JdbcConnection;
import io.tablemover.engine.mysql.ServerPool;
import io.tablemover.engine.sql.RowLockWaits;
import io.tablemover.engine.sql.Session;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Comparator;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the transfers wait for row locks that other transactions hold on the source. A locking read waits at most
 * the sessions' {@code innodb_lock_wait_timeout}; then ({@link #timedOut}) the transfer rolls back, pauses 1 s so that
 * the application gets the rows it had locked, and tries again, until {@code retryTimeout} has passed since the
 * transfer began: then it fails with a {@link RowLockWaitException} (exit code 4) naming the blocker.
 *
 * <p>While a locking read runs longer than half the lock wait timeout (at most 1 s), a watcher looks up, once per
 * such interval, who holds the lock it waits for ({@link RowLockWaits}); {@link #note()} puts the longest wait and its
 * blocker into the status line. Thread-safe: every copy worker and the applier share one instance.
 */
public final class LockWaits {
    private static final Logger log = LoggerFactory.getLogger(LockWaits.class);
    private static final long PAUSE_MS = 1_000;

    private final ServerPool source;
    private final Duration retryTimeout;
    private final long watchDelayMs;
    private final Set<Wait> waiting = ConcurrentHashMap.newKeySet();
    private final ScheduledThreadPoolExecutor watcher;

    /**
     * @param source where the transfers read and where the blockers are looked up
     * @param lockWaitTimeout the source sessions' {@code innodb_lock_wait_timeout}
     * @param retryTimeout how long a transfer keeps retrying lock wait timeouts before it fails
     */
    public LockWaits(ServerPool source, Duration lockWaitTimeout, Duration retryTimeout) {
        this.source = source;
        this.retryTimeout = retryTimeout;
        this.watchDelayMs = Math.max(100, Math.min(1_000, lockWaitTimeout.toMillis() / 2));
        this.watcher = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "lock-wait-watcher");
            t.setDaemon(true);
            return t;
        });
        watcher.setRemoveOnCancelPolicy(true);
        watcher.setKeepAliveTime(10, TimeUnit.SECONDS);
        watcher.allowCoreThreadTimeOut(true); // no thread while nothing is watched
    }

    /** A watch of one locking read; closing it stops the watch (never throws). */
    interface Watch extends AutoCloseable {
        @Override
        void close();
    }

    /** One transfer (all its attempts): what waits, since when, for whom. */
    final class Wait {
        final String what;
        final String table;
        final long startNanos = System.nanoTime();
        volatile long waitingSinceNanos;
        volatile int timeouts;
        volatile Session blocker;
        volatile String lookupFailure;
        volatile boolean ended;

        Wait(String what, String table) {
            this.what = what;
            this.table = table;
        }

        /**
         * Watches one locking read on {@code connection} until the returned handle is closed.
         *
         * @return the watch, to close when the read returned
         */
        Watch watch(Connection connection) {
            long id;
            try {
                id = connection.unwrap(JdbcConnection.class).getId();
            } catch (SQLException e) {
                return () -> { };
            }
            long attemptStart = System.nanoTime();
            Future<?> f = watcher.scheduleWithFixedDelay(() -> lookUp(this, id, attemptStart), watchDelayMs, watchDelayMs,
                    TimeUnit.MILLISECONDS);
            return () -> f.cancel(false);
        }
    }

    /**
     * @param what {@code copy} or {@code binlog apply}
     * @param table the source table, {@code db.name}
     * @return the wait state of a transfer starting now; {@link #end} it when the transfer ends
     */
    Wait begin(String what, String table) {
        return new Wait(what, table);
    }

    /** The transfer ended (done or failed): it waits no more. */
    void end(Wait wait) {
        wait.ended = true;
        waiting.remove(wait);
    }

    /**
     * A locking read of {@code wait}'s transfer timed out (error 1205). Pauses before the next attempt.
     *
     * @throws RowLockWaitException once {@code retryTimeout} has passed since the transfer began
     * @throws TransferException if interrupted while pausing
     */
    void timedOut(Wait wait, SQLException timeout) {
        long now = System.nanoTime();
        if (wait.waitingSinceNanos == 0) {
            wait.waitingSinceNanos = wait.startNanos;
        }
        waiting.add(wait);
        int n = ++wait.timeouts;
        long waitedSeconds = (now - wait.startNanos) / 1_000_000_000L;
        if (now - wait.startNanos >= retryTimeout.toNanos()) {
            throw new RowLockWaitException(wait.what, wait.table, waitedSeconds, heldBy(wait), wait.blocker, timeout);
        }
        if (n == 1) {
            log.warn("{} of {} waits for a row lock held by {}; retrying for up to {} s (--lock-wait-retry-timeout-seconds)",
                    wait.what, wait.table, heldBy(wait), retryTimeout.toSeconds());
        } else {
            log.debug("{} of {}: lock wait timeout {} after {} s, retrying", wait.what, wait.table, n, waitedSeconds);
        }
        pause(PAUSE_MS, wait.table);
    }

    /**
     * Sleeps before a transfer's next attempt.
     *
     * @param ms milliseconds
     * @param table the transfer's table, for the message
     * @throws TransferException if interrupted (the run stops)
     */
    static void pause(long ms, String table) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransferException("interrupted while retrying a transfer of " + table, e);
        }
    }

    /**
     * @return for the status line: the transfer that has waited longest for a row lock, e.g. {@code copy waits 12 s
     *     for a row lock on db.t held by connection 12 (app@10.0.0.5, transaction open 40 s, idle 39 s)}; empty while
     *     nothing waits
     */
    public Optional<String> note() {
        Optional<Wait> longest = waiting.stream().min(Comparator.comparingLong(w -> w.waitingSinceNanos));
        return longest.map(w -> w.what + " waits " + (System.nanoTime() - w.waitingSinceNanos) / 1_000_000_000L
                + " s for a row lock on " + w.table + " held by " + heldBy(w)
                + (waiting.size() > 1 ? " (" + (waiting.size() - 1) + " more waiting)" : ""));
    }

    private static String heldBy(Wait w) {
        Session b = w.blocker;
        if (b != null) {
            return b.describe();
        }
        return "a transaction not found in performance_schema.data_lock_waits"
                + (w.lookupFailure == null ? "" : " (" + w.lookupFailure + ")");
    }

    private void lookUp(Wait wait, long connectionId, long attemptStart) {
        try {
            Optional<Session> b = RowLockWaits.blocking(source.dsl(), connectionId);
            if (b.isPresent()) {
                wait.blocker = b.get();
                if (wait.waitingSinceNanos == 0) {
                    wait.waitingSinceNanos = attemptStart;
                }
                waiting.add(wait);
                if (wait.ended) {
                    waiting.remove(wait); // the transfer ended while this lookup ran
                }
            }
        } catch (RuntimeException e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().split("\n")[0];
            if (wait.lookupFailure == null) {
                log.debug("cannot look up who holds the row lock {} waits for: {}", wait.table, why);
            }
            wait.lookupFailure = why;
        }
    }
}
