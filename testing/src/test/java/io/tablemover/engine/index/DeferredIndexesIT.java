package io.tablemover.engine.index;

import static io.tablemover.testing.TestData.exec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tablemover.engine.error.ExitCode;
import io.tablemover.engine.mysql.ServerPool;
import io.tablemover.engine.schema.TableSchema;
import io.tablemover.engine.sql.SchemaReader;
import io.tablemover.engine.state.Phase;
import io.tablemover.engine.step.MoveListener;
import io.tablemover.testing.MoveHarness;
import io.tablemover.testing.MysqlServers;
import io.tablemover.testing.RowComparer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code --defer-secondary-indexes} on real servers: the copy runs into tables without their plain secondary indexes,
 * the indexes come back after the copy (also when the run stops before or between the ALTERs and is resumed), and in
 * the end every target table's {@code SHOW CREATE TABLE} equals its source table's and the rows are equal.
 */
class DeferredIndexesIT {
    private final MysqlServers servers = MysqlServers.get();

    private static final String ORDERS = """
            CREATE TABLE orders (
              id BIGINT NOT NULL AUTO_INCREMENT,
              customer INT NOT NULL,
              placed DATETIME(6) NOT NULL,
              note VARCHAR(64) NOT NULL,
              PRIMARY KEY (id),
              UNIQUE KEY u_note (note),
              KEY k_customer (customer, placed DESC),
              KEY `k odd``name` (note(8)) COMMENT 'prefix, {0} ?',
              KEY k_fn ((lower(note))) INVISIBLE
            )""";
    private static final String LINES = """
            CREATE TABLE order_lines (
              order_id BIGINT NOT NULL,
              line INT NOT NULL,
              sku VARCHAR(32) NOT NULL,
              PRIMARY KEY (order_id, line),
              KEY k_sku (sku)
            )""";

    private static void seed(Connection c) throws Exception {
        exec(c, ORDERS, LINES, "SET SESSION cte_max_recursion_depth = 20001",
                "INSERT INTO orders (customer, placed, note) WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s"
                        + " WHERE n < 20000) SELECT n % 97, '2024-01-01' + INTERVAL n SECOND, CONCAT('note ', n) FROM s",
                "INSERT INTO order_lines SELECT id, 1, CONCAT('sku-', customer) FROM orders");
    }

    /** A listener that, the first time the run enters {@code phase}, runs {@code action} (which may throw to stop the run). */
    private static MoveListener at(Phase phase, Runnable action) {
        return new MoveListener() {
            boolean done;

            @Override
            public void phase(Phase p) {
                if (p == phase && !done) {
                    done = true;
                    action.run();
                }
            }
        };
    }

    private static String showCreate(Connection c, String table) throws Exception {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW CREATE TABLE " + table)) {
            rs.next();
            return rs.getString(2).replaceAll(" AUTO_INCREMENT=[0-9]+", "");
        }
    }

    private static List<String> indexes(Connection c, String table) throws Exception {
        List<String> names = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT DISTINCT INDEX_NAME FROM"
                + " information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = '" + table + "' ORDER BY 1")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }

    private void assertSameTables(String src, String tgt) throws Exception {
        try (Connection s = servers.source().connect(src); Connection t = servers.target().connect(tgt);
             ServerPool source = MoveHarness.pool(servers.source(), src);
             ServerPool target = MoveHarness.pool(servers.target(), tgt)) {
            for (String table : List.of("orders", "order_lines")) {
                String del = "_" + table + "_del";
                assertEquals(showCreate(s, del).replace("`" + del + "`", "`" + table + "`"), showCreate(t, table), table);
                TableSchema schema = new SchemaReader(source.dsl()).read(src, del);
                RowComparer.Comparison cmp = RowComparer.compare(source, src, del, target, tgt, table, schema);
                assertTrue(cmp.identical(), table + ": " + cmp);
            }
        }
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void theCopyRunsWithoutThePlainIndexesAndTheyComeBackIdentical() throws Exception {
        String src = servers.source().createDatabase("defer_src");
        String tgt = servers.target().createDatabase("defer_tgt");
        try (Connection c = servers.source().connect(src)) {
            seed(c);
        }
        AtomicReference<List<String>> duringCopy = new AtomicReference<>();
        MoveListener look = at(Phase.ADD_INDEXES, () -> {
            try (Connection t = servers.target().connect(tgt); Connection s = servers.source().connect(src)) {
                duringCopy.set(indexes(t, "orders"));
                // a change while the indexes are added must reach the target as well
                exec(s, "UPDATE orders SET customer = 1000 WHERE id = 7", "DELETE FROM orders WHERE id = 8");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        MoveHarness.Run run = MoveHarness.move(src, tgt, "orders,order_lines", look, "--execute", "--defer-secondary-indexes",
                "--chunk-size", "2000", "--copy-threads", "3");
        assertEquals(0, run.exitCode(), run.out() + run.err());
        assertEquals(List.of("PRIMARY", "u_note"), duringCopy.get(), "orders' indexes while it was copied");
        assertSameTables(src, tgt);
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void aRunStoppedBeforeTheIndexesAreAddedAddsOnlyTheMissingOnesOnResume() throws Exception {
        String src = servers.source().createDatabase("defer_resume_src");
        String tgt = servers.target().createDatabase("defer_resume_tgt");
        try (Connection c = servers.source().connect(src)) {
            seed(c);
        }
        MoveListener crash = at(Phase.ADD_INDEXES, () -> {
            throw new IllegalStateException("injected stop at ADD_INDEXES");
        });
        MoveHarness.Run first = MoveHarness.move(src, tgt, "orders,order_lines", crash, "--execute", "--defer-secondary-indexes");
        assertNotEquals(0, first.exitCode(), first.out() + first.err());
        assertEquals(ExitCode.RUNTIME_FAILURE.code(), first.exitCode(), first.out() + first.err());
        try (Connection t = servers.target().connect(tgt)) {
            assertEquals(List.of("PRIMARY"), indexes(t, "order_lines"));
            // as if the stopped run's ALTER of order_lines had committed: the resumed run must not add it twice
            exec(t, "ALTER TABLE order_lines ADD KEY k_sku (sku)");
        }
        MoveHarness.Run second = MoveHarness.move(src, tgt, "orders,order_lines", MoveListener.NONE, "--execute",
                "--defer-secondary-indexes");
        assertEquals(0, second.exitCode(), second.out() + second.err());
        assertSameTables(src, tgt);
    }
}
