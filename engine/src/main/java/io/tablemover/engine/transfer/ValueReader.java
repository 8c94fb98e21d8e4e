package io.tablemover.engine.transfer;

import io.tablemover.engine.schema.Column;
import io.tablemover.engine.schema.KeyColumns;
import io.tablemover.engine.schema.KeyValue;
import io.tablemover.engine.schema.MysqlType;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads column values off a source result set in the form that writes them back unchanged on the
 * target, as each column's {@link MysqlType#read()} says: numbers as exact Java numbers, binary data
 * (BINARY, VARBINARY, BLOB, BIT, spatial) as bytes, everything else (text, ENUM, SET, JSON, FLOAT/DOUBLE,
 * temporal types) as the server's own text, which MySQL parses back to the same value (FLOAT columns must
 * be selected with {@link io.tablemover.engine.sql.Statements#readFields}, which reads them as exact
 * doubles). Both sessions run with {@code time_zone='+00:00'}, so TIMESTAMP text is the same instant on
 * both sides.
 */
public final class ValueReader {
    private ValueReader() {}

    /** @return the value of column {@code c} at 1-based {@code index}, null for SQL NULL; see {@link MysqlType.Read} */
    public static Object read(ResultSet rs, int index, Column c) throws SQLException {
        Object v = switch (c.type().read()) {
            case OBJECT -> rs.getObject(index);
            case BIG_DECIMAL -> rs.getBigDecimal(index);
            case BYTES -> rs.getBytes(index);
            case TEXT -> rs.getString(index);
            case RAW_TEXT -> serverText(rs.getBytes(index));
        };
        return rs.wasNull() ? null : v;
    }

    private static String serverText(byte[] text) {
        return text == null ? null : new String(text, StandardCharsets.US_ASCII);
    }

    /** @return the values of {@code columns}, which are the result set's columns 1..n */
    public static List<Object> readRow(ResultSet rs, List<Column> columns) throws SQLException {
        List<Object> row = new ArrayList<>(columns.size());
        for (int i = 0; i < columns.size(); i++) {
            row.add(read(rs, i + 1, columns.get(i)));
        }
        return row;
    }

    /** @return the key of a row read with {@link #readRow}, given where each key column sits in it */
    public static KeyValue keyOf(List<Object> row, int[] keyPositions, KeyColumns key) {
        List<Object> parts = new ArrayList<>(keyPositions.length);
        for (int i = 0; i < keyPositions.length; i++) {
            Object v = row.get(keyPositions[i]);
            parts.add(v instanceof String s && key.columns().get(i).type().temporalKey() ? MysqlType.temporalKeyText(s) : v);
        }
        return KeyValue.of(parts);
    }

    /** @return for each key column, its index in {@code columns} */
    public static int[] keyPositions(KeyColumns key, List<Column> columns) {
        int[] positions = new int[key.columns().size()];
        for (int i = 0; i < positions.length; i++) {
            positions[i] = columns.indexOf(key.columns().get(i));
        }
        return positions;
    }
}
