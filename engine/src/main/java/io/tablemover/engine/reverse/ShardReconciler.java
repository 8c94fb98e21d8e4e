package io.tablemover.engine.reverse;

import com.google.common.util.concurrent.Striped;
import io.tablemover.engine.apply.ImageWriter;
import io.tablemover.engine.apply.RowImageWriter;
import io.tablemover.engine.mysql.ServerPool;
import io.tablemover.engine.schema.Column;
import io.tablemover.engine.schema.KeyValue;
import io.tablemover.engine.schema.TableSchema;
import io.tablemover.engine.shard.ShardRouter;
import io.tablemover.engine.sql.ServerStatements;
import io.tablemover.engine.sql.Statements;
import io.tablemover.engine.transfer.TransferException;
import io.tablemover.engine.transfer.ValueReader;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.Lock;
import org.jooq.exception.DataAccessException;

/**
 * The reverse stream's writer into the source when the targets are shards: the streams of the shards are not ordered
 * with each other, so a key deleted on one shard may meanwhile live on another. A row that an update of its sharding
 * column moved from shard A to shard B arrives as a delete from A's stream and an insert from B's, in either order.
 *
 * <p>For a batch of shard {@code self}'s stream, every key is looked up on every shard (a plain read of {@code t}, or of
 * {@code _t_rev} once the revert renamed it), after that shard's {@code gtid_executed} holds every transaction its own
 * reverse stream has received ({@code WAIT_FOR_EXECUTED_GTID_SET}: a row another stream has written must be visible):
 * <ul>
 *   <li>a present image is written as it is: it is that row's state at this point of the stream, and if it is no
 *       longer current, a later change on the same shard (an update, or the delete of a move away) follows in the same
 *       stream and is written after it;</li>
 *   <li>a deleted key that another shard holds now is written with that shard's row instead of the delete.</li>
 * </ul>
 * The keys of a batch are locked in this process (shared by all the shards' writers, striped by table and key) from the
 * read to the source's commit, so the last write of a key into the source is its last decision. Why the source then
 * converges is in docs/architecture.md ("Reverse replication of resharded targets").
 *
 * <p>Reference tables (on every shard) are written as they are, from the first shard's stream only
 * ({@link ReverseStreams} leaves them out of the other shards' streams). A key present on two shards with different
 * rows (a primary key the application used on both) is read again for {@value #CONFLICT_WAIT_MS} ms (a move in
 * flight), then fails the stream: the source can hold one row per key.
 */
final class ShardReconciler implements RowImageWriter {
    /**
     * How long a key found on two shards with different rows is read again (every 200 ms) before the stream fails, ms:
     * an application that moves a row by an insert on the new shard first and a delete on the old one later, in a
     * transaction that commits seconds after, must not stop the run.
     */
    static final long CONFLICT_WAIT_MS = 10_000;
    /** Seconds a shard may take to make visible what its own binlog already sent (the wait then fails the stream). */
    private static final int VISIBLE_WAIT_SECONDS = 60;
    /** Keys per read of another shard (as the apply's DELETEs). */
    private static final int SLICE = 500;

    /** A shard as the reconciler reads it: its pool and the GTIDs its reverse stream received. */
    record Shard(ServerPool pool, ReverseSink sink) {}

    private final int self;
    private final List<Shard> shards;
    private final ImageWriter source;
    private final ShardRouter router;
    private final Striped<Lock> locks;

    /**
     * @param self the index of the shard whose stream this writer serves
     * @param shards every shard, in the router's order
     * @param source writes into the source's {@code _t_del} tables
     * @param locks shared by the writers of all the shards' streams
     */
    ShardReconciler(int self, List<Shard> shards, ImageWriter source, ShardRouter router, Striped<Lock> locks) {
        this.self = self;
        this.shards = List.copyOf(shards);
        this.source = source;
        this.router = router;
        this.locks = locks;
    }

    @Override
    public void write(TableSchema table, Map<KeyValue, List<Object>> images) {
        if (images.isEmpty()) {
            return;
        }
        if (router.route(table) == ShardRouter.TableRoute.EVERY) {
            source.write(table, images);
            return;
        }
        List<Object> stripes = new ArrayList<>(images.size());
        images.keySet().forEach(k -> stripes.add(List.of(table.name(), k)));
        List<Lock> held = new ArrayList<>();
        try {
            for (Lock lock : locks.bulkGet(stripes)) { // in stripe order: two writers cannot deadlock
                lock.lock();
                held.add(lock);
            }
            source.write(table, withRowsElsewhere(table, images));
        } finally {
            for (int i = held.size() - 1; i >= 0; i--) {
                held.get(i).unlock();
            }
        }
    }

    /**
     * @return the images, with each deleted key that another shard holds replaced by that shard's row
     * @throws TransferException if a key is on two shards with different rows, read after read
     */
    private Map<KeyValue, List<Object>> withRowsElsewhere(TableSchema table, Map<KeyValue, List<Object>> images) {
        List<KeyValue> keys = new ArrayList<>(images.keySet());
        int[] keyPositions = ValueReader.keyPositions(table.requireKey(), table.storedColumns());
        long giveUp = System.nanoTime() + CONFLICT_WAIT_MS * 1_000_000;
        while (true) {
            Map<KeyValue, List<Object>> found = new LinkedHashMap<>();
            Map<KeyValue, Integer> foundOn = new LinkedHashMap<>();
            String conflict = null;
            for (int i = 0; i < shards.size() && conflict == null; i++) {
                for (List<Object> row : rowsOn(i, table, keys)) {
                    KeyValue k = ValueReader.keyOf(row, keyPositions, table.requireKey());
                    List<Object> first = found.putIfAbsent(k, row);
                    if (first == null) {
                        foundOn.put(k, i);
                    } else if (!sameRow(first, row)) {
                        conflict = "key " + k + " of table " + table.name() + " is on target " + name(foundOn.get(k))
                                + " and on " + name(i) + " with different rows";
                        break;
                    }
                }
            }
            if (conflict == null) {
                Map<KeyValue, List<Object>> merged = new LinkedHashMap<>(images);
                found.forEach((k, row) -> {
                    if (foundOn.get(k) != self && merged.get(k) == null) {
                        merged.put(k, row); // deleted on this shard, the row lives on another: it stays
                    }
                });
                return merged;
            }
            if (System.nanoTime() >= giveUp) {
                throw new TransferException("reverse stream: " + conflict + ", and the source can hold one row per key;"
                        + " delete it on the target that should not hold it, then run the move again (the reverse"
                        + " stream resumes from its checkpoint)", null);
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TransferException("interrupted while reading table " + table.name() + " on the shards", e);
            }
        }
    }

    /** @return the rows of {@code keys} on shard {@code i}, once it shows every change its stream received */
    private List<List<Object>> rowsOn(int i, TableSchema table, List<KeyValue> keys) {
        Shard shard = shards.get(i);
        String db = shard.pool().endpoint().database();
        List<Column> columns = table.storedColumns();
        List<List<Object>> rows = new ArrayList<>();
        try (Connection c = shard.pool().connection()) {
            Integer waited = ServerPool.on(c).fetchOne(ServerStatements.waitForExecutedGtidSet(shard.sink().received(),
                    VISIBLE_WAIT_SECONDS)).value1();
            if (waited == null || waited != 0) {
                throw new TransferException("reverse stream: target " + shard.pool().endpoint().address() + " did not"
                        + " make visible in " + VISIBLE_WAIT_SECONDS + " s the transactions its binlog already sent", null);
            }
            for (int from = 0; from < keys.size(); from += SLICE) {
                List<KeyValue> slice = keys.subList(from, Math.min(keys.size(), from + SLICE));
                readSlice(c, db, table, columns, slice, rows);
            }
        } catch (SQLException | DataAccessException e) {
            throw new TransferException("reverse stream: reading table " + table.name() + " on target "
                    + shard.pool().endpoint().address() + ": " + e.getMessage(), e);
        }
        return rows;
    }

    private static void readSlice(Connection c, String db, TableSchema table, List<Column> columns,
                                  List<KeyValue> keys, List<List<Object>> into) throws SQLException {
        try {
            read(c, db, table.name(), table, columns, keys, into);
        } catch (SQLException | DataAccessException e) {
            SQLException sql = e instanceof SQLException s ? s : ((DataAccessException) e).getCause(SQLException.class);
            if (sql == null || sql.getErrorCode() != 1146) {
                throw e;
            }
            // the revert renamed t to _t_rev on this shard: the same rows, under their new name
            read(c, db, RevertNames.revertedName(table.name()), table, columns, keys, into);
        }
    }

    private static void read(Connection c, String db, String name, TableSchema table, List<Column> columns,
                             List<KeyValue> keys, List<List<Object>> into) throws SQLException {
        try (ResultSet rs = Statements.readKeys(ServerPool.on(c), db, name, columns, table.requireKey(), keys)
                .fetchResultSet()) {
            while (rs.next()) {
                into.add(ValueReader.readRow(rs, columns));
            }
        }
    }

    private String name(int shard) {
        return shards.get(shard).pool().endpoint().address() + "/" + shards.get(shard).pool().endpoint().database();
    }

    private static boolean sameRow(List<Object> a, List<Object> b) {
        return a != null && b != null && Arrays.deepEquals(a.toArray(), b.toArray());
    }
}
