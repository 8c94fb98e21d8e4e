package io.tablemover.engine.reverse;

import com.github.shyiko.mysql.binlog.GtidSet;
import io.tablemover.engine.apply.ChangeBuffer;
import io.tablemover.engine.binlog.ChangeSink;
import io.tablemover.engine.schema.KeyValue;
import io.tablemover.engine.schema.TableSchema;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The reverse stream's sink: passes everything to its {@link ChangeBuffer} except the one DDL the move itself runs on
 * the target tables after the reverse stream's start position: the drain's {@code ALTER TABLE t AUTO_INCREMENT = N}
 * ({@code cutover.Drain}), which changes no row. Every other statement on a moved table still fails the stream.
 * It also keeps the GTID set the stream has received (every transaction of the target's binlog, moved tables or not),
 * which {@link ShardReconciler} waits for before it reads this shard.
 */
final class ReverseSink implements ChangeSink {
    /** {@code Statements.alterAutoIncrement} as the binlog holds it: {@code alter table `db`.`t` auto_increment = 12}. */
    private static final Pattern AUTO_INCREMENT =
            Pattern.compile("(?is)\\s*alter\\s+table\\s+\\S+\\s+auto_increment\\s*=\\s*\\d+\\s*;?\\s*");

    private final ChangeBuffer buffer;
    private final GtidSet received;

    /** @param from the GTID set the stream starts after */
    ReverseSink(ChangeBuffer buffer, String from) {
        this.buffer = buffer;
        this.received = new GtidSet(from);
    }

    /** @return the buffer the stream's changes go to */
    ChangeBuffer buffer() {
        return buffer;
    }

    /** @return the start set and every transaction received since, as GTID set text */
    String received() {
        synchronized (received) {
            return received.toString();
        }
    }

    @Override
    public void rowImage(TableSchema table, KeyValue key, List<Object> row) {
        buffer.rowImage(table, key, row);
    }

    @Override
    public void transactionCommitted(String gtid, long timestampMs) {
        if (gtid != null) {
            synchronized (received) {
                received.add(gtid);
            }
        }
        buffer.transactionCommitted(gtid, timestampMs);
    }

    @Override
    public void ddl(String table, String sql) {
        if (!AUTO_INCREMENT.matcher(sql).matches()) {
            buffer.ddl(table, sql);
        }
    }

    @Override
    public void failed(Exception cause) {
        buffer.failed(cause);
    }

    /** @return true if {@code sql} is the drain's AUTO_INCREMENT alignment (for the unit test) */
    static boolean isAutoIncrementAlignment(String sql) {
        return AUTO_INCREMENT.matcher(sql).matches();
    }
}
