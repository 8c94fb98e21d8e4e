package io.tablemover.engine.binlog;

import com.github.shyiko.mysql.binlog.BinaryLogClient;
import com.github.shyiko.mysql.binlog.event.DeleteRowsEventData;
import com.github.shyiko.mysql.binlog.event.Event;
import com.github.shyiko.mysql.binlog.event.EventData;
import com.github.shyiko.mysql.binlog.event.GtidEventData;
import com.github.shyiko.mysql.binlog.event.QueryEventData;
import com.github.shyiko.mysql.binlog.event.TableMapEventData;
import com.github.shyiko.mysql.binlog.event.TransactionPayloadEventData;
import com.github.shyiko.mysql.binlog.event.UpdateRowsEventData;
import com.github.shyiko.mysql.binlog.event.WriteRowsEventData;
import io.tablemover.engine.error.Fixes;
import io.tablemover.engine.error.MoveException;
import io.tablemover.engine.schema.KeyValue;
import io.tablemover.engine.schema.TableSchema;
import java.io.Serializable;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns binlog events into {@link ChangeSink} calls for the moved tables: the row images of inserted and updated rows
 * ({@link RowImageDecoder}) and the keys of deleted rows and of the old key of an UPDATE that changed it, in binlog
 * order, also inside compressed transactions; transaction ends with their GTID;
 * and statements that change a moved table without row events ({@link StatementCheck}). Every event type is decided
 * ({@link EventKind}); what may be a change of a moved table but cannot be read or attributed for sure (a table name
 * that only looks like a moved one, or is not valid UTF-8; a partial JSON update; statement-format DML; an unknown
 * event) stops the run through {@link ChangeSink#failed}, never a silent skip. Runs on the binlog client's thread.
 */
public final class RowEventListener implements BinaryLogClient.EventListener {
    private final MovedTableNames names;
    private final StatementCheck statements;
    private final Map<String, TableSchema> tables = new HashMap<>();
    private final Map<TableSchema, RowImageDecoder> decoders = new HashMap<>();
    private final Map<Long, TableSchema> tableIds = new HashMap<>();
    private final ChangeSink sink;
    private String gtid;
    private boolean inTransaction;
    /** Whether the transaction in progress changed a moved table. */
    private boolean touched;

    /**
     * @param names the source database and the moved tables' names, compared as the source compares them
     * @param moved the moved tables (with their keys)
     * @throws BinlogException if a moved table has a column whose values the row images cannot give exactly
     */
    public RowEventListener(MovedTableNames names, List<TableSchema> moved, ChangeSink sink) {
        this.names = names;
        this.statements = new StatementCheck(names);
        this.sink = sink;
        moved.forEach(t -> {
            tables.put(t.name(), t);
            decoders.put(t, new RowImageDecoder(t));
        });
    }

    @Override
    public void onEvent(Event event) {
        try {
            handle(event);
        } catch (RuntimeException e) {
            // the binlog client only logs what a listener throws: the change would be lost without a trace
            sink.failed(e instanceof MoveException ? e : new IllegalStateException("binlog "
                    + event.getHeader().getEventType() + " event: " + Fixes.oneLine(e), e));
        } catch (Error e) {
            // an Error (OutOfMemoryError) would end the client's thread: the stream would stop without a word
            sink.failed(new IllegalStateException("binlog stream failed at a " + event.getHeader().getEventType()
                    + " event: " + Fixes.ofWorker(e), e));
        }
    }

    private void handle(Event event) {
        EventData data = event.getData();
        switch (EventKind.of(event.getHeader().getEventType())) {
            case GTID -> gtid = ((GtidEventData) data).getGtid();
            case ANONYMOUS_GTID -> gtid = null;
            case TABLE_MAP -> tableMap((TableMapEventData) data);
            case ROWS -> rows(data);
            case PARTIAL_ROWS -> table(((TableIdDeserializer.Data) data).tableId()).ifPresent(t -> stop(
                    "table " + t.name() + " was changed by a partial JSON update (binlog_row_value_options=PARTIAL_JSON),"
                            + " whose row image tablemover cannot read",
                    "set binlog_row_value_options='' on the source; then "));
            case XID -> commit(event);
            case XA_PREPARE -> xaPrepare(event);
            case QUERY, LOAD_QUERY -> query(event, (QueryEventData) data);
            case PAYLOAD -> ((TransactionPayloadEventData) data).getUncompressedEvents().forEach(this::handle);
            case NO_CHANGE -> { }
            case UNSUPPORTED -> stop("the source's binlog holds a " + event.getHeader().getEventType() + " event,"
                    + " which tablemover cannot read: it may change the moved tables", "");
        }
    }

    private void tableMap(TableMapEventData map) {
        tableIds.remove(map.getTableId());
        String db = map.getDatabase();
        String table = map.getTable();
        if (db == null || table == null) {
            if (db == null || names.mayBeDatabase(db)) {
                String raw = map instanceof TableMapDeserializer.Data d ? " (" + d.rawNames() + ")" : "";
                stop("a table changed on the source has a name that is not valid UTF-8" + raw
                        + ": tablemover cannot tell whether it is one of the moved tables", "");
            }
            return;
        }
        Optional<String> moved = names.moved(db, table);
        if (moved.isEmpty()) {
            names.lookalike(db, table).ifPresent(m -> stop("table `" + db + "`.`" + table + "` changed on the source"
                    + " looks like moved table `" + names.database() + "`.`" + m + "` with its name garbled by a"
                    + " character set, but is not it: tablemover cannot tell whether the change belongs to the move",
                    "rename that table or keep it unchanged during the move; then "));
            return;
        }
        TableSchema t = tables.get(moved.get());
        if (map.getColumnTypes().length != t.columns().size()) {
            stop("binlog row image of table " + t.name() + " has " + map.getColumnTypes().length + " columns, the table"
                    + " has " + t.columns().size() + ": its definition changed during the move", "");
            return;
        }
        tableIds.put(map.getTableId(), t);
    }

    private void rows(EventData data) {
        touched |= data instanceof WriteRowsEventData w ? table(w.getTableId()).isPresent()
                : data instanceof DeleteRowsEventData d ? table(d.getTableId()).isPresent()
                : data instanceof UpdateRowsEventData u && table(u.getTableId()).isPresent();
        if (data instanceof WriteRowsEventData d) {
            table(d.getTableId()).ifPresent(t -> d.getRows().forEach(r -> present(t, r, d.getIncludedColumns())));
        } else if (data instanceof DeleteRowsEventData d) {
            table(d.getTableId()).ifPresent(t -> d.getRows().forEach(r ->
                    sink.rowImage(t, decoders.get(t).key(r, d.getIncludedColumns()), null)));
        } else if (data instanceof UpdateRowsEventData d) {
            table(d.getTableId()).ifPresent(t -> d.getRows().forEach(r -> {
                KeyValue before = decoders.get(t).key(r.getKey(), d.getIncludedColumnsBeforeUpdate());
                KeyValue after = decoders.get(t).key(r.getValue(), d.getIncludedColumns());
                if (!before.equals(after)) {
                    sink.rowImage(t, before, null);
                }
                present(t, r.getValue(), d.getIncludedColumns());
            }));
        } else {
            throw new IllegalStateException("a row event without rows: " + data);
        }
    }

    private void present(TableSchema t, Serializable[] image, BitSet included) {
        RowImageDecoder decoder = decoders.get(t);
        sink.rowImage(t, decoder.key(image, included), decoder.row(image, included));
    }

    private void query(Event event, QueryEventData q) {
        String sql = q.getSql() == null ? "" : q.getSql();
        StatementCheck.Verdict v = statements.check(q.getDatabase(), sql);
        switch (v.control()) {
            case BEGIN -> inTransaction = true;
            case COMMIT -> commit(event);
            case NONE -> { }
            case STATEMENT, DDL_THEN_TRANSACTION -> {
                if (inTransaction) {
                    // DML logged as a statement (a session with binlog_format STATEMENT or MIXED): no rows to sync
                    v.changed().forEach(t -> stop("moved table " + t + " was written by a statement logged in statement"
                            + " format (" + BinlogException.excerpt(sql) + "), whose rows are not in the binlog",
                            "write with binlog_format=ROW only (sessions included); then "));
                    return;
                }
                // a DDL statement is a transaction of its own (MySQL 8.0 atomic DDL); CREATE ... SELECT opens one
                v.changed().forEach(t -> sink.ddl(t, sql));
                if (v.control() == StatementCheck.Control.DDL_THEN_TRANSACTION) {
                    inTransaction = true;
                } else {
                    commit(event);
                }
            }
        }
    }

    /** Stops the run: the stored stream position precedes this event, so only a new run gets past it. */
    private void stop(String reason, String fixPrefix) {
        sink.failed(new BinlogException(reason + "; this run cannot continue", fixPrefix + Fixes.CANCEL_AND_START_AGAIN));
    }

    /**
     * An XA transaction is prepared: its row events are in the binlog now, but whether it commits (and when its rows
     * become visible: its GTID enters gtid_executed at the prepare) is decided later. If it changed a moved table the
     * run stops: neither the row images nor the copy's GTID watermark can be trusted for it.
     */
    private void xaPrepare(Event event) {
        if (touched) {
            stop("an XA transaction changed a moved table (its rows reach the binlog at XA PREPARE, before its outcome is"
                    + " known), which tablemover cannot apply", "keep XA transactions off the moved tables; then ");
        }
        commit(event);
    }

    private void commit(Event event) {
        inTransaction = false;
        touched = false;
        if (gtid != null) {
            sink.transactionCommitted(gtid, event.getHeader().getTimestamp());
            gtid = null;
        }
    }

    private Optional<TableSchema> table(long tableId) {
        return Optional.ofNullable(tableIds.get(tableId));
    }
}
