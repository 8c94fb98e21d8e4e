package io.tablemover.engine.state;

import io.tablemover.engine.mysql.ServerPool;
import io.tablemover.engine.sql.LockStatements;
import io.tablemover.engine.sql.ServerStatements;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.jooq.DSLContext;
import org.jooq.Record1;

/**
 * One advisory lock ({@code GET_LOCK}) per moved table, held on a dedicated target connection for the
 * life of the run, so that two runs whose table sets overlap cannot both proceed. The lock name is
 * {@code tablemover:<source db>.<table>} (hashed when longer than MySQL's 64-character limit). If the
 * lock connection dies, {@link #check()} fails and the run stops before its next unsafe step.
 */
public final class TableLocks implements AutoCloseable {
    private final Connection connection;
    private final List<String> names;

    private TableLocks(Connection connection, List<String> names) {
        this.connection = connection;
        this.names = names;
    }

    /**
     * Takes every table's lock without waiting.
     *
     * @throws StateException naming the first table whose lock another connection holds, and the holder
     */
    public static TableLocks acquire(ServerPool target, String sourceDb, List<String> tables) {
        Connection c;
        try {
            c = target.dedicatedConnection();
        } catch (SQLException e) {
            throw new StateException("cannot open the lock connection to the target: " + e.getMessage());
        }
        DSLContext dsl = ServerPool.on(c);
        List<String> names = new ArrayList<>();
        try {
            for (String t : tables) {
                String name = lockName(sourceDb, t);
                Integer got = dsl.fetchOne(LockStatements.getLock(name, 0)).value1();
                if (got == null || got != 1) {
                    Record1<Long> holder = dsl.fetchOne(LockStatements.isUsedLock(name));
                    Long id = holder == null ? null : holder.value1();
                    String host = id == null ? "?" : dsl.fetchOptional(ServerStatements.selectConnectionHost(id))
                            .map(Record1::value1).orElse("?");
                    closeQuietly(c);
                    throw new StateException("table " + t + " is being moved by another tablemover run (target connection "
                            + id + " from " + host + " holds lock '" + name + "'): wait for that run to finish or stop it");
                }
                names.add(name);
            }
        } catch (RuntimeException e) {
            closeQuietly(c);
            throw e;
        }
        return new TableLocks(c, names);
    }

    /**
     * Like {@link #acquire}, but returns null when the target cannot be reached at all (validation then
     * reports that, with its fix).
     *
     * @throws StateException naming the first table whose lock another connection holds
     */
    public static TableLocks tryAcquire(ServerPool target, String sourceDb, List<String> tables) {
        try {
            target.probe();
        } catch (SQLException e) {
            return null;
        }
        return acquire(target, sourceDb, tables);
    }

    /** @return the lock name of a table, at most 64 characters */
    static String lockName(String sourceDb, String table) {
        String name = "tablemover:" + sourceDb + "." + table;
        if (name.length() <= 64) {
            return name;
        }
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
            return "tablemover:" + HexFormat.of().formatHex(d).substring(0, 40);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * @throws StateException if the lock connection is gone or no longer holds every lock: the run must
     *     stop before doing anything unsafe
     */
    public void check() {
        try {
            DSLContext dsl = ServerPool.on(connection);
            for (String name : names) {
                Record1<Boolean> r = dsl.fetchOne(LockStatements.holdsLock(name));
                if (r == null || !Boolean.TRUE.equals(r.value1())) {
                    throw new StateException("lost the table lock '" + name + "' on the target; stopping the run; run the same command again to resume");
                }
            }
        } catch (org.jooq.exception.DataAccessException e) {
            throw new StateException("the target lock connection failed (" + e.getMessage().split("\n")[0]
                    + "); stopping the run; run the same command again to resume");
        }
    }

    @Override
    public void close() {
        closeQuietly(connection);
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // closing the session releases its locks anyway
        }
    }
}
