package io.tablemover.engine.binlog;

import com.github.shyiko.mysql.binlog.event.TableMapEventData;
import com.github.shyiko.mysql.binlog.event.deserialization.EventDataDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.TableMapEventDataDeserializer;
import com.github.shyiko.mysql.binlog.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * TABLE_MAP events with their database and table names decoded as UTF-8 (MySQL writes them in its system character
 * set, utf8mb3), whatever the JVM's default charset: the binlog library decodes them with the platform charset,
 * so under {@code -Dfile.encoding=ISO-8859-1} {@code naïve} would arrive as {@code naÃ¯ve} and match no moved table.
 * The rest of the event (column types and metadata) is the library's own reading.
 */
final class TableMapDeserializer implements EventDataDeserializer<TableMapEventData> {
    /** A TABLE_MAP event whose names were read as UTF-8; a name that is not valid UTF-8 is null. */
    static final class Data extends TableMapEventData {
        private static final long serialVersionUID = 1L;
        private final byte[] rawDatabase;
        private final byte[] rawTable;

        Data(byte[] rawDatabase, byte[] rawTable) {
            this.rawDatabase = rawDatabase;
            this.rawTable = rawTable;
        }

        /** @return the database and table names as the server sent them, for messages */
        String rawNames() {
            return "database bytes " + hex(rawDatabase) + ", table bytes " + hex(rawTable);
        }

        private static String hex(byte[] b) {
            return java.util.HexFormat.of().formatHex(b);
        }
    }

    private final TableMapEventDataDeserializer library = new TableMapEventDataDeserializer();
    private final Map<Long, TableMapEventData> tables;

    /** @param tables where each table map is kept by table id, for the row event deserializers */
    TableMapDeserializer(Map<Long, TableMapEventData> tables) {
        this.tables = tables;
    }

    /** @return a table map store for {@link #TableMapDeserializer(Map)}: the 10000 most recent tables, like the library's */
    static Map<Long, TableMapEventData> tableMaps() {
        return new LinkedHashMap<>(100, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, TableMapEventData> eldest) {
                return size() > 10_000;
            }
        };
    }

    @Override
    public TableMapEventData deserialize(ByteArrayInputStream in) throws IOException {
        byte[] body = in.read(in.available());
        TableMapEventData read = library.deserialize(new ByteArrayInputStream(body));
        // post-header: table id (6 bytes), flags (2); body: database name length (1), name, NUL, table name length (1),
        // name, NUL, then the columns
        int dbLength = body[8] & 0xFF;
        byte[] db = Arrays.copyOfRange(body, 9, 9 + dbLength);
        int tableAt = 9 + dbLength + 1;
        byte[] table = Arrays.copyOfRange(body, tableAt + 1, tableAt + 1 + (body[tableAt] & 0xFF));
        Data data = new Data(db, table);
        data.setTableId(read.getTableId());
        data.setDatabase(QueryDeserializer.utf8OrNull(db));
        data.setTable(QueryDeserializer.utf8OrNull(table));
        data.setColumnTypes(read.getColumnTypes());
        data.setColumnMetadata(read.getColumnMetadata());
        data.setColumnNullability(read.getColumnNullability());
        data.setEventMetadata(read.getEventMetadata());
        tables.put(data.getTableId(), data);
        return data;
    }
}
