package io.tablemover.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.jooq.DSLContext;
import org.jooq.exception.DataAccessException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A concurrent write load on the source, at a target rate, by a few threads each running
 * {@link DemoSchema#randomWrite} with autocommit. Duplicate-key errors (random keys collide), deadlocks and lock
 * wait timeouts are skipped; "table doesn't exist" (1146) — the cutover's RENAME — is counted as refused writes, the
 * intended signal for applications to switch. Any other error stops the load and is reported.
 */
public final class Workload implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Workload.class);

    private final DemoSchema schema;
    private final DSLContext dsl;
    private final int writesPerSecond;
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicLong writes = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private volatile boolean running = true;
    private volatile RuntimeException failure;
    private long startedNanos;
    private long stoppedNanos;

    /**
     * @param writesPerSecond target rate over all threads
     * @param threads writer threads
     */
    public Workload(DemoSchema schema, DSLContext dsl, int writesPerSecond, int threads) {
        this.schema = schema;
        this.dsl = dsl;
        this.writesPerSecond = writesPerSecond;
        for (int i = 0; i < threads; i++) {
            long seed = 1000L + i;
            Thread t = new Thread(() -> loop(new Random(seed), threads), "workload-" + i);
            t.setDaemon(true);
            this.threads.add(t);
        }
    }

    /** Starts the writer threads. */
    public Workload start() {
        startedNanos = System.nanoTime();
        threads.forEach(Thread::start);
        return this;
    }

    private void loop(Random random, int threadCount) {
        long intervalNanos = 1_000_000_000L * threadCount / Math.max(1, writesPerSecond);
        long next = System.nanoTime();
        while (running) {
            try {
                schema.randomWrite(dsl, random);
                writes.incrementAndGet();
            } catch (DataAccessException e) {
                int code = e.getCause(java.sql.SQLException.class) == null ? 0
                        : e.getCause(java.sql.SQLException.class).getErrorCode();
                if (code == 1062 || code == 1213 || code == 1205) {
                    // a random key collided, or a deadlock / lock wait timeout: skip this write
                } else if (code == 1146) {
                    refused.incrementAndGet();
                } else {
                    failure = e;
                    log.error("workload stopped: {}", e.getMessage());
                    return;
                }
            }
            next += intervalNanos;
            long sleep = next - System.nanoTime();
            if (sleep > 0) {
                try {
                    Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
                } catch (InterruptedException e) {
                    return;
                }
            } else if (-sleep > 1_000_000_000L) {
                next = System.nanoTime();
            }
        }
    }

    /** Stops the writers and waits for them. */
    public void stop() {
        running = false;
        for (Thread t : threads) {
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (stoppedNanos == 0) {
            stoppedNanos = System.nanoTime();
        }
    }

    /** @return successful writes so far */
    public long writes() {
        return writes.get();
    }

    /** @return writes refused because the table was renamed away (after the cutover's RENAME) */
    public long refused() {
        return refused.get();
    }

    /** @return successful writes per second between start and stop (or now) */
    public double writesPerSecond() {
        long end = stoppedNanos == 0 ? System.nanoTime() : stoppedNanos;
        return writes.get() / Math.max(0.001, (end - startedNanos) / 1e9);
    }

    /** @throws RuntimeException the error that stopped the load, if any */
    public void checkFailure() {
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public void close() {
        stop();
    }
}
