package io.tablemover.testing;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Real load on a test server for the load throttlers: {@code n} sessions each running {@code SELECT SLEEP(60)},
 * which raises {@code Threads_running} by {@code n} until {@link #close()} kills their queries.
 */
public final class SourceLoad implements AutoCloseable {
    private final MysqlServers.Server server;
    private final List<Connection> sessions = new ArrayList<>();
    private final List<Long> ids = new ArrayList<>();
    private final ExecutorService pool;

    private SourceLoad(MysqlServers.Server server, int n) throws SQLException {
        this.server = server;
        this.pool = Executors.newFixedThreadPool(n, r -> {
            Thread t = new Thread(r, "test-load");
            t.setDaemon(true);
            return t;
        });
        for (int i = 0; i < n; i++) {
            Connection c = server.connect(null);
            sessions.add(c);
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT CONNECTION_ID()")) {
                rs.next();
                ids.add(rs.getLong(1));
            }
            pool.submit(() -> {
                try (Statement s = c.createStatement()) {
                    s.execute("SELECT SLEEP(60)");
                }
                return null;
            });
        }
    }

    /** Starts {@code n} sleeping sessions and waits until the server counts them in Threads_running. */
    public static SourceLoad start(MysqlServers.Server server, int n) throws Exception {
        long before = threadsRunning(server);
        SourceLoad load = new SourceLoad(server, n);
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (threadsRunning(server) < before + n && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        return load;
    }

    /** @return the server's GLOBAL STATUS Threads_running now */
    public static long threadsRunning(MysqlServers.Server server) throws SQLException {
        try (Connection c = server.connect(null); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SHOW GLOBAL STATUS LIKE 'Threads_running'")) {
            rs.next();
            return rs.getLong(2);
        }
    }

    /** Kills the sleeping queries and closes the sessions. */
    @Override
    public void close() throws Exception {
        try (Connection c = server.connect(null); Statement s = c.createStatement()) {
            for (long id : ids) {
                s.execute("KILL QUERY " + id);
            }
        }
        pool.shutdown();
        pool.awaitTermination(10, TimeUnit.SECONDS);
        for (Connection c : sessions) {
            c.close();
        }
    }
}
