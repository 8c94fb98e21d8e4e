package io.tablemover.engine.transfer;

import io.tablemover.engine.mysql.ServerPool;
import io.tablemover.engine.schema.KeyRange;
import io.tablemover.engine.schema.KeyValue;
import io.tablemover.engine.schema.TableSchema;
import io.tablemover.engine.sql.Statements;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jooq.DSLContext;
import org.jooq.ResultQuery;
import org.jooq.exception.DataAccessException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one mechanism that writes rows to the target, shared by the copy and the binlog apply:
 * <ol>
 *   <li>on the source, in a transaction, read the rows of a key range or of a set of keys with a
 *       locking read ({@code SELECT ... FOR SHARE}, READ COMMITTED);</li>
 *   <li>on the target, in a transaction, delete the requested keys that the source no longer has, then
 *       {@code REPLACE} the rows read; commit;</li>
 *   <li>commit the source transaction, releasing the share locks.</li>
 * </ol>
 *
 * <p>Why this converges although copy and apply overlap: a locking read returns the latest committed
 * version of each row and waits for any transaction still holding it, including one whose binlog event
 * has already reached our binlog client but whose commit is not yet visible (the race that resurrects
 * deleted rows in designs that copy from a consistent snapshot). While the share locks are held no one
 * can change those rows, so their next change commits — and reaches the binlog stream — only after our
 * target write committed; the apply of that change then re-reads and re-writes the row. So the last write
 * of every row on the target carries the row's latest source value. Re-running any sync is idempotent.
 *
 * <p>Deadlocks and lock wait timeouts (MySQL errors 1213, 1205) are retried up to 10 times.
 */
public final class RowTransfer {
    private static final Logger log = LoggerFactory.getLogger(RowTransfer.class);
    private static final int MAX_ATTEMPTS = 10;

    private final ServerPool source;
    private final ServerPool target;

    public RowTransfer(ServerPool source, ServerPool target) {
        this.source = source;
        this.target = target;
    }

    /**
     * The outcome of one transfer.
     *
     * @param rowsWritten rows replaced on the target
     * @param rowsDeleted keys deleted on the target because the source no longer has them
     * @param lastKey the highest key read, for ranges (empty if the range held no row)
     */
    public record Result(int rowsWritten, int rowsDeleted, Optional<KeyValue> lastKey) {}

    /**
     * Writes extra statements into a transfer's target transaction, before its commit: the copy's
     * checkpoint, so that the rows and the record of having copied them commit together.
     */
    @FunctionalInterface
    public interface TargetTransactionHook {
        /**
         * @param targetTx the target transaction's context
         * @param rowsWritten rows the transfer wrote
         */
        void beforeCommit(DSLContext targetTx, int rowsWritten);

        /** A hook that writes nothing. */
        TargetTransactionHook NONE = (tx, rows) -> { };
    }

    /**
     * Copies every source row of {@code range} to the target.
     *
     * @param sourceName the source table's current name
     * @param hook runs in the target transaction before it commits (e.g. the copy checkpoint)
     * @throws TransferException if the servers fail other than by deadlock or lock wait timeout
     */
    public Result copyRange(TableSchema table, String sourceName, String targetName, KeyRange range,
                            TargetTransactionHook hook) {
        return withRetry(table, () -> transfer(table, targetName,
                dsl -> Statements.lockRange(dsl, table.database(), sourceName, table.storedColumns(),
                        table.requireKey(), range),
                List.of(), hook));
    }

    /**
     * Makes the target rows of {@code keys} equal to the source's: rows present are replaced, keys
     * absent on the source are deleted on the target.
     *
     * @param keys distinct keys, at most a few thousand (one statement each way)
     */
    public Result syncKeys(TableSchema table, String sourceName, String targetName, List<KeyValue> keys) {
        if (keys.isEmpty()) {
            return new Result(0, 0, Optional.empty());
        }
        return withRetry(table, () -> transfer(table, targetName,
                dsl -> Statements.lockKeys(dsl, table.database(), sourceName, table.storedColumns(),
                        table.requireKey(), keys),
                keys, TargetTransactionHook.NONE));
    }

    private interface Attempt {
        Result run() throws SQLException;
    }

    private Result withRetry(TableSchema table, Attempt attempt) {
        for (int i = 1; ; i++) {
            try {
                return attempt.run();
            } catch (SQLException | DataAccessException e) {
                SQLException sql = e instanceof SQLException s ? s : ((DataAccessException) e).getCause(SQLException.class);
                int code = sql == null ? 0 : sql.getErrorCode();
                if ((code == 1213 || code == 1205) && i < MAX_ATTEMPTS) {
                    log.debug("table {}: {} (attempt {}), retrying", table.name(), sql.getMessage(), i);
                    sleep(50L * i);
                    continue;
                }
                throw new TransferException("table " + table.name() + ": " + (sql != null ? sql.getMessage() : e.getMessage()), e);
            }
        }
    }

    private Result transfer(TableSchema table, String targetName,
                            java.util.function.Function<DSLContext, ResultQuery<?>> read,
                            List<KeyValue> requestedKeys, TargetTransactionHook hook) throws SQLException {
        var columns = table.storedColumns();
        var key = table.requireKey();
        int[] keyPositions = ValueReader.keyPositions(key, columns);
        try (Connection src = source.connection(); Connection tgt = target.connection()) {
            src.setAutoCommit(false);
            tgt.setAutoCommit(false);
            try {
                List<List<Object>> rows = new ArrayList<>();
                Map<KeyValue, Boolean> seen = new LinkedHashMap<>();
                try (ResultSet rs = read.apply(ServerPool.on(src)).fetchResultSet()) {
                    while (rs.next()) {
                        List<Object> row = ValueReader.readRow(rs, columns);
                        rows.add(row);
                        seen.put(ValueReader.keyOf(row, keyPositions, key), Boolean.TRUE);
                    }
                }
                DSLContext t = ServerPool.on(tgt);
                List<KeyValue> absent = new ArrayList<>();
                Set<KeyValue> present = new HashSet<>(seen.keySet());
                for (KeyValue k : requestedKeys) {
                    if (!present.contains(k)) {
                        absent.add(k);
                    }
                }
                // deletes first: under a case- or pad-insensitive collation an absent key may equal a
                // present row's key, which the REPLACE below must re-create
                int deleted = absent.isEmpty() ? 0
                        : Statements.deleteKeys(t, targetDatabase(), targetName, key, absent).execute();
                if (!rows.isEmpty()) {
                    Statements.replaceRows(t, targetDatabase(), targetName, columns, rows).execute();
                }
                hook.beforeCommit(t, rows.size());
                tgt.commit();
                src.commit();
                Optional<KeyValue> last = seen.isEmpty() ? Optional.empty()
                        : Optional.of(ValueReader.keyOf(rows.get(rows.size() - 1), keyPositions, key));
                return new Result(rows.size(), deleted, last);
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(tgt);
                rollbackQuietly(src);
                throw e;
            }
        }
    }

    private String targetDatabase() {
        return target.endpoint().database();
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // the connection is broken; closing it releases everything
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransferException("interrupted", e);
        }
    }
}
