package io.tablemover.engine.binlog;

import io.tablemover.engine.schema.Column;
import io.tablemover.engine.schema.MysqlType;
import java.io.Serializable;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;

/**
 * One decoder per column type: a cell of a binlog row image (as {@link BinlogClientFactory}'s deserializer gives it)
 * into the Java value {@code transfer.ValueReader} reads from a JDBC result set for the same stored value, so that
 * {@code transfer.RowWriter} writes both alike (see {@link MysqlType.Read}).
 *
 * <ul>
 *   <li>integers: Integer up to INT, Long for INT UNSIGNED and BIGINT, BigInteger for BIGINT UNSIGNED (Connector/J's
 *       {@code getObject}); the binlog gives them signed, they are widened by the column's width;</li>
 *   <li>DECIMAL: the library's BigDecimal, scale as declared;</li>
 *   <li>FLOAT, DOUBLE: the exact double as {@link Double#toString(double)} text (a FLOAT widened exactly), which MySQL
 *       parses back to the same value (-0 included);</li>
 *   <li>BIT(n): (n+7)/8 bytes, big-endian; BINARY(n): its bytes padded back to n with zero bytes (MySQL strips them
 *       in the image); other binary types and spatial values: their bytes (SRID + WKB);</li>
 *   <li>text types: the bytes decoded in the column's character set ({@link BinlogKeyDecoder#text});</li>
 *   <li>ENUM: the member's label (index 0, the error value, as {@code ''}); SET: the members of the bitmask joined by
 *       {@code ,} in definition order; labels from the column's {@code COLUMN_TYPE} ({@link EnumLabels});</li>
 *   <li>JSON: MySQL's JSON text ({@link JsonText}); temporal types: MySQL's text ({@link TemporalCells}); YEAR: a
 *       Short (0 for 0000).</li>
 * </ul>
 */
final class ColumnDecoders {
    /** Decodes one non-NULL cell. */
    @FunctionalInterface
    interface CellDecoder {
        /** @throws Exception if the cell cannot be decoded exactly */
        Object decode(Serializable cell) throws Exception;
    }

    private ColumnDecoders() {}

    /**
     * @throws IllegalArgumentException if values of the column cannot be decoded exactly (e.g. a character set Java
     *     has no equivalent for), with the reason
     */
    static CellDecoder of(Column c) {
        MysqlType t = c.type();
        return switch (t.family()) {
            case INTEGER -> v -> integer(t.integerBits(), c.unsigned(), ((Number) v).longValue());
            case DECIMAL -> v -> (BigDecimal) v;
            case FLOATING_POINT -> v -> Double.toString(((Number) v).doubleValue());
            case BIT -> bit(bitWidth(c));
            case DATE_TIME, TIME -> ColumnDecoders::temporal;
            case YEAR -> v -> (short) ((Number) v).intValue();
            case TEXT -> {
                BinlogKeyDecoder.javaCharset(c.charset());
                yield v -> BinlogKeyDecoder.text((byte[]) v, c.charset());
            }
            case BINARY -> t == MysqlType.BINARY ? v -> padded((byte[]) v, c.maxLength()) : v -> (byte[]) v;
            case ENUM -> enumeration(EnumLabels.parse(c.columnType()));
            case SET -> set(EnumLabels.parse(c.columnType()));
            case JSON -> v -> JsonText.of((byte[]) v);
            case SPATIAL -> v -> (byte[]) v;
        };
    }

    /** An integer of {@code bits} bits, which the binlog gives signed whatever the column's signedness. */
    static Object integer(int bits, boolean unsigned, long l) {
        if (bits == 64) {
            return unsigned ? new BigInteger(Long.toUnsignedString(l)) : (Object) l;
        }
        long value = unsigned ? l & ((1L << bits) - 1) : l;
        return bits == 32 && unsigned ? (Object) value : (Object) (int) value;
    }

    private static Object temporal(Serializable v) {
        if (v instanceof String s) {
            return s;
        }
        // DATETIME, TIME and TIMESTAMP in the format before MySQL 5.6.4, which the library reads lossily
        throw new IllegalArgumentException("a temporal value in the storage format before MySQL 5.6.4 cannot be read"
                + " exactly; rebuild the table with ALTER TABLE ... FORCE");
    }

    private static int bitWidth(Column c) {
        String type = c.columnType();
        return Integer.parseInt(type.substring(type.indexOf('(') + 1, type.indexOf(')')));
    }

    /** BIT(n): the library's BitSet (bit i is the value's bit i) as (n+7)/8 big-endian bytes, as JDBC reads it. */
    private static CellDecoder bit(int width) {
        int length = (width + 7) / 8;
        return v -> {
            byte[] little = ((BitSet) v).toByteArray();
            byte[] out = new byte[length];
            for (int i = 0; i < little.length && i < length; i++) {
                out[length - 1 - i] = little[i];
            }
            return out;
        };
    }

    /** BINARY(n) arrives without its trailing zero bytes (MySQL strips the pad): they are put back. */
    static byte[] padded(byte[] b, long length) {
        return b.length < length ? Arrays.copyOf(b, (int) length) : b;
    }

    private static CellDecoder enumeration(List<String> labels) {
        return v -> {
            int index = ((Number) v).intValue();
            if (index < 0 || index > labels.size()) {
                throw new IllegalArgumentException("ENUM index " + index + " outside the " + labels.size() + " members");
            }
            return index == 0 ? "" : labels.get(index - 1);
        };
    }

    private static CellDecoder set(List<String> labels) {
        return v -> {
            long bits = ((Number) v).longValue();
            if (labels.size() < 64 && (bits >>> labels.size()) != 0) {
                throw new IllegalArgumentException("SET bitmask " + Long.toBinaryString(bits) + " outside the "
                        + labels.size() + " members");
            }
            StringBuilder s = new StringBuilder();
            boolean first = true;
            for (int i = 0; i < labels.size(); i++) {
                if ((bits & (1L << i)) != 0) {
                    s.append(first ? "" : ",").append(labels.get(i));
                    first = false;
                }
            }
            return s.toString();
        };
    }
}
