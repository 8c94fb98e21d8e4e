package io.tablemover.demo.bench;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The bench's application load: a few threads, each on its own connection, running single-row INSERTs,
 * UPDATEs and DELETEs (30/50/20 %) on {@code big} and {@code comp} at a fixed total rate of row writes, in
 * transactions of {@code rowsPerTransaction} statements (1: autocommit). Writes to seeded keys
 * that are gone (deleted earlier) affect 0 rows and still count. Duplicate keys, deadlocks and lock wait timeouts
 * are skipped; "table doesn't exist" (1146, after the cutover's RENAME) is counted as refused; any other error
 * stops that thread and is reported by {@link #failure()}.
 */
final class RateWriter implements AutoCloseable {
    private final String url;
    private final String user;
    private final String password;
    private final String db;
    private final BenchTables tables;
    private final int rate;
    private final int rowsPerTransaction;
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicLong writes = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicReference<String> failure = new AtomicReference<>();
    private volatile boolean running = true;
    private long startNanos;
    private long stopNanos;

    RateWriter(String url, String user, String password, String db, BenchTables tables, int rate, int threadCount,
               int rowsPerTransaction) {
        this.rowsPerTransaction = Math.max(1, rowsPerTransaction);
        this.url = url;
        this.user = user;
        this.password = password;
        this.db = db;
        this.tables = tables;
        this.rate = rate;
        for (int i = 0; i < threadCount; i++) {
            long seed = 7L + i;
            Thread t = new Thread(() -> loop(new Random(seed), threadCount), "bench-writer-" + i);
            t.setDaemon(true);
            threads.add(t);
        }
    }

    RateWriter start() {
        startNanos = System.nanoTime();
        if (rate > 0) {
            threads.forEach(Thread::start);
        }
        return this;
    }

    private void loop(Random r, int threadCount) {
        long interval = 1_000_000_000L * threadCount * rowsPerTransaction / rate;
        try (Connection c = DriverManager.getConnection(url, user, password);
             PreparedStatement bigInsert = c.prepareStatement("INSERT INTO " + db + ".big (account_id, email, status, amount,"
                     + " created_at, note) VALUES (?, ?, 'new', ?, NOW(6), ?)");
             PreparedStatement bigUpdate = c.prepareStatement("UPDATE " + db + ".big SET amount = ?, status = ?, note = ? WHERE id = ?");
             PreparedStatement bigDelete = c.prepareStatement("DELETE FROM " + db + ".big WHERE id = ?");
             PreparedStatement compInsert = c.prepareStatement("INSERT IGNORE INTO " + db + ".comp (tenant_id, item_code, qty, price,"
                     + " updated_at, label, note) VALUES (?, ?, ?, ?, NOW(6), 'written', ?)");
             PreparedStatement compUpdate = c.prepareStatement("UPDATE " + db + ".comp SET qty = ?, price = ?, updated_at = NOW(6)"
                     + " WHERE tenant_id = ? AND item_code = ?");
             PreparedStatement compDelete = c.prepareStatement("DELETE FROM " + db + ".comp WHERE tenant_id = ? AND item_code = ?")) {
            c.setAutoCommit(rowsPerTransaction == 1);
            long next = System.nanoTime();
            while (running) {
                try {
                    for (int row = 0; row < rowsPerTransaction; row++) {
                        int op = r.nextInt(100);
                        if (r.nextBoolean()) {
                            long id = 1 + (long) (r.nextDouble() * tables.bigRows());
                            if (op < 30) {
                                bigInsert.setInt(1, r.nextInt(50_000));
                                bigInsert.setString(2, "w" + r.nextInt(1_000_000) + "@example.com");
                                bigInsert.setBigDecimal(3, BigDecimal.valueOf(r.nextInt(1_000_000), 2));
                                bigInsert.setString(4, "written by the bench writer " + r.nextLong());
                                bigInsert.executeUpdate();
                            } else if (op < 80) {
                                bigUpdate.setBigDecimal(1, BigDecimal.valueOf(r.nextInt(1_000_000), 2));
                                bigUpdate.setString(2, op % 2 == 0 ? "paid" : "closed");
                                bigUpdate.setString(3, "updated " + r.nextLong());
                                bigUpdate.setLong(4, id);
                                bigUpdate.executeUpdate();
                            } else {
                                bigDelete.setLong(1, id);
                                bigDelete.executeUpdate();
                            }
                        } else {
                            Object[] key = BenchTables.compKey((long) (r.nextDouble() * tables.compRows()));
                            if (op < 30) {
                                compInsert.setInt(1, (Integer) key[0]);
                                compInsert.setString(2, "NEW-" + r.nextInt(1_000_000));
                                compInsert.setInt(3, r.nextInt(1000));
                                compInsert.setBigDecimal(4, BigDecimal.valueOf(r.nextInt(100_000), 2));
                                compInsert.setString(5, "inserted " + r.nextLong());
                                compInsert.executeUpdate();
                            } else if (op < 80) {
                                compUpdate.setInt(1, r.nextInt(1000));
                                compUpdate.setBigDecimal(2, BigDecimal.valueOf(r.nextInt(100_000), 2));
                                compUpdate.setInt(3, (Integer) key[0]);
                                compUpdate.setString(4, (String) key[1]);
                                compUpdate.executeUpdate();
                            } else {
                                compDelete.setInt(1, (Integer) key[0]);
                                compDelete.setString(2, (String) key[1]);
                                compDelete.executeUpdate();
                            }
                        }
                    }
                    if (rowsPerTransaction > 1) {
                        c.commit();
                  }
                    writes.addAndGet(rowsPerTransaction);
                } catch (SQLException e) {
                    if (rowsPerTransaction > 1) {
                        try {
                            c.rollback();
                        } catch (SQLException ignored) {
                            // the connection failed: the next statement says so
                        }
                    }
                    int code = e.getErrorCode();
                    if (code == 1146) {
                        refused.incrementAndGet();
                    } else if (code != 1062 && code != 1213 && code != 1205) {
                        failure.compareAndSet(null, "writer stopped: " + e.getMessage());
                        return;
                    }
                }
                next += interval;
                long sleep = next - System.nanoTime();
                if (sleep > 0) {
                    Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
                } else if (-sleep > 1_000_000_000L) {
                    next = System.nanoTime(); // more than 1 s behind: do not burst to catch up
                }
            }
        } catch (SQLException e) {
            failure.compareAndSet(null, "writer could not connect: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the threads and waits for them. */
    void stop() {
        running = false;
        for (Thread t : threads) {
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (stopNanos == 0) {
            stopNanos = System.nanoTime();
        }
    }

    long writes() {
        return writes.get();
    }

    long refused() {
        return refused.get();
    }

    /** @return the first error that stopped a thread, or null */
    String failure() {
        return failure.get();
    }

    /** @return successful writes per second between start and stop */
    double achievedRate() {
        long end = stopNanos == 0 ? System.nanoTime() : stopNanos;
        return writes.get() / Math.max(0.001, (end - startNanos) / 1e9);
    }

    @Override
    public void close() {
        stop();
    }
}
