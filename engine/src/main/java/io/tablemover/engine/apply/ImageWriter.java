package io.tablemover.engine.apply;

import io.tablemover.engine.mysql.ServerPool;
import io.tablemover.engine.schema.Column;
import io.tablemover.engine.schema.KeyValue;
import io.tablemover.engine.schema.TableSchema;
import io.tablemover.engine.shard.ShardRouter;
import io.tablemover.engine.transfer.TransferException;
import java.sql.Connection;
import io.tablemover.engine.transfer.Quietly;
import io.tablemover.engine.transfer.RowWriter;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.jooq.exception.DataAccessException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the binlog apply's row images to the target shards; the source is not read. For one table's images (the
 * latest image of each changed key, {@link ChangeBuffer.Batch}), each shard gets one transaction:
 * <ol>
 *   <li>delete the keys that have no row any more (DELETE, the old key of a key-changing UPDATE) and the keys of present
 *       rows the shard does not own ({@link ShardRouter}: the row moved to another shard);</li>
 *   <li>{@code REPLACE} the present rows the shard owns (every shard for a reference table).</li>
 * </ol>
 * Deletes go first: under a case- or pad-insensitive collation a deleted key may equal a present row's key, and the
 * images are the source's state, in which at most one key of such a class exists, so the REPLACE re-creates it.
 * The shards whose deletes removed rows commit first (a row moving between shards leaves its old shard before it
 * reaches the new one), then the others. A deadlock (1213) or lock wait timeout (1205) on a target, e.g. against a copy
 * chunk writing the same rows, rolls every shard back and retries up to {@value #MAX_ATTEMPTS} times; a retry after
 * some shards committed is harmless since the writes are idempotent.
 */
public final class ImageWriter implements RowImageWriter {
    private static final Logger log = LoggerFactory.getLogger(ImageWriter.class);
    private static final int MAX_ATTEMPTS = 10;
    /** Keys per DELETE statement (the REPLACEs are sliced by {@link RowWriter}). */
    static final int SLICE = 500;

    private final List<ServerPool> shards;
    private final ShardRouter router;
    private final RowWriter rowWriter = new RowWriter();
    private final UnaryOperator<String> tableNames;

    /**
     * @param shards one pool per shard, in the router's shard order
     * @param router places rows on the shards
     */
    public ImageWriter(List<ServerPool> shards, ShardRouter router) {
        this(shards, router, UnaryOperator.identity());
    }

    /**
     * @param shards one pool per shard, in the router's shard order
     * @param router places rows on the shards
     * @param tableNames the name each table has where it is written, from its name in the stream (the reverse stream:
     *     {@code t} on the target is {@code _t_del} on the source)
     */
    public ImageWriter(List<ServerPool> shards, ShardRouter router, UnaryOperator<String> tableNames) {
        this.tableNames = tableNames;
        if (shards.size() != router.shardCount()) {
            throw new IllegalArgumentException(shards.size() + " shard pools for " + router.shardCount() + " key ranges");
        }
        this.shards = List.copyOf(shards);
        this.router = router;
    }

    /**
     * Makes the target rows of the changed keys of {@code table} equal to their images.
     *
     * @param images the latest image of each changed key (stored columns; null: the key has no row)
     * @throws TransferException if a target fails other than by deadlock or lock wait timeout, or past the retries
     */
    @Override
    public void write(TableSchema table, Map<KeyValue, List<Object>> images) {
        if (images.isEmpty()) {
            return;
        }
        String named = tableNames.apply(table.name());
        if (!named.equals(table.name())) {
            table = table.withName(named);
        }
        List<Column> columns = table.storedColumns();
        ShardRouter.TableRoute route = router.route(table);
        int n = shards.size();
        List<List<KeyValue>> deletes = new ArrayList<>();
        List<List<List<Object>>> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            deletes.add(new ArrayList<>());
            rows.add(new ArrayList<>());
        }
        images.forEach((key, row) -> {
            int owner = row == null ? -2 : route.shardOf(row);
            for (int i = 0; i < n; i++) {
                if (owner == i || owner == ShardRouter.TableRoute.EVERY_SHARD) {
                    rows.get(i).add(row);
                } else {
                    deletes.get(i).add(key);
                }
            }
        });
        for (int attempt = 1; ; attempt++) {
            try {
                writeShards(table, columns, deletes, rows);
                return;
            } catch (SQLException | DataAccessException e) {
                SQLException sql = e instanceof SQLException s ? s : ((DataAccessException) e).getCause(SQLException.class);
                int code = sql == null ? 0 : sql.getErrorCode();
                if ((code == 1213 || code == 1205) && attempt < MAX_ATTEMPTS) {
                    log.debug("table {}: {} (attempt {}), retrying", table.name(), sql.getMessage(), attempt);
                    pause(50L * attempt, table);
                    continue;
                }
                throw new TransferException("binlog apply to table " + table.name() + ": "
                        + (sql != null ? sql.getMessage() : e.getMessage()), e);
            }
        }
    }

    private void writeShards(TableSchema table, List<Column> columns, List<List<KeyValue>> deletes,
                             List<List<List<Object>>> rows) throws SQLException {
        int n = shards.size();
        Connection[] tx = new Connection[n];
        boolean[] removed = new boolean[n];
        try {
            for (int i = 0; i < n; i++) {
                if (deletes.get(i).isEmpty() && rows.get(i).isEmpty()) {
                    continue;
                }
                tx[i] = shards.get(i).connection();
                tx[i].setAutoCommit(false);
                removed[i] = ShardWrites.write(tx[i], rowWriter, shards.get(i).endpoint().database(), table,
                        columns, deletes.get(i), rows.get(i)) > 0;
            }
            for (int pass = 0; pass < 2; pass++) {
                for (int i = n - 1; i >= 0; i--) {
                    if (tx[i] != null && removed[i] == (pass == 0)) {
                        tx[i].commit();
                    }
                }
            }
        } catch (SQLException | RuntimeException e) {
            for (Connection c : tx) {
                if (c != null) {
                    Quietly.rollback(c);
                }
            }
            throw e;
        } finally {
            for (Connection c : tx) {
                if (c != null) {
                    Quietly.close(c);
                }
            }
        }
    }

    private static void pause(long ms, TableSchema table) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransferException("interrupted while retrying the binlog apply to table " + table.name(), e);
        }
    }
}
