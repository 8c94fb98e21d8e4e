package io.tablemover.engine.binlog;

import com.github.shyiko.mysql.binlog.BinaryLogClient;
import com.github.shyiko.mysql.binlog.event.DeleteRowsEventData;
import com.github.shyiko.mysql.binlog.event.Event;
import com.github.shyiko.mysql.binlog.event.EventType;
import com.github.shyiko.mysql.binlog.event.GtidEventData;
import com.github.shyiko.mysql.binlog.event.QueryEventData;
import com.github.shyiko.mysql.binlog.event.TableMapEventData;
import com.github.shyiko.mysql.binlog.event.UpdateRowsEventData;
import com.github.shyiko.mysql.binlog.event.WriteRowsEventData;
import io.tablemover.engine.schema.KeyColumns;
import io.tablemover.engine.schema.KeyValue;
import io.tablemover.engine.schema.TableSchema;
import java.io.Serializable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Turns binlog events into {@link ChangeSink} calls for the moved tables: the keys of inserted, updated
 * (before and after image) and deleted rows, transaction ends with their GTID, and DDL that touches a
 * moved table. Runs on the binlog client's thread.
 */
public final class RowEventListener implements BinaryLogClient.EventListener {
    private final String database;
    private final Map<String, TableSchema> tables = new HashMap<>();
    private final Map<String, Pattern> ddlPatterns = new HashMap<>();
    private final Map<Long, TableSchema> tableIds = new HashMap<>();
    private final ChangeSink sink;
    private String gtid;
    private boolean inTransaction;

    /**
     * @param database the source database
     * @param moved the moved tables (with their keys)
     */
    public RowEventListener(String database, List<TableSchema> moved, ChangeSink sink) {
        this.database = database;
        this.sink = sink;
        for (TableSchema t : moved) {
            tables.put(t.name(), t);
            ddlPatterns.put(t.name(), Pattern.compile("(?i)(^|[\\s.`])" + Pattern.quote(t.name()) + "($|[\\s`(;,])"));
        }
    }

    @Override
    public void onEvent(Event event) {
        EventType type = event.getHeader().getEventType();
        switch (type) {
            case GTID -> gtid = ((GtidEventData) event.getData()).getGtid();
            case TABLE_MAP -> {
                TableMapEventData map = event.getData();
                TableSchema t = database.equals(map.getDatabase()) ? tables.get(map.getTable()) : null;
                if (t != null) {
                    if (map.getColumnTypes().length != t.columns().size()) {
                        sink.failed(new IllegalStateException("binlog row image of table " + t.name() + " has "
                                + map.getColumnTypes().length + " columns, the table has " + t.columns().size()
                                + ": its definition changed during the move"));
                    }
                    tableIds.put(map.getTableId(), t);
                } else {
                    tableIds.remove(map.getTableId());
                }
            }
            case WRITE_ROWS, EXT_WRITE_ROWS -> {
                WriteRowsEventData d = event.getData();
                table(d.getTableId()).ifPresent(t -> d.getRows().forEach(r -> changed(t, r)));
            }
            case DELETE_ROWS, EXT_DELETE_ROWS -> {
                DeleteRowsEventData d = event.getData();
                table(d.getTableId()).ifPresent(t -> d.getRows().forEach(r -> changed(t, r)));
            }
            case UPDATE_ROWS, EXT_UPDATE_ROWS -> {
                UpdateRowsEventData d = event.getData();
                table(d.getTableId()).ifPresent(t -> d.getRows().forEach(r -> {
                    changed(t, r.getKey());
                    changed(t, r.getValue());
                }));
            }
            case XID -> commit(event);
            case QUERY -> query(event);
            default -> { }
        }
    }

    private void query(Event event) {
        QueryEventData q = event.getData();
        String sql = q.getSql() == null ? "" : q.getSql().trim();
        if (sql.equalsIgnoreCase("BEGIN")) {
            inTransaction = true;
            return;
        }
        if (sql.equalsIgnoreCase("COMMIT") || sql.equalsIgnoreCase("ROLLBACK")) {
            commit(event);
            return;
        }
        if (!inTransaction) {
            // a DDL statement is a transaction of its own (MySQL 8.0 atomic DDL)
            if (database.equals(q.getDatabase()) || sql.contains(database)) {
                for (Map.Entry<String, Pattern> p : ddlPatterns.entrySet()) {
                    if (p.getValue().matcher(sql).find()) {
                        sink.ddl(p.getKey(), sql);
                    }
                }
            }
            commit(event);
        }
    }

    private void commit(Event event) {
        inTransaction = false;
        if (gtid != null) {
            sink.transactionCommitted(gtid, event.getHeader().getTimestamp());
            gtid = null;
        }
    }

    private Optional<TableSchema> table(long tableId) {
        return Optional.ofNullable(tableIds.get(tableId));
    }

    private void changed(TableSchema t, Serializable[] row) {
        KeyColumns key = t.requireKey();
        List<KeyValue> decoded;
        try {
            decoded = BinlogKeyDecoder.decodeAll(key, row);
        } catch (RuntimeException e) {
            // the binlog client only logs what a listener throws: the change would be lost without a trace
            sink.failed(new IllegalStateException("table " + t.name() + ": cannot decode the key " + key
                    + " of a changed row from the binlog (" + e.getMessage() + ")", e));
            return;
        }
        decoded.forEach(k -> sink.keyChanged(t, k));
    }
}
