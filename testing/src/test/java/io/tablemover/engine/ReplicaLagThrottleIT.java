package io.tablemover.engine;

import static io.tablemover.engine.LoadThrottleIT.assertMoved;
import static io.tablemover.engine.LoadThrottleIT.awaitRowsCopied;
import static io.tablemover.testing.TestData.exec;
import static io.tablemover.testing.TestData.rowsCopied;
import static io.tablemover.testing.TestData.seed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.tablemover.engine.error.ExitCode;
import io.tablemover.testing.EmbeddedMysql;
import io.tablemover.engine.mysql.ServerPool;
import io.tablemover.engine.step.MoveListener;
import io.tablemover.engine.state.RunToken;
import io.tablemover.testing.MoveHarness;
import io.tablemover.testing.MysqlServers;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code --throttle-control-replicas}: a third, embedded mysqld replicates from the test source; stopping its SQL
 * thread (Seconds_Behind_Source NULL) throttles a real move, starting it again lets the move finish.
 */
class ReplicaLagThrottleIT {
    private static final int ROWS = 60_000;

    private final MysqlServers servers = MysqlServers.get();

    @Test
    void aStoppedReplicaThrottlesAndItsRestartResumes() throws Exception {
        assumeFalse(servers.inDocker(), "the replica is an embedded mysqld replicating from the (embedded) source");
        MysqlServers.Server s = servers.source();
        try (EmbeddedMysql replica = EmbeddedMysql.start(3, "+00:00", List.of());
             Connection r = DriverManager.getConnection(replica.jdbcUrl("") + "?useSSL=false&allowPublicKeyRetrieval=true",
                     replica.user(), replica.password());
             Connection sc = s.connect(null)) {
            // replicate from now on: what the source executed so far counts as already applied on the replica
            String executed;
            try (Statement st = sc.createStatement(); ResultSet rs = st.executeQuery("SELECT @@global.gtid_executed")) {
                rs.next();
                executed = rs.getString(1).replace("\n", "");
            }
            exec(r, "RESET MASTER", "SET GLOBAL gtid_purged = '" + executed + "'",
                    "CHANGE REPLICATION SOURCE TO SOURCE_HOST = '" + s.host() + "', SOURCE_PORT = " + s.port()
                            + ", SOURCE_USER = '" + s.user() + "', SOURCE_PASSWORD = '" + s.password()
                            + "', SOURCE_AUTO_POSITION = 1, GET_SOURCE_PUBLIC_KEY = 1",
                    "START REPLICA");

            String src = s.createDatabase("lag_src");
            String tgt = servers.target().createDatabase("lag_tgt");
            try (Connection c = s.connect(src);
                 ServerPool source = MoveHarness.pool(s, src);
                 ServerPool target = MoveHarness.pool(servers.target(), tgt)) {
                seed(c, ROWS);
                String token = RunToken.of(src, tgt, List.of("t"));
                String replicaUrl = "jdbc:mysql://127.0.0.1:" + replica.port();
                CompletableFuture<MoveHarness.Run> run = CompletableFuture.supplyAsync(() -> MoveHarness.move(src, tgt, "t",
                        MoveListener.NONE, "--execute", "--chunk-size", "50", "--copy-threads", "1",
                        "--throttle-control-replicas", replicaUrl, "--max-lag-millis", "1500"));
                awaitRowsCopied(target, tgt, token, run);
                exec(r, "STOP REPLICA SQL_THREAD");
                Thread.sleep(1_500); // the throttler's next reading (1 s), the gate's next check, the chunk in flight
                long before = rowsCopied(target, tgt, token);
                Thread.sleep(1_500);
                assertEquals(before, rowsCopied(target, tgt, token), "rows copied while replication is stopped");
                assertTrue(before < ROWS, "the copy is not done: " + before);
                assertFalse(run.isDone(), "the move waits");

                exec(r, "START REPLICA SQL_THREAD");
                MoveHarness.Run done = run.get(60, TimeUnit.SECONDS);
                assertEquals(ExitCode.OK.code(), done.exitCode(), done.err());
                assertMoved(source, src, target, tgt, ROWS);
            } finally {
                exec(r, "STOP REPLICA");
            }
        }
    }

    @Test
    void aControlReplicaThatIsNoReplicaOrUnreachableIsInvalidInput() throws Exception {
        String src = servers.source().createDatabase("lag_input_src");
        String tgt = servers.target().createDatabase("lag_input_tgt");
        try (Connection c = servers.source().connect(src)) {
            seed(c, 10);
        }
        String notAReplica = "jdbc:mysql://" + servers.target().host() + ":" + servers.target().port();
        MoveHarness.Run r = MoveHarness.move(src, tgt, "t", MoveListener.NONE, "--throttle-control-replicas", notAReplica);
        assertEquals(ExitCode.INVALID_INPUT.code(), r.exitCode(), r.out() + r.err());
        assertEquals("error: --throttle-control-replicas: " + notAReplica + " is not a replica (SHOW REPLICA STATUS is empty);"
                + " list only replicas of the source", r.err().strip());

        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        r = MoveHarness.move(src, tgt, "t", MoveListener.NONE, "--throttle-control-replicas", "jdbc:mysql://127.0.0.1:" + closedPort);
        assertEquals(ExitCode.INVALID_INPUT.code(), r.exitCode(), r.out() + r.err());
        assertTrue(r.err().startsWith("error: --throttle-control-replicas: cannot ask jdbc:mysql://127.0.0.1:" + closedPort), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());

        r = MoveHarness.move(src, tgt, "t", MoveListener.NONE, "--throttle-control-replicas", "jdbc:mysql://replica1:3306/db");
        assertEquals(ExitCode.INVALID_INPUT.code(), r.exitCode(), r.err());
        assertTrue(r.err().contains("'jdbc:mysql://replica1:3306/db' is not a replica address"), r.err());

        r = MoveHarness.move(src, tgt, "t", MoveListener.NONE, "--max-lag-millis", "50");
        assertEquals(ExitCode.INVALID_INPUT.code(), r.exitCode(), r.err());
        assertTrue(r.err().contains("--max-lag-millis must be between 100 and"), r.err());
    }
}
