package io.tablemover.testing;

import com.mysql.cj.jdbc.MysqlDataSource;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.MySQLContainer;
import org.testcontainers.utility.DockerImageName;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Test fixture: two MySQL 8.0.31 servers started once per test JVM and shared by all tests.
 *
 * <ul>
 *   <li>{@link #source()}: {@code server_id=1}, {@code time_zone='+02:00'}</li>
 *   <li>{@link #target()}: {@code server_id=2}, {@code time_zone='-07:00'}</li>
 * </ul>
 * The time zones differ on purpose, so that temporal values that go through a session time zone show up as bugs.
 * Both have GTIDs on, a ROW binlog with {@code binlog_row_image=FULL}, and the account {@code root}.
 *
 * <p>Servers are {@link EmbeddedMysql} processes, or Testcontainers' {@link MySQLContainer} ({@code mysql:8.0.31})
 * if a Docker engine is available and the environment variable {@code TABLEMOVER_TEST_NO_DOCKER} is not
 * {@code 1}. They stop when the JVM exits.
 *
 * <p>Tests share the servers, so each test must work in its own databases, made with
 * {@link Server#createDatabase(String)}:
 * <pre>{@code
 * MysqlServers.Server src = MysqlServers.get().source();
 * String db = src.createDatabase("copier");
 * try (Connection c = src.connect(db)) { ... }
 * }</pre>
 */
public final class MysqlServers {

    /**
     * mysqld flags for the Docker servers: what {@link EmbeddedMysql} sets itself, plus undoing the tiny limits of
     * Testcontainers' default my.cnf ({@code max_allowed_packet=1M}, {@code table_open_cache=4}, ...) so both
     * kinds of server behave alike.
     */
    private static final List<String> DOCKER_FLAGS = List.of(
            "--gtid-mode=ON",
            "--enforce-gtid-consistency=ON",
            "--log-bin=binlog",
            "--binlog-format=ROW",
            "--binlog-row-image=FULL",
            "--skip-name-resolve",
            "--performance-schema=ON",
            "--innodb-buffer-pool-size=64M",
            "--innodb-flush-log-at-trx-commit=2",
            "--sync-binlog=0",
            "--max-connections=500",
            "--max-allowed-packet=64M",
            "--table-open-cache=4000",
            "--sort-buffer-size=256K",
            "--net-buffer-length=16K");

    private static final String DOCKER_IMAGE = "mysql:8.0.31";
    private static final String CONTAINER_PASSWORD = "test";
    private static final String URL_PARAMS = "useSSL=false&allowPublicKeyRetrieval=true";
    private static final AtomicInteger DB_COUNTER = new AtomicInteger();

    private static MysqlServers instance;
    private static RuntimeException startFailure;

    private final Server source;
    private final Server target;

    private MysqlServers(Server source, Server target) {
        this.source = source;
        this.target = target;
    }

    /**
     * Returns the shared pair, starting it on first use (a few seconds; both servers start in parallel).
     * Thread-safe. If the start fails, this and every later call throw the same exception.
     *
     * @throws IllegalStateException if the servers cannot be started
     */
    public static synchronized MysqlServers get() {
        if (instance != null) {
            return instance;
        }
        if (startFailure != null) {
            throw startFailure;
        }
        try {
            instance = startBoth(useDocker());
            return instance;
        } catch (RuntimeException e) {
            startFailure = e;
            throw e;
        }
    }

    /** @return the source server: {@code server_id=1}, {@code time_zone='+02:00'} */
    public Server source() {
        return source;
    }

    /** @return the target server: {@code server_id=2}, {@code time_zone='-07:00'} */
    public Server target() {
        return target;
    }

    /** @return whether the servers run in Docker containers rather than as local processes */
    public boolean inDocker() {
        return source.container != null;
    }

    private static MysqlServers startBoth(boolean docker) {
        CompletableFuture<Server> src = CompletableFuture.supplyAsync(() -> startOne(docker, 1, "+02:00"));
        CompletableFuture<Server> dst = CompletableFuture.supplyAsync(() -> startOne(docker, 2, "-07:00"));
        try {
            return new MysqlServers(src.join(), dst.join());
        } catch (CompletionException e) {
            // do not leave the other one running until JVM exit for nothing
            src.thenAccept(Server::stopQuietly);
            dst.thenAccept(Server::stopQuietly);
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new IllegalStateException("could not start the test MySQL servers: " + cause.getMessage(), cause);
        }
    }

    private static Server startOne(boolean docker, int serverId, String timeZone) {
        if (docker) {
            MySQLContainer<?> c = new MySQLContainer<>(DockerImageName.parse(DOCKER_IMAGE))
                    .withUsername("root")
                    .withPassword(CONTAINER_PASSWORD);
            String[] cmd = new String[DOCKER_FLAGS.size() + 2];
            cmd[0] = "--server-id=" + serverId;
            cmd[1] = "--default-time-zone=" + timeZone;
            for (int i = 0; i < DOCKER_FLAGS.size(); i++) {
                cmd[i + 2] = DOCKER_FLAGS.get(i);
            }
            c.withCommand(cmd);
            c.start();
            return new Server(c.getHost(), c.getMappedPort(MySQLContainer.MYSQL_PORT), "root", CONTAINER_PASSWORD,
                    serverId, timeZone, null, c);
        }
        try {
            EmbeddedMysql m = EmbeddedMysql.start(serverId, timeZone, List.of());
            return new Server(m.host(), m.port(), m.user(), m.password(), serverId, timeZone, m, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean useDocker() {
        if ("1".equals(System.getenv("TABLEMOVER_TEST_NO_DOCKER"))) {
            return false;
        }
        if (!mayHaveDocker()) {
            return false;
        }
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (Throwable t) {
            return false;
        }
    }

    /**
     * Cheap pre-check, so that machines without Docker skip Testcontainers' probing (and its ERROR log line):
     * true if anything Testcontainers would look at exists.
     */
    private static boolean mayHaveDocker() {
        if (System.getenv("DOCKER_HOST") != null || System.getenv("TESTCONTAINERS_HOST_OVERRIDE") != null) {
            return true;
        }
        String home = System.getProperty("user.home", "");
        List<Path> candidates = new ArrayList<>(List.of(
                Path.of("/var/run/docker.sock"),
                Path.of(home, ".testcontainers.properties"),
                Path.of(home, ".docker", "run", "docker.sock"),
                Path.of(home, ".docker", "desktop", "docker.sock")));
        String xdg = System.getenv("XDG_RUNTIME_DIR");
        if (xdg != null) {
            candidates.add(Path.of(xdg, "docker.sock"));
        }
        return candidates.stream().anyMatch(Files::exists);
    }

    /** One test MySQL server. Thread-safe. */
    public static final class Server {
        private final String host;
        private final int port;
        private final String user;
        private final String password;
        private final int serverId;
        private final String timeZone;
        private final EmbeddedMysql embedded;
        private final MySQLContainer<?> container;

        Server(String host, int port, String user, String password, int serverId, String timeZone,
               EmbeddedMysql embedded, MySQLContainer<?> container) {
            this.host = host;
            this.port = port;
            this.user = user;
            this.password = password;
            this.serverId = serverId;
            this.timeZone = timeZone;
            this.embedded = embedded;
            this.container = container;
        }

        /** @return host name or address to connect to */
        public String host() {
            return host;
        }

        /** @return TCP port to connect to */
        public int port() {
            return port;
        }

        /** @return the account to use, {@code root} */
        public String user() {
            return user;
        }

        /** @return the password of {@link #user()} (empty for the embedded server) */
        public String password() {
            return password;
        }

        /** @return the {@code server_id}: 1 for the source, 2 for the target */
        public int serverId() {
            return serverId;
        }

        /** @return the server's {@code time_zone}, e.g. {@code "+02:00"} */
        public String timeZone() {
            return timeZone;
        }

        /**
         * @param db a database name, or null/empty for none
         * @return {@code jdbc:mysql://HOST:PORT/DB?useSSL=false&allowPublicKeyRetrieval=true} (append further
         *         parameters with {@code &})
         */
        public String jdbcUrl(String db) {
            return "jdbc:mysql://" + host + ":" + port + "/" + (db == null ? "" : db) + "?" + URL_PARAMS;
        }

        /**
         * Opens a new connection (plain {@link DriverManager}, no pool); the caller closes it.
         *
         * @param db a database name, or null/empty for none
         * @throws SQLException if the connection fails
         */
        public Connection connect(String db) throws SQLException {
            return DriverManager.getConnection(jdbcUrl(db), user, password);
        }

        /**
         * @param db a database name, or null/empty for none
         * @return an unpooled {@link DataSource} opening a new connection per {@code getConnection()}
         */
        public DataSource dataSource(String db) {
            MysqlDataSource ds = new MysqlDataSource();
            ds.setUrl(jdbcUrl(db));
            ds.setUser(user);
            ds.setPassword(password);
            return ds;
        }

        /**
         * Creates a new, empty database with a unique name: the prefix (lowercased; characters other than
         * {@code [a-z0-9_]} become {@code _}; shortened if needed), {@code _}, a JVM-wide counter, {@code _} and
         * six random hex digits, at most 64 characters in all; e.g. {@code "copier_3_a91f0c"}.
         *
         * @param prefix a readable hint, typically the test's name; may be empty
         * @return the database name (needs no quoting)
         * @throws IllegalStateException if the statement fails
         */
        public String createDatabase(String prefix) {
            String clean = Objects.requireNonNullElse(prefix, "").toLowerCase(Locale.ROOT)
                    .replaceAll("[^a-z0-9_]", "_");
            String suffix = "_" + DB_COUNTER.incrementAndGet() + "_"
                    + String.format("%06x", ThreadLocalRandom.current().nextInt(1 << 24));
            if (clean.isEmpty()) {
                clean = "db";
            }
            if (clean.length() + suffix.length() > 64) {
                clean = clean.substring(0, 64 - suffix.length());
            }
            String name = clean + suffix;
            try (Connection c = connect(null); Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE `" + name + "`");
            } catch (SQLException e) {
                throw new IllegalStateException("could not create database " + name + " on " + this, e);
            }
            return name;
        }

        private void stopQuietly() {
            try {
                if (embedded != null) {
                    embedded.close();
                }
                if (container != null) {
                    container.stop();
                }
            } catch (RuntimeException ignored) {
                // best effort
            }
        }

        @Override
        public String toString() {
            return "MySQL[" + host + ":" + port + ", server_id=" + serverId + ", time_zone=" + timeZone
                    + (container != null ? ", docker" : "") + "]";
        }
    }
}
