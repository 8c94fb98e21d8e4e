package io.tablemover.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tablemover.engine.error.ExitCode;
import io.tablemover.engine.step.MoveListener;
import io.tablemover.testing.MoveHarness;
import io.tablemover.testing.MoveHarness.Run;
import io.tablemover.testing.MysqlServers;
import io.tablemover.testing.MysqlServers.Server;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A dry run (no {@code --execute}) of a valid move: exit code 0, the plan on stdout, and nothing changed or
 * left behind on either server (tables, GTID sets, source data, {@code _tablemover} objects, connections).
 */
class DryRunIT {
    private static final String SYSTEM_SCHEMAS = "('mysql', 'information_schema', 'performance_schema', 'sys')";

    @Test
    void dryRunPrintsPlanAndChangesNothing() throws Exception {
        Server source = MysqlServers.get().source();
        Server target = MysqlServers.get().target();
        String src = source.createDatabase("dryrun_src");
        String tgt = target.createDatabase("dryrun_tgt");
        try (Connection c = source.connect(src); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE orders (id BIGINT PRIMARY KEY, customer VARCHAR(20) NOT NULL, total DECIMAL(10,2))");
            s.execute("CREATE TABLE customers (code VARCHAR(16) NOT NULL, name VARCHAR(40), UNIQUE KEY uk_code (code))");
            StringBuilder orders = new StringBuilder("INSERT INTO orders VALUES ");
            for (int i = 1; i <= 200; i++) {
                orders.append(i > 1 ? "," : "").append("(").append(i).append(",'c").append(i % 7).append("',")
                        .append(i).append(".25)");
            }
            s.execute(orders.toString());
            s.execute("INSERT INTO customers VALUES ('c0','zero'),('c1','one'),('c2','two'),('c3',NULL),('c4','four')");
            s.execute("ANALYZE TABLE orders, customers");
        }

        // the "before" state, taken after every setup write
        State before = state(source, target, src);
        int sourceConnections = otherConnections(source);
        int targetConnections = otherConnections(target);

        Run run = MoveHarness.move(src, tgt, "orders,customers", MoveListener.NONE, "--chunk-size", "50");

        assertEquals(ExitCode.OK.code(), run.exitCode(), run::toString);
        assertFalse(run.err().contains("validation failed"), run::toString);
        String out = run.out();
        assertTrue(out.contains("plan: move 2 table(s)"), out);
        assertTrue(out.contains("/" + src + " (MySQL 8.0.31") && out.contains("/" + tgt + " (MySQL 8.0.31"), out);
        assertTableInPlan(out, "orders", "PRIMARY(id)");
        assertTableInPlan(out, "customers", "uk_code(code)");
        assertTrue(out.contains("target DDL: CREATE TABLE `orders`"), out);
        assertTrue(out.contains("target DDL: CREATE TABLE `customers`"), out);
        assertTrue(out.contains("renamed on the source to _orders_del at cutover"), out);
        assertTrue(out.contains("chunk size 50 rows"), out);
        assertTrue(out.contains("dry run: nothing was changed"), out);
        assertTrue(out.indexOf("table orders:") < out.indexOf("table customers:"), "tables in --tables order: " + out);

        State after = state(source, target, src);
        assertEquals(before.sourceObjects, after.sourceObjects, "source tables changed");
        assertEquals(before.targetObjects, after.targetObjects, "target tables changed");
        assertEquals(before.sourceGtids, after.sourceGtids, "something was written on the source");
        assertEquals(before.targetGtids, after.targetGtids, "something was written on the target");
        assertEquals(before.checksums, after.checksums, "source data changed");
        assertEquals(List.of("200", "5"), after.counts);
        for (List<String> objects : List.of(after.sourceObjects, after.targetObjects)) {
            // other tests in this JVM leave run state in their own databases; this run's databases have none
            assertTrue(objects.stream().noneMatch(o -> (o.startsWith(src + ".") || o.startsWith(tgt + "."))
                    && o.toLowerCase().contains("_tablemover")), objects::toString);
            assertTrue(objects.stream().noneMatch(o -> o.startsWith(src + "._") || o.startsWith(tgt + ".")),
                    objects::toString);
        }
        assertTrue(after.sourceObjects.contains(src + ".orders BASE TABLE"), after.sourceObjects::toString);
        assertTrue(after.sourceObjects.contains(src + ".customers BASE TABLE"), after.sourceObjects::toString);
        assertTrue(after.targetObjects.contains("database " + tgt), after.targetObjects::toString);

        // the run's pools are closed when the command returns; allow a moment for the server to notice
        assertConnectionsBack(source, sourceConnections);
        assertConnectionsBack(target, targetConnections);
    }

    private static void assertTableInPlan(String out, String table, String key) {
        Matcher m = Pattern.compile("table " + table + ": key " + Pattern.quote(key) + ", ~(\\d+) rows").matcher(out);
        assertTrue(m.find(), () -> "no plan line for " + table + " with key " + key + " in:\n" + out);
        assertTrue(Long.parseLong(m.group(1)) > 0, () -> "row estimate of " + table + " is 0 after ANALYZE:\n" + out);
    }

    private record State(List<String> sourceObjects, List<String> targetObjects, String sourceGtids,
                         String targetGtids, List<String> checksums, List<String> counts) {}

    private static State state(Server source, Server target, String src) throws SQLException {
        List<String> checksums = new ArrayList<>();
        List<String> counts = new ArrayList<>();
        try (Connection c = source.connect(src); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("CHECKSUM TABLE orders, customers EXTENDED")) {
                while (rs.next()) {
                    checksums.add(rs.getString(1) + "=" + rs.getString(2));
                }
            }
            for (String t : List.of("orders", "customers")) {
                try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + t)) {
                    rs.next();
                    counts.add(rs.getString(1));
                }
            }
        }
        return new State(objects(source), objects(target), gtids(source), gtids(target), checksums, counts);
    }

    /** Every non-system database (as {@code database X}) and table (as {@code db.table TYPE}) of a server. */
    private static List<String> objects(Server server) throws SQLException {
        List<String> result = new ArrayList<>();
        try (Connection c = server.connect(null); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT SCHEMA_NAME FROM information_schema.SCHEMATA"
                    + " WHERE SCHEMA_NAME NOT IN " + SYSTEM_SCHEMAS + " ORDER BY SCHEMA_NAME")) {
                while (rs.next()) {
                    result.add("database " + rs.getString(1));
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT TABLE_SCHEMA, TABLE_NAME, TABLE_TYPE FROM information_schema.TABLES"
                    + " WHERE TABLE_SCHEMA NOT IN " + SYSTEM_SCHEMAS + " ORDER BY TABLE_SCHEMA, TABLE_NAME")) {
                while (rs.next()) {
                    result.add(rs.getString(1) + "." + rs.getString(2) + " " + rs.getString(3));
                }
            }
        }
        return result;
    }

    private static String gtids(Server server) throws SQLException {
        try (Connection c = server.connect(null); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT @@global.gtid_executed")) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** Connections of the fixture's user other than the one asking. */
    private static int otherConnections(Server server) throws SQLException {
        try (Connection c = server.connect(null); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM information_schema.PROCESSLIST"
                     + " WHERE USER = '" + server.user() + "' AND ID <> CONNECTION_ID()")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static void assertConnectionsBack(Server server, int before) throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + 3_000_000_000L;
        int now = otherConnections(server);
        while (now > before && System.nanoTime() < deadline) {
            Thread.sleep(100);
            now = otherConnections(server);
        }
        assertTrue(now <= before, "connections left open on " + server + ": " + now + " > " + before + " before the run");
    }
}
