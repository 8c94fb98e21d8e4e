package io.tablemover.engine.reverse;

import io.tablemover.testing.MysqlServers;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The application after a cutover: writes to the three moved tables on the target (inserts, updates of values and of
 * key columns, deletes) at a given rate. Statements that match no row are counted as writes too; a duplicate key is
 * skipped; any other SQL error fails.
 */
final class TargetLoad {
    static final int SEED_ROWS = 400;

    private final MysqlServers.Server server;
    private final String db;
    private final AtomicLong writes = new AtomicLong();
    private final AtomicLong serial;
    private final boolean explicitIds;

    TargetLoad(MysqlServers.Server server, String db) {
        this(server, db, 10_000_000, false);
    }

    /**
     * @param serialBase the first of the numbers new keys are made of (loads on two shards need disjoint ones)
     * @param explicitIds insert items with an id from the serial numbers, not AUTO_INCREMENT (each shard has its own
     *     counter, so two shards would hand out the same ids: a resharded application uses a sequence instead)
     */
    TargetLoad(MysqlServers.Server server, String db, long serialBase, boolean explicitIds) {
        this.server = server;
        this.db = db;
        this.serial = new AtomicLong(serialBase);
        this.explicitIds = explicitIds;
    }

    /** Creates and fills the three tables (on the source, before the move). */
    static void seed(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE items (id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY, note VARCHAR(64),"
                    + " qty INT NOT NULL)");
            s.execute("CREATE TABLE order_lines (order_id INT NOT NULL, code VARCHAR(32) NOT NULL, qty INT NOT NULL,"
                    + " PRIMARY KEY (order_id, code))");
            s.execute("CREATE TABLE accounts (handle VARCHAR(64) NOT NULL PRIMARY KEY, email VARCHAR(128) NOT NULL,"
                    + " balance DECIMAL(12,2), UNIQUE KEY (email))");
            for (int i = 1; i <= SEED_ROWS; i++) {
                s.addBatch("INSERT INTO items (note, qty) VALUES ('seed " + i + "', " + i + ")");
                s.addBatch("INSERT INTO order_lines VALUES (" + (i % 40) + ", 'c" + i + "', " + i + ")");
                s.addBatch("INSERT INTO accounts VALUES ('u" + i + "', 'u" + i + "@example.com', " + i + ".25)");
            }
            s.executeBatch();
        }
    }

    /** Runs {@code count} writes at about {@code perSecond}. */
    void run(int count, int perSecond) throws SQLException, InterruptedException {
        long start = System.nanoTime();
        try (Connection c = server.connect(db); Statement s = c.createStatement()) {
            for (int i = 0; i < count; i++) {
                try {
                    s.executeUpdate(next());
                    writes.incrementAndGet();
                } catch (SQLException e) {
                    if (e.getErrorCode() != 1062) { // a key change onto an id taken meanwhile: the application's error
                        throw e;
                    }
                }
                long due = start + (i + 1) * 1_000_000_000L / perSecond;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
            }
        }
    }

    long writes() {
        return writes.get();
    }

    private String next() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        long n = serial.incrementAndGet();
        int k = 1 + r.nextInt(SEED_ROWS);
        return switch (r.nextInt(12)) {
            case 0 -> explicitIds ? "INSERT INTO items (id, note, qty) VALUES (" + n + ", 'app " + n + "', 1)"
                    : "INSERT INTO items (note, qty) VALUES ('app " + n + "', " + r.nextInt(1000) + ")";
            case 1 -> "UPDATE items SET qty = qty + 1, note = 'upd " + n + "' WHERE id = " + k;
            case 2 -> "UPDATE items SET id = " + n + " WHERE id = " + k; // key change
            case 3 -> "DELETE FROM items WHERE id = " + k;
            case 4 -> "INSERT INTO order_lines VALUES (" + r.nextInt(40) + ", 'a" + n + "', 1)";
            case 5 -> "UPDATE order_lines SET code = 'k" + n + "' WHERE order_id = " + (k % 40) + " AND code = 'c" + k + "'";
            case 6 -> "UPDATE order_lines SET qty = qty * 2 WHERE order_id = " + (k % 40) + " AND code = 'c" + k + "'";
            case 7 -> "DELETE FROM order_lines WHERE order_id = " + (k % 40) + " AND code = 'c" + k + "'";
            case 8 -> "INSERT INTO accounts VALUES ('n" + n + "', 'n" + n + "@example.com', 0.5)";
            case 9 -> "UPDATE accounts SET handle = 'h" + n + "' WHERE handle = 'u" + k + "'"; // key change
            case 10 -> "UPDATE accounts SET balance = balance + 1.5, email = 'e" + n + "@example.com' WHERE handle = 'u" + k + "'";
            default -> "DELETE FROM accounts WHERE handle = 'u" + k + "'";
        };
    }
}
