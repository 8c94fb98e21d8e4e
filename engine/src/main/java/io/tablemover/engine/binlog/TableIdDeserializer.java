package io.tablemover.engine.binlog;

import com.github.shyiko.mysql.binlog.event.EventData;
import com.github.shyiko.mysql.binlog.event.deserialization.EventDataDeserializer;
import com.github.shyiko.mysql.binlog.io.ByteArrayInputStream;
import java.io.IOException;

/**
 * Reads only the table id of a row event the binlog library cannot decode (PARTIAL_UPDATE_ROWS_EVENT, written under
 * {@code binlog_row_value_options=PARTIAL_JSON}), so that the stream can tell whether it changes a moved table.
 */
final class TableIdDeserializer implements EventDataDeserializer<TableIdDeserializer.Data> {
    /** The table id of a row event; nothing else is read. */
    record Data(long tableId) implements EventData {}

    @Override
    public Data deserialize(ByteArrayInputStream in) throws IOException {
        return new Data(in.readLong(6));
    }
}
