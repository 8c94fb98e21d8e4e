package io.tablemover.engine.validate;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;
import io.tablemover.engine.config.Endpoint;
import io.tablemover.engine.mysql.ServerPool;
import io.tablemover.engine.sql.ServerStatements;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.exception.DataAccessException;

/** The checks of each server: reachable with the given user, the source's binlog settings, a writable target, the databases exist. */
final class ServerChecks {
    private final ServerPool source;
    private final List<ServerPool> targets;
    private final ValidationScope scope;

    ServerChecks(ValidationScope scope) {
        this.scope = scope;
        this.source = scope.source();
        this.targets = scope.targets();
    }

    ServerInfo reach(String side, ServerPool pool, String settings, List<Problem> problems) {
        try {
            pool.probe();
            Record r = pool.dsl().fetchOne(ServerStatements.selectServerIdentity());
            return new ServerInfo(r.get(0, String.class), r.get(1, String.class));
        } catch (SQLException | DataAccessException e) {
            if (unknownDatabase(e)) {
                // the pool connects to the database itself, so a missing one shows up here, not in checkDatabase
                problems.add(databaseMissing(side, pool.endpoint()));
                return null;
            }
            SQLException denied = errorCode(e, 1044);
            if (denied != null) {
                // a user without rights on a database is told so whether it exists or not
                problems.add(databaseDenied(side, pool.endpoint(), denied.getMessage()));
                return null;
            }
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().split("\n")[0];
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            if (root != e && root.getMessage() != null && !why.contains(root.getMessage().split("\n")[0])) {
                why = why + " (" + root.getMessage().split("\n")[0] + ")";
            }
            problems.add(new Problem(side + " " + pool.endpoint().address(),
                    "cannot connect as " + pool.endpoint().user() + ": " + why,
                    "check that the server is up and " + settings));
            return null;
        }
    }

    void checkSourceSettings(List<Problem> problems) {
        Map<String, String> expected = new java.util.LinkedHashMap<>();
        expected.put("log_bin", "1");
        expected.put("binlog_format", "ROW");
        expected.put("binlog_row_image", "FULL");
        expected.put("gtid_mode", "ON");
        for (Map.Entry<String, String> e : expected.entrySet()) {
            String value = variable(source, e.getKey());
            if (!e.getValue().equalsIgnoreCase(value)) {
                String fix = e.getKey().equals("log_bin")
                        ? "start the source with --log-bin"
                        : e.getKey().equals("gtid_mode")
                        ? "enable GTIDs on the source (gtid_mode=ON, enforce_gtid_consistency=ON; MySQL 8.0 manual 17.1.4)"
                        : "SET PERSIST " + e.getKey() + " = '" + e.getValue() + "' on the source (new sessions use it)";
                problems.add(new Problem("source " + e.getKey(), "is " + value + ", tablemover needs " + e.getValue(), fix));
            }
        }
    }

    void checkTargetSettings(int shard, List<Problem> problems) {
        for (String v : List.of("read_only", "super_read_only")) {
            if ("1".equals(variable(targets.get(shard), v))) {
                problems.add(new Problem(scope.side(shard) + " " + v, "is ON: the target cannot be written",
                        "SET GLOBAL " + v + " = OFF on the target, or choose a writable target (not a replica)"));
            }
        }
    }

    static String variable(ServerPool pool, String name) {
        return pool.dsl().fetchOne(ServerStatements.selectGlobalVariable(name)).value1();
    }

    void checkDatabase(String side, ServerPool pool, Endpoint e, List<Problem> problems) {
        Field<String> schema = field(name("SCHEMA_NAME"), String.class);
        boolean exists = pool.dsl().fetchExists(pool.dsl().selectOne()
                .from(table(name("information_schema", "SCHEMATA"))).where(schema.eq(e.database())));
        if (!exists) {
            problems.add(databaseMissing(side, e));
        }
    }

    static Problem databaseMissing(String side, Endpoint e) {
        return new Problem(side + " database " + e.database(), "does not exist",
                side.startsWith("target") ? "CREATE DATABASE `" + e.database() + "` on the target first"
                        : "check the database in --source");
    }

    /**
     * The database-level privileges a move needs on each side, for the GRANT of a fix (the source also needs
     * REPLICATION SLAVE and REPLICATION CLIENT globally, which the privilege check reports).
     */
    private static final String SOURCE_GRANTS = "SELECT, INSERT, UPDATE, DELETE, CREATE, DROP, ALTER, LOCK TABLES";
    private static final String TARGET_GRANTS = "SELECT, INSERT, UPDATE, DELETE, CREATE, DROP, ALTER";
    /** The account in MySQL's 1044 message: {@code Access denied for user 'u'@'h' to database 'd'}. */
    private static final Pattern DENIED_ACCOUNT = Pattern.compile("for user ('[^']*'@'[^']*')");

    /**
     * A connection refused with error 1044 (ER_DBACCESS_DENIED_ERROR): MySQL says so for a database the user may
     * not use whether it exists or not.
     *
     * @param message the server's message, which names the account ({@code 'user'@'host'})
     */
    static Problem databaseDenied(String side, Endpoint e, String message) {
        Matcher m = DENIED_ACCOUNT.matcher(message == null ? "" : message);
        String account = m.find() ? m.group(1) : "'" + e.user() + "'@'%'";
        String grant = "GRANT " + (side.startsWith("target") ? TARGET_GRANTS : SOURCE_GRANTS) + " ON `" + e.database()
                + "`.* TO " + account;
        return new Problem(side + " database " + e.database(), "does not exist or user " + account + " may not use it",
                (side.startsWith("target") ? "CREATE DATABASE `" + e.database() + "` on the target if it is missing, then "
                        : "check the database in --source; if it is right, ") + grant + " (as an administrator)");
    }

    /** @return whether the connection failed because its database does not exist (ER_BAD_DB_ERROR, 1049) */
    static boolean unknownDatabase(Throwable e) {
        return errorCode(e, 1049) != null;
    }

    /** @return the {@link SQLException} in {@code e}'s causes with this MySQL error code, or null */
    private static SQLException errorCode(Throwable e, int code) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql && sql.getErrorCode() == code) {
                return sql;
            }
        }
        return null;
    }
}
