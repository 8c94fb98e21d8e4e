package io.tablemover.engine.transfer;

import io.tablemover.engine.schema.Column;
import io.tablemover.engine.schema.KeyColumns;
import io.tablemover.engine.schema.KeyValue;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads column values off a source result set in the form that writes them back unchanged on the
 * target: numbers as exact Java numbers, binary data (BINARY, VARBINARY, BLOB, BIT, spatial) as bytes,
 * everything else (text, ENUM, SET, JSON, FLOAT/DOUBLE, temporal types) as the server's own text, which
 * MySQL parses back to the same value (FLOAT columns must be selected with
 * {@link io.tablemover.engine.sql.Statements#readFields}, which reads them as exact doubles). Both
 * sessions run with {@code time_zone='+00:00'}, so TIMESTAMP text is the same instant on both sides.
 */
public final class ValueReader {
    private ValueReader() {}

    /** @return the value of column {@code c} at 1-based {@code index}, null for SQL NULL */
    public static Object read(ResultSet rs, int index, Column c) throws SQLException {
        Object v = switch (c.dataType()) {
            case "tinyint", "smallint", "mediumint", "int", "bigint", "year" -> rs.getObject(index);
            case "decimal" -> rs.getBigDecimal(index);
            // the server's text itself: Connector/J's getString re-formats TIME through a parsed value and
            // drops the sign of values between -1 hour and 0 ('-00:00:01' reads as '00:00:01')
            case "time" -> serverText(rs.getBytes(index));
            case "binary", "varbinary", "tinyblob", "blob", "mediumblob", "longblob", "bit",
                 "geometry", "point", "linestring", "polygon", "multipoint", "multilinestring",
                 "multipolygon", "geometrycollection", "geomcollection" -> rs.getBytes(index);
            default -> rs.getString(index);
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
            parts.add(v instanceof String s && isTemporal(key.columns().get(i)) ? temporalKeyText(s) : v);
        }
        return KeyValue.of(parts);
    }

    /** @return true for DATE, DATETIME and TIMESTAMP, whose key parts are their text */
    public static boolean isTemporal(Column c) {
        return switch (c.dataType()) {
            case "date", "datetime", "timestamp" -> true;
            default -> false;
        };
    }

    /**
     * The canonical text of a temporal key part: MySQL's text without trailing fractional zeros
     * ({@code 2024-01-31 10:00:00.120000} becomes {@code 2024-01-31 10:00:00.12}), so that the same key
     * read over JDBC and decoded from the binlog compares equal; MySQL reads both forms as one value.
     */
    public static String temporalKeyText(String text) {
        if (text.indexOf('.') < 0) {
            return text;
        }
        String t = text.replaceAll("0+$", "");
        return t.endsWith(".") ? t.substring(0, t.length() - 1) : t;
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
