package io.tablemover.engine.transfer;

import io.tablemover.engine.mysql.ServerPool;
import io.tablemover.engine.schema.KeyRange;
import io.tablemover.engine.schema.KeyValue;
import io.tablemover.engine.schema.TableSchema;
import io.tablemover.engine.shard.ShardRouter;
import io.tablemover.engine.sql.Statements;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jooq.DSLContext;
import org.jooq.ResultQuery;
import org.jooq.exception.DataAccessException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes rows read from the source to the targets, for the copy and the verify repair (the binlog apply writes its
 * row images with {@code apply.ImageWriter}):
 * <ol>
 *   <li>on the source, in a transaction, read the rows of a key range or of a set of keys with a
 *       locking read ({@code SELECT ... FOR SHARE}, READ COMMITTED);</li>
 *   <li>on each target shard, in a transaction, delete the requested keys that the source no longer has
 *       or whose row now belongs to another shard, then {@code REPLACE} the rows the shard owns
 *       ({@link ShardRouter}); commit the shards;</li>
 *   <li>commit the source transaction, releasing the share locks.</li>
 * </ol>
 *
 * <p>Why this converges although copy and apply overlap: a locking read returns the latest committed
 * version of each row and waits for any transaction still holding it, including one whose binlog event
 * has already reached our binlog client but whose commit is not yet visible (the race that resurrects
 * deleted rows in designs that copy from a consistent snapshot). While the share locks are held no one
 * can change those rows, so their next change commits — and reaches the binlog stream — only after our
 * target writes committed; the apply of that change then writes the row's new image. So the last write
 * of every row on the targets carries the row's latest source value. Re-running any sync is idempotent.
 *
 * <p>Resharding: a key is deleted on every shard that does not own its current row (a DELETE leaves the
 * owning shard; an UPDATE of the sharding column leaves the old shard), and the row is replaced on the
 * owning shard. The shards whose deletes removed rows commit first, then the others, so a row moving
 * between shards is deleted on its old shard before it appears on its new one (unless one batch moves rows
 * both ways between two shards). When a {@link TargetTransactionHook} writes the copy checkpoint, it goes
 * into the home shard's transaction, which commits last: a checkpoint never covers rows that are not
 * committed on every shard.
 *
 * <p>A deadlock (MySQL error 1213) is retried up to 10 times. A lock wait timeout (1205: an application transaction
 * holds a row lock the locking read needs) is retried, after a pause, until {@code --lock-wait-retry-timeout-seconds}
 * has passed; {@link LockWaits} looks up the blocker for the status line and the error.
 */
public final class RowTransfer {
    private static final Logger log = LoggerFactory.getLogger(RowTransfer.class);
    private static final int MAX_DEADLOCK_ATTEMPTS = 10;
    /** What {@link #copyRange} does, in messages. */
    static final String COPY = "copy";
    /** What {@link #syncKeys} does (the verify repair), in messages. */
    static final String REPAIR = "verify repair";

    private final ServerPool source;
    private final List<ServerPool> shards;
    private final ShardRouter router;
    private final LockWaits lockWaits;

    /** A transfer to one unsharded target, waiting 5 s per lock wait and retrying for up to 1 h. */
    public RowTransfer(ServerPool source, ServerPool target) {
        this(source, List.of(target), ShardRouter.single(),
                new LockWaits(source, Duration.ofSeconds(5), Duration.ofHours(1)));
    }

    /**
     * @param shards one pool per shard, in the router's shard order; the first is the home shard (the copy
     *     checkpoint's)
     * @param router places rows on the shards
     * @param lockWaits how lock waits on the source are retried and reported
     */
    public RowTransfer(ServerPool source, List<ServerPool> shards, ShardRouter router, LockWaits lockWaits) {
        if (shards.size() != router.shardCount()) {
            throw new IllegalArgumentException(shards.size() + " shard pools for " + router.shardCount() + " key ranges");
        }
        this.source = source;
        this.shards = List.copyOf(shards);
        this.router = router;
        this.lockWaits = lockWaits;
    }

    /** @return the transfers' lock waits (the status line shows the longest) */
    public LockWaits lockWaits() {
        return lockWaits;
    }

    /**
     * The outcome of one transfer.
     *
     * @param rowsWritten source rows read and replaced on their shard(s)
     * @param rowsDeleted rows deleted on the targets: keys the source no longer has, or rows that moved to another shard
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
     * @throws RowLockWaitException if a row lock stays held past {@code --lock-wait-retry-timeout-seconds}
     */
    public Result copyRange(TableSchema table, String sourceName, String targetName, KeyRange range,
                            TargetTransactionHook hook) {
        return withRetry(COPY, table, sourceName, wait -> transfer(wait, table, targetName,
                dsl -> Statements.lockRange(dsl, table.database(), sourceName, table.storedColumns(),
                        table.requireKey(), range),
                List.of(), hook));
    }

    /**
     * Makes the target rows of {@code keys} equal to the source's: rows present are replaced, keys
     * absent on the source are deleted on the target.
     *
     * @param keys distinct keys, at most a few thousand (one statement each way)
     * @throws RowLockWaitException if a row lock stays held past {@code --lock-wait-retry-timeout-seconds}
     */
    public Result syncKeys(TableSchema table, String sourceName, String targetName, List<KeyValue> keys) {
        if (keys.isEmpty()) {
            return new Result(0, 0, Optional.empty());
        }
        return withRetry(REPAIR, table, sourceName, wait -> transfer(wait, table, targetName,
                dsl -> Statements.lockKeys(dsl, table.database(), sourceName, table.storedColumns(),
                        table.requireKey(), keys),
                keys, TargetTransactionHook.NONE));
    }

    private interface Attempt {
        Result run(LockWaits.Wait wait) throws SQLException;
    }

    private Result withRetry(String what, TableSchema table, String sourceName, Attempt attempt) {
        LockWaits.Wait wait = lockWaits.begin(what, table.database() + "." + sourceName);
        try {
            for (int deadlocks = 0; ; ) {
                try {
                    return attempt.run(wait);
                } catch (SQLException | DataAccessException e) {
                    SQLException sql = e instanceof SQLException s ? s : ((DataAccessException) e).getCause(SQLException.class);
                    int code = sql == null ? 0 : sql.getErrorCode();
                    if (code == 1205) {
                        lockWaits.timedOut(wait, sql); // pauses, or throws past the retry timeout
                        continue;
                    }
                    if (code == 1213 && ++deadlocks < MAX_DEADLOCK_ATTEMPTS) {
                        log.debug("table {}: {} (attempt {}), retrying", table.name(), sql.getMessage(), deadlocks);
                        LockWaits.pause(50L * deadlocks, table.name());
                        continue;
                    }
                    throw new TransferException("table " + table.name() + ": " + (sql != null ? sql.getMessage() : e.getMessage()), e);
                }
            }
        } finally {
            lockWaits.end(wait);
        }
    }

    private Result transfer(LockWaits.Wait wait, TableSchema table, String targetName,
                            java.util.function.Function<DSLContext, ResultQuery<?>> read,
                            List<KeyValue> requestedKeys, TargetTransactionHook hook) throws SQLException {
        var columns = table.storedColumns();
        var key = table.requireKey();
        int[] keyPositions = ValueReader.keyPositions(key, columns);
        ShardRouter.TableRoute route = router.route(table);
        int n = shards.size();
        Connection[] tgt = new Connection[n];
        try (Connection src = source.connection()) {
            src.setAutoCommit(false);
            try {
                List<List<List<Object>>> rowsByShard = new ArrayList<>();
                List<Set<KeyValue>> keysByShard = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    rowsByShard.add(new ArrayList<>());
                    keysByShard.add(new HashSet<>());
                }
                int rowsRead = 0;
                KeyValue last = null;
                try (LockWaits.Watch watch = wait.watch(src); ResultSet rs = read.apply(ServerPool.on(src)).fetchResultSet()) {
                    while (rs.next()) {
                        List<Object> row = ValueReader.readRow(rs, columns);
                        KeyValue k = ValueReader.keyOf(row, keyPositions, key);
                        int shard = route.shardOf(row);
                        for (int i = 0; i < n; i++) {
                            if (shard == i || shard == ShardRouter.TableRoute.EVERY_SHARD) {
                                rowsByShard.get(i).add(row);
                                keysByShard.get(i).add(k);
                            }
                        }
                        rowsRead++;
                        last = k;
                    }
                }
                int deleted = 0;
                boolean[] removed = new boolean[n];
                for (int i = 0; i < n; i++) {
                    List<KeyValue> absent = new ArrayList<>();
                    for (KeyValue k : requestedKeys) {
                        if (!keysByShard.get(i).contains(k)) {
                            absent.add(k);
                        }
                    }
                    List<List<Object>> rows = rowsByShard.get(i);
                    boolean home = i == 0 && hook != TargetTransactionHook.NONE;
                    if (absent.isEmpty() && rows.isEmpty() && !home) {
                        continue;
                    }
                    tgt[i] = shards.get(i).connection();
                    tgt[i].setAutoCommit(false);
                    DSLContext t = ServerPool.on(tgt[i]);
                    String db = shards.get(i).endpoint().database();
                    // deletes first: under a case- or pad-insensitive collation an absent key may equal a
                    // present row's key, which the REPLACE below must re-create
                    int d = absent.isEmpty() ? 0 : Statements.deleteKeys(t, db, targetName, key, absent).execute();
                    removed[i] = d > 0;
                    deleted += d;
                    if (!rows.isEmpty()) {
                        Statements.replaceRows(t, db, targetName, columns, rows).execute();
                    }
                    if (home) {
                        hook.beforeCommit(t, rowsRead);
                    }
                }
                // shards that lost rows first (a moved row leaves its old shard before it reaches the new
                // one), the home shard's checkpoint last
                for (int pass = 0; pass < 2; pass++) {
                    for (int i = n - 1; i >= 0; i--) {
                        if (tgt[i] != null && removed[i] == (pass == 0) && !(i == 0 && hook != TargetTransactionHook.NONE)) {
                            tgt[i].commit();
                        }
                    }
                }
                if (tgt[0] != null && hook != TargetTransactionHook.NONE) {
                    tgt[0].commit();
                }
                src.commit();
                return new Result(rowsRead, deleted, Optional.ofNullable(last));
            } catch (SQLException | RuntimeException e) {
                for (Connection c : tgt) {
                    if (c != null) {
                        rollbackQuietly(c);
                    }
                }
                rollbackQuietly(src);
                throw e;
            } finally {
                for (Connection c : tgt) {
                    if (c != null) {
                        closeQuietly(c);
                    }
                }
            }
        }
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // returned to the pool broken; Hikari evicts it
        }
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // the connection is broken; closing it releases everything
        }
    }
}
