package io.tablemover.testing;

import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MysqlServersTest {

    private static String query(MysqlServers.Server server, String sql) throws SQLException {
        try (Connection c = server.connect(null); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            assertTrue(rs.next(), sql);
            return rs.getString(1);
        }
    }

    @Test
    void singleton() {
        assertSame(MysqlServers.get(), MysqlServers.get());
    }

    @Test
    void bothServersAnswerWithReplicationReadySettings() throws SQLException {
        MysqlServers servers = MysqlServers.get();
        for (MysqlServers.Server server : new MysqlServers.Server[] {servers.source(), servers.target()}) {
            assertEquals("1", query(server, "SELECT 1"), server.toString());
            assertTrue(query(server, "SELECT VERSION()").startsWith("8.0.31"), server.toString());
            assertEquals("ON", query(server, "SELECT @@gtid_mode"), server.toString());
            assertEquals("ROW", query(server, "SELECT @@binlog_format"), server.toString());
            assertEquals("FULL", query(server, "SELECT @@binlog_row_image"), server.toString());
            assertEquals("1", query(server, "SELECT @@log_bin"), server.toString());
            assertEquals(String.valueOf(server.serverId()), query(server, "SELECT @@server_id"), server.toString());
        }
        assertEquals(1, servers.source().serverId());
        assertEquals(2, servers.target().serverId());
    }

    @Test
    void serversAreDistinct() throws SQLException {
        MysqlServers servers = MysqlServers.get();
        assertNotEquals(servers.source().port(), servers.target().port());
        assertNotEquals(query(servers.source(), "SELECT @@server_uuid"), query(servers.target(), "SELECT @@server_uuid"));
    }

    @Test
    void timeZonesDiffer() throws SQLException {
        MysqlServers servers = MysqlServers.get();
        String sourceTz = query(servers.source(), "SELECT @@time_zone");
        String targetTz = query(servers.target(), "SELECT @@time_zone");
        assertEquals("+02:00", sourceTz);
        assertEquals("-07:00", targetTz);
        assertNotEquals(query(servers.source(), "SELECT TIME_FORMAT(TIMEDIFF(NOW(), UTC_TIMESTAMP()), '%H:%i')"),
                query(servers.target(), "SELECT TIME_FORMAT(TIMEDIFF(NOW(), UTC_TIMESTAMP()), '%H:%i')"));
    }

    @Test
    void createDatabaseGivesDistinctDatabases() throws SQLException {
        MysqlServers.Server source = MysqlServers.get().source();
        String a = source.createDatabase("MysqlServersTest");
        String b = source.createDatabase("MysqlServersTest");
        assertNotEquals(a, b);
        assertTrue(a.startsWith("mysqlserverstest_"), a);
        assertTrue(a.matches("[a-z0-9_]{1,64}"), a);
        String longName = source.createDatabase("X".repeat(100) + "-weird.chars");
        assertTrue(longName.length() <= 64, longName);

        try (Connection c = source.connect(a); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (id INT PRIMARY KEY)");
            s.execute("INSERT INTO t VALUES (1)");
        }
        assertEquals("1", query(source, "SELECT COUNT(*) FROM `" + a + "`.t"));
        assertEquals("0", query(source, "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = '" + b + "'"));
        // the same name is free on the target: databases are per server
        assertEquals("0", query(MysqlServers.get().target(),
                "SELECT COUNT(*) FROM information_schema.schemata WHERE schema_name = '" + a + "'"));
        try (Connection c = MysqlServers.get().target().dataSource(null).getConnection()) {
            assertTrue(c.isValid(5));
        }
    }
}
