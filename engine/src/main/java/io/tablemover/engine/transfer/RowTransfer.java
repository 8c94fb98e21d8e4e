package io.tablemover.engine.transfer;

import io.tablemover.engine.mysql.ServerPool;
import io.tablemover.engine.schema.KeyRange;
import io.tablemover.engine.schema.KeyValue;
import io.tablemover.engine.schema.TableSchema;
import io.tablemover.engine.shard.ShardRouter;
import io.tablemover.engine.sql.ServerStatements;
import io.tablemover.engine.sql.Statements;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
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
 * The copy's (and the verify repair's) way of writing source rows to the target shards.
 * <ul>
 *   <li>{@link #copyRange}: reads a chunk with a plain read under a GTID low watermark, then REPLACEs its rows on
 *       the shards that own them, minus the keys the apply recorded for transactions outside the watermark; the apply
 *       writes the chunk's other keys only after it committed ({@link AppliedKeys} says why this converges);</li>
 *   <li>{@link #syncKeys} (the verify repair; the binlog apply writes its row images with {@code apply.ImageWriter}):
 *       reads keys with a locking read ({@code SELECT ... FOR SHARE}), deletes on each shard the
 *       keys the source no longer has or that it does not own, REPLACEs the rest, commits the shards, then the source.</li>
 * </ul>
 * Shards whose deletes removed rows commit first, so a row moving between shards leaves its old shard before it
 * reaches the new one. A {@link TargetTransactionHook} (the copy checkpoint) writes into the home shard's transaction,
 * which commits last: a checkpoint never covers rows not committed on every shard. A deadlock (1213) is retried up to
 * 10 times; a lock wait timeout (1205) after a pause until {@code --lock-wait-retry-timeout-seconds}, {@link LockWaits}
 * naming the blocker.
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
    private final RowWriter writer = new RowWriter();
    private final AppliedKeys appliedKeys = new AppliedKeys();

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
     * @param sourceLockMillis ms the source's share locks were held ({@link #syncKeys}: read to commit); 0 for a copy
     */
    public record Result(int rowsWritten, int rowsDeleted, Optional<KeyValue> lastKey, long sourceLockMillis) {}

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
        return withRetry(COPY, table, sourceName, wait -> {
            AppliedKeys.ChunkWrite chunk = appliedKeys.chunk(table.name());
            try {
                return transfer(wait, table, targetName, dsl -> {
                    // the low watermark, before the rows are read (AppliedKeys says why this makes a plain read safe)
                    chunk.begin(dsl.fetchOne(ServerStatements.selectGtidExecuted()).value1());
                    return Statements.readRange(dsl, table.database(), sourceName, table.storedColumns(),
                            table.requireKey(), range);
                }, List.of(), hook, chunk);
            } finally {
                chunk.end();
            }
        });
    }

    /** @return what the copy's watermark needs to know of what the binlog apply wrote */
    public AppliedKeys appliedKeys() {
        return appliedKeys;
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
            return new Result(0, 0, Optional.empty(), 0);
        }
        return withRetry(REPAIR, table, sourceName, wait -> transfer(wait, table, targetName,
                dsl -> Statements.lockKeys(dsl, table.database(), sourceName, table.storedColumns(),
                        table.requireKey(), keys),
                keys, TargetTransactionHook.NONE, null));
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
                            List<KeyValue> requestedKeys, TargetTransactionHook hook, AppliedKeys.ChunkWrite guard)
            throws SQLException {
        var columns = table.storedColumns();
        var key = table.requireKey();
        int[] keyPositions = ValueReader.keyPositions(key, columns);
        ShardRouter.TableRoute route = router.route(table);
        int n = shards.size();
        Connection[] tgt = new Connection[n];
        boolean hooked = false;
        boolean locking = guard == null;
        boolean guarded = false;
        try (Connection src = source.connection()) {
            if (locking) {
                src.setAutoCommit(false);
            }
            try {
                List<List<List<Object>>> rowsByShard = new ArrayList<>();
                List<Set<KeyValue>> keysByShard = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    rowsByShard.add(new ArrayList<>());
                    keysByShard.add(new HashSet<>());
                }
                int rowsRead = 0;
                KeyValue last = null;
                List<List<Object>> rowsIn = new ArrayList<>();
                List<KeyValue> readKeys = new ArrayList<>();
                long lockedAt = System.nanoTime(); // the share locks are taken by the read below (locking only)
                try (LockWaits.Watch watch = wait.watch(src); ResultSet rs = read.apply(ServerPool.on(src)).fetchResultSet()) {
                    while (rs.next()) {
                        List<Object> row = ValueReader.readRow(rs, columns);
                        rowsIn.add(row);
                        readKeys.add(last = ValueReader.keyOf(row, keyPositions, key));
                    }
                }
                rowsRead = rowsIn.size();
                Set<KeyValue> leftOut = Set.of();
                if (guard != null) {
                    guarded = true;
                    leftOut = guard.enter(readKeys);
                }
                for (int r = 0; r < rowsIn.size(); r++) {
                    List<Object> row = rowsIn.get(r);
                    KeyValue k = readKeys.get(r);
                    if (leftOut.contains(k)) {
                        continue; // the binlog apply wrote a newer image of it
                    }
                    int shard = route.shardOf(row);
                    for (int i = 0; i < n; i++) {
                        if (shard == i || shard == ShardRouter.TableRoute.EVERY_SHARD) {
                            rowsByShard.get(i).add(row);
                            keysByShard.get(i).add(k);
                        }
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
                        writer.replace(tgt[i], db, targetName, columns, rows);
                    }
                    if (home) {
                        hooked = true;
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
                if (hooked) {
                    hooked = false;
                    tgt[0].commit();
                    hook.finished(true);
                }
                if (locking) {
                    src.commit();
                }
                return new Result(rowsRead, deleted, Optional.ofNullable(last),
                        locking ? (System.nanoTime() - lockedAt) / 1_000_000 : 0);
            } catch (SQLException | RuntimeException e) {
                if (hooked) {
                    hook.finished(false);
                }
                for (Connection c : tgt) {
                    if (c != null) {
                        Quietly.rollback(c);
                    }
                }
                if (locking) {
                    Quietly.rollback(src);
                }
                throw e;
            } catch (Error e) { // e.g. OutOfMemoryError mid-read: a rollback could wait forever (ServerPool.abort)
                if (hooked) {
                    hook.finished(false);
                }
                ServerPool.abort(src, tgt);
                throw e;
            } finally {
                if (guarded) {
                    guard.exit();
                }
                for (Connection c : tgt) {
                    if (c != null) {
                        Quietly.close(c);
                    }
                }
            }
        }
    }
}
