package io.tablemover.engine.binlog;

import com.github.shyiko.mysql.binlog.event.TableMapEventData;
import com.github.shyiko.mysql.binlog.event.deserialization.DeleteRowsEventDataDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.UpdateRowsEventDataDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.WriteRowsEventDataDeserializer;
import com.github.shyiko.mysql.binlog.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Serializable;
import java.util.Map;

/**
 * The binlog library's row event deserializers with the temporal cells read exactly ({@link TemporalCells}): DATE,
 * DATETIME, TIMESTAMP and TIME arrive as MySQL's text ({@link String}) instead of the library's microseconds, and YEAR
 * 0000 as 0 instead of 1900. Everything else is the library's reading. They share the table map of the
 * {@link TableMapDeserializer} of the same event deserializer (the library keeps its own one private).
 */
final class ExactRowsDeserializers {
    private ExactRowsDeserializers() {}

    /** WRITE_ROWS (v1 and v2). */
    static final class Write extends WriteRowsEventDataDeserializer {
        Write(Map<Long, TableMapEventData> tables, boolean v2) {
            super(tables);
            setMayContainExtraInformation(v2);
        }

        @Override
        protected Serializable deserializeDate(ByteArrayInputStream in) throws IOException {
            return TemporalCells.date(in);
        }

        @Override
        protected Serializable deserializeDatetimeV2(int meta, ByteArrayInputStream in) throws IOException {
            return TemporalCells.datetime(meta, in);
        }

        @Override
        protected Serializable deserializeTimestampV2(int meta, ByteArrayInputStream in) throws IOException {
            return TemporalCells.timestamp(meta, in);
        }

        @Override
        protected Serializable deserializeTimeV2(int meta, ByteArrayInputStream in) throws IOException {
            return TemporalCells.time(meta, in);
        }

        @Override
        protected Serializable deserializeYear(ByteArrayInputStream in) throws IOException {
            return year(in);
        }
    }

    /** UPDATE_ROWS (v1 and v2). */
    static final class Update extends UpdateRowsEventDataDeserializer {
        Update(Map<Long, TableMapEventData> tables, boolean v2) {
            super(tables);
            setMayContainExtraInformation(v2);
        }

        @Override
        protected Serializable deserializeDate(ByteArrayInputStream in) throws IOException {
            return TemporalCells.date(in);
        }

        @Override
        protected Serializable deserializeDatetimeV2(int meta, ByteArrayInputStream in) throws IOException {
            return TemporalCells.datetime(meta, in);
        }

        @Override
        protected Serializable deserializeTimestampV2(int meta, ByteArrayInputStream in) throws IOException {
            return TemporalCells.timestamp(meta, in);
        }

        @Override
        protected Serializable deserializeTimeV2(int meta, ByteArrayInputStream in) throws IOException {
            return TemporalCells.time(meta, in);
        }

        @Override
        protected Serializable deserializeYear(ByteArrayInputStream in) throws IOException {
            return year(in);
        }
    }

    /** DELETE_ROWS (v1 and v2). */
    static final class Delete extends DeleteRowsEventDataDeserializer {
        Delete(Map<Long, TableMapEventData> tables, boolean v2) {
            super(tables);
            setMayContainExtraInformation(v2);
        }

        @Override
        protected Serializable deserializeDate(ByteArrayInputStream in) throws IOException {
            return TemporalCells.date(in);
        }

        @Override
        protected Serializable deserializeDatetimeV2(int meta, ByteArrayInputStream in) throws IOException {
            return TemporalCells.datetime(meta, in);
        }

        @Override
        protected Serializable deserializeTimestampV2(int meta, ByteArrayInputStream in) throws IOException {
            return TemporalCells.timestamp(meta, in);
        }

        @Override
        protected Serializable deserializeTimeV2(int meta, ByteArrayInputStream in) throws IOException {
            return TemporalCells.time(meta, in);
        }

        @Override
        protected Serializable deserializeYear(ByteArrayInputStream in) throws IOException {
            return year(in);
        }
    }

    /** YEAR: one byte, 0 for 0000, else the year minus 1900. */
    private static Serializable year(ByteArrayInputStream in) throws IOException {
        int v = in.readInteger(1);
        return v == 0 ? 0 : 1900 + v;
    }
}
