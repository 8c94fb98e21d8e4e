package io.tablemover.engine.mysql;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.tablemover.engine.config.Endpoint;
import io.tablemover.engine.sql.ServerStatements;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.Set;
import org.jooq.ConnectionProvider;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.exception.DataAccessException;
import org.jooq.conf.ParamType;
import org.jooq.conf.RenderQuotedNames;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;

/**
 * A connection pool (HikariCP) to one MySQL server, plus the jOOQ context that composes every
 * statement tablemover sends to it.
 *
 * <p>Every session is set up identically: {@code time_zone='+00:00'} (so that TIMESTAMP values cross
 * servers whose time zones differ unchanged), utf8mb4 as connection character set,
 * {@code sql_mode='NO_AUTO_VALUE_ON_ZERO,NO_ENGINE_SUBSTITUTION,STRICT_ALL_TABLES'} (an AUTO_INCREMENT
 * value of 0 is copied as 0, as gh-ost does; zero dates are kept), READ COMMITTED isolation (the locking
 * reads need no gap locks, see {@code transfer.RowTransfer}) and a short {@code innodb_lock_wait_timeout}, by one
 * {@code SET} statement. A connection runs one statement per {@code execute}, except the one of
 * {@link #multiQueryConnection()}.
 *
 * <p>Until the pool has made its first connection, every borrow first opens one connection outside the pool
 * ({@link #probe()}): an error retrying cannot cure (wrong password, unknown database, no rights on it: see
 * {@link #refused(SQLException)}) is thrown at once instead of after the pool's 10 s connection timeout.
 */
public final class ServerPool implements AutoCloseable {
    /** The jOOQ dialect of every statement: MySQL 8.0. */
    public static final SQLDialect DIALECT = SQLDialect.MYSQL;

    /**
     * The socket (read) timeout of every connection beyond its {@code innodb_lock_wait_timeout}: 10 minutes, in ms. A
     * statement whose answer takes longer fails (and with it the run, resumable) instead of hanging forever on a dead
     * or half-read connection. The longest legitimate statements are far shorter: a locking read of the copy or
     * the apply waits at most the sessions' {@code innodb_lock_wait_timeout} (added on top), the cutover's RENAME
     * {@code --cutover-lock-timeout-seconds} (2 s), a verify chunk's checksum reads at most 10,000 rows and
     * {@code --chunk-max-bytes}, the copy's chunk read and REPLACE carry at most {@code --chunk-max-bytes}: seconds.
     */
    public static final int SOCKET_TIMEOUT_MS = 600_000;
    /** The connect timeout of every connection, in ms: a server that does not answer the TCP connect in 10 s fails. */
    public static final int CONNECT_TIMEOUT_MS = 10_000;

    private final Endpoint endpoint;
    private final String url;
    private final String sessionSetup;
    private final HikariDataSource dataSource;
    private final DSLContext dsl;
    /** Whether a borrowed connection has worked once: from then on borrows go straight to the pool. */
    private volatile boolean reached;

    /**
     * The MySQL errors of a connection attempt that retrying does not cure: 1044 (no rights on the database), 1045
     * (wrong user or password), 1049 (unknown database), 1130 (host not allowed), 1251 (authentication method),
     * 1862 (expired password), 3118 (locked account).
     */
    private static final Set<Integer> REFUSALS = Set.of(1044, 1045, 1049, 1130, 1251, 1862, 3118);

    /**
     * @param name pool name shown in thread names, e.g. {@code "source"}
     * @param endpoint where to connect
     * @param maxConnections pool size (connections)
     * @param lockWaitTimeoutSeconds the sessions' {@code innodb_lock_wait_timeout}, in seconds
     */
    public ServerPool(String name, Endpoint endpoint, int maxConnections, int lockWaitTimeoutSeconds) {
        this.endpoint = endpoint;
        this.url = jdbcUrl(endpoint, SOCKET_TIMEOUT_MS + 1_000L * lockWaitTimeoutSeconds);
        this.sessionSetup = sessionSetup(lockWaitTimeoutSeconds);
        HikariConfig config = new HikariConfig();
        config.setPoolName("tablemover-" + name);
        config.setJdbcUrl(url);
        config.setUsername(endpoint.user());
        config.setPassword(endpoint.password());
        config.setMaximumPoolSize(maxConnections);
        config.setMinimumIdle(0);
        config.setConnectionTimeout(10_000);
        config.setInitializationFailTimeout(-1);
        config.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
        config.setConnectionInitSql(sessionSetup);
        this.dataSource = new HikariDataSource(config);
        this.dsl = DSL.using(new PoolConnections(), DIALECT, settings());
    }

    /** jOOQ's connections: borrowed with {@link #connection()} (so they fail fast too), closed after each use. */
    private final class PoolConnections implements ConnectionProvider {
        @Override
        public Connection acquire() {
            try {
                return connection();
            } catch (SQLException e) {
                throw new DataAccessException("cannot get a connection to " + endpoint.address() + ": " + e.getMessage(), e);
            }
        }

        @Override
        public void release(Connection connection) {
            try {
                connection.close();
            } catch (SQLException e) {
                throw new DataAccessException("cannot return a connection to " + endpoint.address(), e);
            }
        }
    }

    /**
     * @return whether {@code e} (or a cause) is a refusal of the server that retrying does not cure: wrong
     *     credentials, an unknown database, no rights on it, a locked account (see {@link #REFUSALS})
     */
    public static boolean refused(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql && REFUSALS.contains(sql.getErrorCode())) {
                return true;
            }
        }
        return false;
    }

    /** jOOQ settings shared by every context: quoted names, rendered for MySQL. */
    public static Settings settings() {
        return new Settings()
                .withRenderQuotedNames(RenderQuotedNames.EXPLICIT_DEFAULT_QUOTED)
                .withExecuteLogging(false);
    }

    /**
     * The JDBC URL of an endpoint with tablemover's driver settings: utf8mb4 both ways (results too, so the
     * server converts every character set with its own tables: left to Connector/J, latin1 is decoded as
     * windows-1252, which loses the bytes 0x81, 0x8D, 0x8F, 0x90 and 0x9D), no TINYINT(1)-as-boolean,
     * YEAR as a number, TLS as the endpoint's {@code --ssl-mode} says (Connector/J's {@code sslMode}), batched multi-row rewriting, session state (auto-commit, isolation,
     * read-only) tracked by the driver instead of asked of the server before each transaction
     * ({@code useLocalSessionState}: no session statement of ours changes it in SQL text), parsed statement templates
     * cached per connection. One statement per
     * {@code execute} (no {@code allowMultiQueries}: only {@link #multiQueryConnection()} has it), connect timeout
     * {@link #CONNECT_TIMEOUT_MS}, socket timeout {@link #SOCKET_TIMEOUT_MS}. Holds no credentials.
     */
    public static String jdbcUrl(Endpoint endpoint) {
        return jdbcUrl(endpoint, SOCKET_TIMEOUT_MS);
    }

    /** {@link #jdbcUrl(Endpoint)} with another socket timeout, in ms (a pool's: plus its lock wait timeout). */
    private static String jdbcUrl(Endpoint endpoint, long socketTimeoutMs) {
        return endpoint.url()
                + "?characterEncoding=UTF-8&characterSetResults=UTF-8&tinyInt1isBit=false&yearIsDateType=false"
                + "&allowPublicKeyRetrieval=true&sslMode=" + endpoint.tls().name() + "&connectTimeout=" + CONNECT_TIMEOUT_MS
                + "&socketTimeout=" + socketTimeoutMs
                + "&rewriteBatchedStatements=true&zeroDateTimeBehavior=EXCEPTION"
                + "&useLocalSessionState=true&cachePrepStmts=true&prepStmtCacheSqlLimit=65536";
    }

    /** The session setup as one statement (HikariCP runs {@code connectionInitSql} as one statement). */
    private static String sessionSetup(int lockWaitTimeoutSeconds) {
        return ServerStatements.sessionSetup(lockWaitTimeoutSeconds).getSQL(ParamType.INLINED);
    }

    /**
     * Opens and closes one connection outside the pool, so that a wrong password, an unknown database
     * or a closed port is reported at once (the pool would retry for its 10 s connection timeout).
     *
     * @throws SQLException the driver's error, e.g. 1045 access denied, 1049 unknown database
     */
    public void probe() throws SQLException {
        try (Connection c = dedicatedConnection()) {
            c.isValid(5);
        }
    }

    /**
     * Opens a connection outside the pool, for the life of something (e.g. the run's advisory locks).
     * The caller closes it.
     *
     * @throws SQLException the driver's error
     */
    public Connection dedicatedConnection() throws SQLException {
        return DriverManager.getConnection(url, credentials());
    }

    /**
     * Opens a connection outside the pool that may send several statements in one string, separated by {@code ;}
     * (Connector/J's {@code allowMultiQueries=true}), for the one place that needs them: the cutover's
     * {@code RENAME TABLE ...; SELECT @@global.gtid_executed} in one round trip. Its session is set up like the
     * pooled ones (time zone, sql_mode, {@code innodb_lock_wait_timeout}, READ COMMITTED, auto-commit on). The
     * caller closes it; keep multi-statement strings to composed statements, never to text from outside.
     *
     * @throws SQLException the driver's error (e.g. 1045 access denied), or the session setup's
     */
    public Connection multiQueryConnection() throws SQLException {
        Connection c = DriverManager.getConnection(url + "&allowMultiQueries=true", credentials());
        try {
            c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            try (Statement s = c.createStatement()) {
                s.execute(sessionSetup);
            }
            return c;
        } catch (SQLException | RuntimeException e) {
            try {
                c.close();
            } catch (SQLException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    private Properties credentials() {
        Properties props = new Properties();
        props.setProperty("user", endpoint.user());
        props.setProperty("password", endpoint.password());
        return props;
    }

    /** @return the endpoint this pool connects to */
    public Endpoint endpoint() {
        return endpoint;
    }

    /** @return the jOOQ context over the pool; each statement borrows and returns a connection */
    public DSLContext dsl() {
        return dsl;
    }

    /**
     * Borrows a connection; the caller closes it. Auto-commit is on unless the caller turns it off.
     *
     * @throws SQLException if the server cannot be reached within 10 s; at once if it refuses the user or the
     *     database ({@link #refused}) before the pool's first connection
     */
    public Connection connection() throws SQLException {
        if (!reached) {
            try {
                probe();
            } catch (SQLException e) {
                if (refused(e)) {
                    throw e;
                }
                // perhaps transient (server restarting, network): the pool retries for its connection timeout
            }
        }
        Connection c = dataSource.getConnection();
        reached = true;
        return c;
    }

    /**
     * Drops connections without a word to their servers ({@link Connection#abort}: the socket is closed, the server
     * rolls back their transactions). For connections in an unknown protocol state, e.g. after an
     * {@link OutOfMemoryError} mid-read, whose rollback or close could wait for an answer that never comes; the pool
     * evicts them when they are closed. Never throws.
     *
     * @param first a connection or null
     * @param more more connections, each may be null
     */
    public static void abort(Connection first, Connection... more) {
        abortQuietly(first);
        for (Connection c : more) {
            abortQuietly(c);
        }
    }

    private static void abortQuietly(Connection c) {
        try {
            if (c != null) {
                c.abort(Runnable::run);
            }
        } catch (SQLException | RuntimeException ignored) {
            // closed already
        }
    }

    /** @return a jOOQ context bound to one borrowed connection (for transactions spanning statements) */
    public static DSLContext on(Connection connection) {
        return DSL.using(connection, DIALECT, settings());
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
