package io.tablemover.demo.bench;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/**
 * An application's single-row {@code UPDATE big SET amount = ? WHERE id = ?} (random seeded id, autocommit) at a
 * fixed rate on one connection, timing each statement. Only statements started while {@code recording} says yes are
 * kept (e.g. only during the move's copy phase). Errors after the cutover's RENAME (1146) are ignored.
 */
final class LatencyProbe implements AutoCloseable {
    private final Thread thread;
    private final List<Long> micros = Collections.synchronizedList(new ArrayList<>());
    private final AtomicReference<String> failure = new AtomicReference<>();
    private volatile boolean running = true;

    LatencyProbe(String url, String user, String password, String db, long rows, int rate, BooleanSupplier recording) {
        thread = new Thread(() -> {
            Random r = new Random(99);
            long interval = 1_000_000_000L / Math.max(1, rate);
            try (Connection c = DriverManager.getConnection(url, user, password);
                 PreparedStatement ps = c.prepareStatement("UPDATE " + db + ".big SET amount = ? WHERE id = ?")) {
                long next = System.nanoTime();
                while (running) {
                    ps.setBigDecimal(1, BigDecimal.valueOf(r.nextInt(1_000_000), 2));
                    ps.setLong(2, 1 + (long) (r.nextDouble() * rows));
                    boolean keep = recording.getAsBoolean();
                    long t0 = System.nanoTime();
                    try {
                        ps.executeUpdate();
                        if (keep) {
                            micros.add((System.nanoTime() - t0) / 1000);
                        }
                    } catch (SQLException e) {
                        if (e.getErrorCode() != 1146) {
                            failure.compareAndSet(null, "latency probe stopped: " + e.getMessage());
                            return;
                        }
                    }
                    next += interval;
                    long sleep = next - System.nanoTime();
                    if (sleep > 0) {
                        Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
                    }
                }
            } catch (SQLException e) {
                failure.compareAndSet(null, "latency probe could not connect: " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "bench-latency-probe");
        thread.setDaemon(true);
    }

    LatencyProbe start() {
        thread.start();
        return this;
    }

    void stop() {
        running = false;
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** @return the number of timed statements */
    int samples() {
        return micros.size();
    }

    /** @return the given percentile (0..100) of the kept latencies in ms, or -1 without samples */
    double percentileMs(double p) {
        List<Long> sorted;
        synchronized (micros) {
            sorted = new ArrayList<>(micros);
        }
        if (sorted.isEmpty()) {
            return -1;
        }
        Collections.sort(sorted);
        int idx = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, idx))) / 1000.0;
    }

    String failure() {
        return failure.get();
    }

    @Override
    public void close() {
        stop();
    }
}
