package io.tablemover.engine.sql;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;

import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Query;
import org.jooq.QueryPart;
import org.jooq.Record;
import org.jooq.Record1;
import org.jooq.Record2;
import org.jooq.ResultQuery;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

/**
 * The statements that read or set server variables and status, built with jOOQ (names quoted or checked, values
 * bound or inlined by jOOQ). {@code SHOW GLOBAL STATUS}, {@code SHOW REPLICA STATUS} and the multi-variable
 * {@code SET} have no jOOQ builder and are composed with jOOQ's templating from jOOQ query parts, never by pasting
 * names or values into text.
 *
 * <p>The statements are not attached to a connection: run them with a {@link DSLContext}, e.g.
 * {@code dsl.fetchOne(ServerStatements.selectGtidPurged())}. Thread-safe (stateless).
 */
public final class ServerStatements {
    private static final DSLContext RENDER = DSL.using(SQLDialect.MYSQL);
    /**
     * A system variable name: letters, digits and underscores, optionally prefixed by a component name and a dot
     * ({@code validate_password.length}), as in MySQL manual 5.1.9 "Using System Variables".
     */
    private static final Pattern VARIABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?");

    private ServerStatements() {}

    /** {@code SELECT @@global.gtid_executed}: one row, one column, the server's executed GTID set (text). */
    public static ResultQuery<Record1<String>> selectGtidExecuted() {
        return selectGlobalVariable("gtid_executed");
    }

    /**
     * {@code SELECT WAIT_FOR_EXECUTED_GTID_SET(set, timeout)}: one row, 0 once the server's {@code gtid_executed}
     * contains {@code gtidSet}, 1 if {@code timeoutSeconds} passed first (MySQL manual, "Functions Used with GTIDs").
     * MySQL 8.0 adds a transaction's GTID to {@code gtid_executed} in the commit stage after the storage engine's
     * commit, so once it returns 0 the transactions' rows are visible to a new consistent read.
     */
    public static ResultQuery<Record1<Integer>> waitForExecutedGtidSet(String gtidSet, int timeoutSeconds) {
        return RENDER.select(field("wait_for_executed_gtid_set({0}, {1})", Integer.class, DSL.val(gtidSet),
                DSL.inline(timeoutSeconds)));
    }

    /** {@code SELECT @@global.gtid_purged}: one row, one column, the GTID set whose binlogs are purged (text). */
    public static ResultQuery<Record1<String>> selectGtidPurged() {
        return selectGlobalVariable("gtid_purged");
    }

    /**
     * {@code SELECT @@global.<name>}: one row, one column, the variable's global value as text (NULL if it has
     * none). The name is checked, then rendered as it is spelled (unquoted, like the server's own spelling).
     *
     * @param name a system variable name, e.g. {@code "binlog_format"} or {@code "validate_password.length"}
     * @throws IllegalArgumentException if {@code name} is not a plain variable name (letters, digits, underscores,
     *     at most one dot), e.g. {@code "x; drop table t"}
     */
    public static ResultQuery<Record1<String>> selectGlobalVariable(String name) {
        if (name == null || !VARIABLE.matcher(name).matches()) {
            throw new IllegalArgumentException("not a system variable name: '" + name + "'");
        }
        return RENDER.select(field(DSL.unquotedName("@@global", name), String.class));
    }

    /** @return {@code select @@server_uuid, @@version}: which server this is, e.g. {@code 8.0.31} */
    public static ResultQuery<Record2<String, String>> selectServerIdentity() {
        return RENDER.select(DSL.field("@@server_uuid", String.class), DSL.field("@@version", String.class));
    }

    /** @return {@code select current_user()}: the account the server matched, {@code user@host} */
    public static ResultQuery<Record1<String>> selectCurrentUser() {
        return RENDER.select(DSL.field("current_user()", String.class));
    }

    /**
     * {@code SHOW GLOBAL STATUS WHERE Variable_name IN (?, ...)}: rows of (name, value text), for the names the
     * server knows (unknown names give no row; MySQL compares them case-insensitively).
     *
     * @param names status variable names, e.g. {@code [threads_running]}; not empty
     * @throws IllegalArgumentException if {@code names} is empty
     */
    public static ResultQuery<Record> showGlobalStatus(Collection<String> names) {
        if (names.isEmpty()) {
            throw new IllegalArgumentException("no status variable names");
        }
        Field<String> variable = field(DSL.unquotedName("variable_name"), String.class);
        return RENDER.resultQuery("show global status where {0}", variable.in(names));
    }

    /** {@code SHOW REPLICA STATUS} (MySQL 8.0.22 and newer): one row per replication channel, none on a non-replica. */
    public static ResultQuery<Record> showReplicaStatus() {
        return RENDER.resultQuery("show replica status");
    }

    /** {@code SHOW SLAVE STATUS}: {@link #showReplicaStatus()} for servers older than 8.0.22 (legacy column names). */
    public static ResultQuery<Record> showSlaveStatus() {
        return RENDER.resultQuery("show slave status");
    }

    /**
     * {@code SELECT HOST FROM information_schema.PROCESSLIST WHERE ID = ?}: the client host (host:port) of a
     * connection; no row if the connection is gone.
     *
     * @param connectionId the connection's id ({@code CONNECTION_ID()}, {@code IS_USED_LOCK()})
     */
    public static ResultQuery<Record1<String>> selectConnectionHost(long connectionId) {
        return RENDER.select(field(name("HOST"), String.class))
                .from(DSL.table(name("information_schema", "PROCESSLIST")))
                .where(field(name("ID"), Long.class).eq(connectionId));
    }

    /**
     * The session setup of every tablemover connection, as ONE statement (so that it runs where multi-statements
     * are off, e.g. as HikariCP's {@code connectionInitSql}):
     * {@code SET time_zone = '+00:00', sql_mode = 'NO_AUTO_VALUE_ON_ZERO,NO_ENGINE_SUBSTITUTION,STRICT_ALL_TABLES',
     * innodb_lock_wait_timeout = n}. Values are inlined (the statement is sent as text).
     *
     * @param lockWaitTimeoutSeconds the session's {@code innodb_lock_wait_timeout}, in seconds (the server raises a
     *     value below 1 to 1, with a warning)
     */
    public static Query sessionSetup(int lockWaitTimeoutSeconds) {
        List<QueryPart> assignments = List.of(
                assign("time_zone", DSL.inline("+00:00")),
                assign("sql_mode", DSL.inline("NO_AUTO_VALUE_ON_ZERO,NO_ENGINE_SUBSTITUTION,STRICT_ALL_TABLES")),
                assign("innodb_lock_wait_timeout", DSL.inline(lockWaitTimeoutSeconds)));
        return RENDER.query("set {0}", DSL.list(assignments));
    }

    private static QueryPart assign(String variable, Field<?> value) {
        return DSL.sql("{0} = {1}", name(variable), value);
    }
}
