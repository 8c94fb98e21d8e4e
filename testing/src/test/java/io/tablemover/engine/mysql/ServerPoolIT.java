package io.tablemover.engine.mysql;

import static io.tablemover.testing.TestData.exec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tablemover.engine.sql.SchemaReader;
import io.tablemover.engine.sql.ServerStatements;
import io.tablemover.engine.sql.Statements;
import io.tablemover.testing.MoveHarness;
import io.tablemover.testing.MysqlServers;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;

/** The pool's sessions on a real server: one statement per execute, except on the multi-query connection. */
class ServerPoolIT {
    private final MysqlServers servers = MysqlServers.get();

    /** @return time_zone, sql_mode, innodb_lock_wait_timeout and transaction_isolation of the session */
    private static List<String> session(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT @@session.time_zone,"
                + " @@session.sql_mode, @@session.innodb_lock_wait_timeout, @@session.transaction_isolation")) {
            assertTrue(rs.next());
            return List.of(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4));
        }
    }

    private static final List<String> SESSION = List.of("+00:00", "NO_AUTO_VALUE_ON_ZERO,STRICT_ALL_TABLES,NO_ENGINE_SUBSTITUTION",
            "5", "READ-COMMITTED");

    @Test
    void pooledSessionsAreSetUpAndRunOneStatementAtATime() throws Exception {
        String db = servers.source().createDatabase("pool_single");
        try (ServerPool pool = MoveHarness.pool(servers.source(), db); Connection c = pool.connection()) {
            assertEquals(SESSION, session(c));
            SQLException e = assertThrows(SQLException.class, () -> exec(c, "SELECT 1; SELECT 2"));
            assertEquals(1064, e.getErrorCode(), e.toString());
            try (Connection d = pool.dedicatedConnection()) {
                assertEquals(1064, assertThrows(SQLException.class, () -> exec(d, "SELECT 1; SELECT 2")).getErrorCode());
            }
        }
    }

    @Test
    void theMultiQueryConnectionRenamesAndReadsTheGtidInOneRoundTrip() throws Exception {
        String db = servers.source().createDatabase("pool_multi");
        try (ServerPool pool = MoveHarness.pool(servers.source(), db); Connection c = pool.multiQueryConnection()) {
            assertEquals(SESSION, session(c));
            assertTrue(c.getAutoCommit());
            exec(c, "CREATE TABLE t (id INT PRIMARY KEY)");
            DSLContext dsl = ServerPool.on(c);
            String sql = dsl.renderInlined(dsl.queries(Statements.renameTables(dsl, db, Map.of("t", "_t_del")),
                    ServerStatements.selectGtidExecuted()));
            String gtid;
            try (Statement s = c.createStatement()) {
                assertFalse(s.execute(sql), "the RENAME's update count comes first");
                assertTrue(s.getMoreResults(), "then the SELECT's rows");
                try (ResultSet rs = s.getResultSet()) {
                    assertTrue(rs.next());
                    gtid = rs.getString(1);
                }
            }
            assertEquals(pool.dsl().fetchOne(ServerStatements.selectGtidExecuted()).value1(), gtid,
                    "the GTID set read right after the RENAME (nothing else ran since)");
            assertEquals(Map.of("_t_del", "BASE TABLE"), new SchemaReader(pool.dsl()).tableTypes(db, List.of("t", "_t_del")));
        }
    }

    @Test
    void globalVariablesAreReadByName() throws Exception {
        try (ServerPool pool = MoveHarness.pool(servers.source(), "mysql")) {
            assertEquals("ON", pool.dsl().fetchOne(ServerStatements.selectGlobalVariable("gtid_mode")).value1());
            assertEquals("ROW", pool.dsl().fetchOne(ServerStatements.selectGlobalVariable("binlog_format")).value1());
            assertNotNull(pool.dsl().fetchOne(ServerStatements.selectGtidPurged()).value1());
        }
    }
}
