package io.tablemover.testing;

import io.tablemover.engine.mysql.ServerPool;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Small helpers the integration tests share: running SQL, counting, waiting for a condition, the standard one-table
 * seed, reading progress.
 */
public final class TestData {
    private TestData() {}

    /** Runs each statement on {@code c}, in order. */
    public static void exec(Connection c, String... sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (String q : sql) {
                s.execute(q);
            }
        }
    }

    /** Creates {@code t (id INT PRIMARY KEY, v VARCHAR(64) NOT NULL)} with ids 1..{@code rows}, {@code v = 'row <id>'}. */
    public static void seed(Connection c, int rows) throws SQLException {
        exec(c, "CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(64) NOT NULL)",
                "SET SESSION cte_max_recursion_depth = " + (rows + 1),
                "INSERT INTO t WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < " + rows + ")"
                        + " SELECT n, CONCAT('row ', n) FROM s");
    }

    /** @return rows copied so far per the run state (updated in each chunk's transaction); -1 before it exists */
    public static long rowsCopied(ServerPool target, String db, String token) {
        try {
            Long n = target.dsl().fetchOne("select sum(rows_copied) from `" + db + "`._tablemover_tables where token = ?",
                    token).get(0, Long.class);
            return n == null ? -1 : n;
        } catch (org.jooq.exception.DataAccessException e) {
            return -1;
        }
    }

    /** @return the first column of the first row of {@code sql} (a {@code SELECT COUNT(*)}), as a long */
    public static long count(Connection c, String sql) {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    /**
     * Polls {@code condition} every 20 ms.
     *
     * @throws AssertionError naming {@code what} if it is still false after {@code seconds}
     */
    public static void await(BooleanSupplier condition, String what, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() >= deadline) {
                throw new AssertionError("timed out after " + seconds + " s waiting for " + what);
            }
            Thread.sleep(20);
        }
    }
}
