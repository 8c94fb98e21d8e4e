package io.tablemover.engine.binlog;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.shyiko.mysql.binlog.io.ByteArrayInputStream;
import io.tablemover.engine.schema.Column;
import io.tablemover.engine.schema.KeyColumns;
import io.tablemover.engine.schema.KeyValue;
import io.tablemover.engine.schema.TableSchema;
import java.io.Serializable;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Each column type's cell, as the stream's deserializer gives it, decoded into what a JDBC read of it gives. */
class RowImageDecoderTest {
    private static Column col(String type, String columnType, String charset, long len) {
        return new Column("c", 2, type, columnType, charset, len, 6, true, false);
    }

    private static Object decode(Column c, Serializable cell) throws Exception {
        return ColumnDecoders.of(c).decode(cell);
    }

    @Test
    void integersOfEveryWidthAndSignedness() throws Exception {
        assertEquals(-128, decode(col("tinyint", "tinyint", null, 0), -128));
        assertEquals(255, decode(col("tinyint", "tinyint unsigned", null, 0), -1));
        assertEquals(65535, decode(col("smallint", "smallint unsigned", null, 0), -1));
        assertEquals(-8388608, decode(col("mediumint", "mediumint", null, 0), -8388608));
        assertEquals(16777215, decode(col("mediumint", "mediumint unsigned", null, 0), -1));
        assertEquals(-2147483648, decode(col("int", "int", null, 0), Integer.MIN_VALUE));
        assertEquals(4294967295L, decode(col("int", "int unsigned", null, 0), -1));
        assertEquals(Long.MIN_VALUE, decode(col("bigint", "bigint", null, 0), Long.MIN_VALUE));
        assertEquals(new BigInteger("18446744073709551615"), decode(col("bigint", "bigint unsigned", null, 0), -1L));
        assertEquals(BigInteger.ONE, decode(col("bigint", "bigint unsigned", null, 0), 1L));
    }

    @Test
    void decimalFloatAndDoubleAreExact() throws Exception {
        BigDecimal d = new BigDecimal("-12345.678900000000000000000000000000");
        assertEquals(d, decode(col("decimal", "decimal(65,30)", null, 0), d));
        Object f = decode(col("float", "float", null, 0), 3.4028234663852886e38f);
        assertEquals(3.4028234663852886e38, Double.parseDouble((String) f));
        assertEquals("-0.0", decode(col("float", "float", null, 0), -0.0f));
        assertEquals(Double.MIN_VALUE, Double.parseDouble((String) decode(col("double", "double", null, 0), 4.9e-324)));
        assertEquals(0.30000000000000004, Double.parseDouble((String) decode(col("double", "double", null, 0), 0.30000000000000004)));
    }

    @Test
    void bitsAreBigEndianBytesOfTheColumnWidth() throws Exception {
        BitSet bits = BitSet.valueOf(new long[] {0x8000000000000001L});
        assertArrayEquals(HexFormat.of().parseHex("8000000000000001"), (byte[]) decode(col("bit", "bit(64)", null, 0), bits));
        assertArrayEquals(new byte[] {0}, (byte[]) decode(col("bit", "bit(1)", null, 0), new BitSet()));
        assertArrayEquals(new byte[] {1, 2}, (byte[]) decode(col("bit", "bit(10)", null, 0), BitSet.valueOf(new byte[] {2, 1})));
    }

    @Test
    void enumAndSetTakeTheirLabelsFromTheColumnType() throws Exception {
        Column en = col("enum", "enum('a','It''s','c d','é')", "utf8mb4", 0);
        assertEquals("It's", decode(en, 2));
        assertEquals("é", decode(en, 4));
        assertEquals("", decode(en, 0));
        assertThrows(IllegalArgumentException.class, () -> decode(en, 5));
        Column set = col("set", "set('x','Y','z','ü')", "utf8mb4", 0);
        assertEquals("", decode(set, 0L));
        assertEquals("x,z", decode(set, 5L));
        assertEquals("x,Y,z,ü", decode(set, 15L));
        assertThrows(IllegalArgumentException.class, () -> decode(set, 16L));
        // COLUMN_TYPE as MySQL writes it (append_unescaped): '' for a quote, \\ \0 \n \r for their characters
        assertEquals(List.of("a\\b", "c'd", "\0\n", "", "x,y"), EnumLabels.parse("set('a\\\\b','c''d','\\0\\n','','x,y')"));
    }

    @Test
    void textInTheColumnCharsetBinaryPaddedYearZero() throws Exception {
        assertEquals("é ß €\u0081", decode(col("char", "char(20)", "latin1", 20),
                new byte[] {(byte) 0xe9, ' ', (byte) 0xdf, ' ', (byte) 0x80, (byte) 0x81}));
        assertEquals("😀 x", decode(col("longtext", "longtext", "utf8mb4", 0), "😀 x".getBytes(StandardCharsets.UTF_8)));
        assertEquals("ж", decode(col("varchar", "varchar(3)", "cp1251", 3), "ж".getBytes(Charset.forName("windows-1251"))));
        assertArrayEquals(new byte[] {1, 0, 0, 0}, (byte[]) decode(col("binary", "binary(4)", null, 4), new byte[] {1}));
        assertArrayEquals(new byte[] {1}, (byte[]) decode(col("varbinary", "varbinary(4)", null, 4), new byte[] {1}));
        assertEquals((short) 0, decode(col("year", "year", null, 0), 0));
        assertEquals((short) 2155, decode(col("year", "year", null, 0), 2155));
        assertThrows(IllegalArgumentException.class, () -> ColumnDecoders.of(col("varchar", "varchar(3)", "armscii8", 3)));
    }

    @Test
    void temporalCellsAreMysqlText() throws Exception {
        // DATE: 3 bytes little-endian, year << 9 | month << 5 | day
        assertEquals("2024-02-29", TemporalCells.date(in(le3((2024 << 9) | (2 << 5) | 29))));
        assertEquals("0000-00-00", TemporalCells.date(in(le3(0))));
        assertEquals("2020-00-00", TemporalCells.date(in(le3(2020 << 9))));
        // DATETIME2 fsp 6 and 0
        assertEquals("9999-12-31 23:59:59.999999", TemporalCells.datetime(6, in(datetime2(9999, 12, 31, 23, 59, 59, 999_999, 6))));
        assertEquals("0000-00-00 00:00:00.000000", TemporalCells.datetime(6, in(datetime2(0, 0, 0, 0, 0, 0, 0, 6))));
        assertEquals("1000-01-01 00:00:00", TemporalCells.datetime(0, in(datetime2(1000, 1, 1, 0, 0, 0, 0, 0))));
        assertEquals("2024-02-29 12:34:56.50", TemporalCells.datetime(2, in(datetime2(2024, 2, 29, 12, 34, 56, 500_000, 2))));
        // TIMESTAMP2: seconds since the epoch (UTC), 0 is the zero TIMESTAMP
        assertEquals("1970-01-01 00:00:01.000001", TemporalCells.timestamp(6, in(bytes("00000001000001"))));
        assertEquals("0000-00-00 00:00:00.000000", TemporalCells.timestamp(6, in(bytes("00000000000000"))));
        assertEquals("2038-01-19 03:14:07", TemporalCells.timestamp(0, in(bytes("7fffffff"))));
        // TIME2, negative values included, for each fraction storage width
        for (int fsp : new int[] {0, 1, 2, 3, 4, 5, 6}) {
            for (String t : List.of("-838:59:59.000000", "838:59:59.000000", "-00:00:00.500000", "-00:00:01.000000",
                    "00:00:00.000000", "24:00:00.000001", "-12:34:56.789012", "-00:59:59.999999")) {
                long micros = Long.parseLong(t.substring(t.indexOf('.') + 1));
                long cut = micros - micros % (long) Math.pow(10, 6 - fsp);
                String expected = t.substring(0, t.indexOf('.')) + TemporalCells.fraction(fsp, cut);
                if (cut == 0 && expected.startsWith("-00:00:00")) {
                    expected = expected.substring(1); // -00:00:00.4 at fsp 0 is 00:00:00
                }
                assertEquals(expected, TemporalCells.time(fsp, in(time2(t, fsp))), t + " at fsp " + fsp);
            }
        }
    }

    @Test
    void jsonBinaryBecomesMysqlText() throws Exception {
        assertEquals("null", JsonText.of(new byte[0]));
        assertEquals("true", JsonText.of(bytes("0401")));
        // [1, "a"]: small array, 2 elements, 12 bytes; int16 inlined, string at offset 10
        assertEquals("[1, \"a\"]", JsonText.of(bytes("02" + "0200" + "0c00" + "050100" + "0c0a00" + "0161")));
        // {"k": -0.0}: small object, 1 element; key entry (offset 2, length 2 bytes), value entry (double at 12)
        String obj = "00" + "0100" + "1400" + "0b00" + "0100" + "0b0c00" + "6b" + "0000000000000080";
        assertEquals("{\"k\": -0.0}", JsonText.of(bytes(obj)));
        double d = Double.parseDouble(JsonText.of(bytes("0b" + le8(Double.doubleToLongBits(1e300)))));
        assertEquals(1e300, d);
        assertEquals("\"a\\\"b\\\\c\\n\\u0000\"", JsonText.of(bytes("0c" + "07" + "6122625c630a00")));
        // a TIME inside JSON (opaque, type 11): -00:00:01.5
        long packed = -((1L << 24) + 500_000);
        assertEquals("\"-00:00:01.500000\"", JsonText.of(bytes("0f" + "0b" + "08" + le8(packed))));
    }

    @Test
    void rowsTakeTheStoredColumnsFromTheImageAndKeysFromTheirColumns() {
        Column id = new Column("id", 1, "int", "int", null, 0, 0, false, false);
        Column gen = new Column("g", 2, "bigint", "bigint", null, 0, 0, true, true);
        Column v = new Column("v", 3, "varchar", "varchar(5)", "utf8mb4", 20, 0, true, false);
        TableSchema t = new TableSchema("db", "t", List.of(id, gen, v), Optional.of(new KeyColumns("PRIMARY", List.of(id))),
                0, "");
        RowImageDecoder decoder = new RowImageDecoder(t);
        BitSet all = new BitSet();
        all.set(0, 3);
        Serializable[] image = {7, 14L, "x".getBytes(StandardCharsets.UTF_8)};
        assertEquals(Arrays.asList(7, "x"), decoder.row(image, all));
        assertEquals(KeyValue.of(7), decoder.key(image, all));
        BitSet noVirtual = new BitSet();
        noVirtual.set(0);
        noVirtual.set(2);
        assertEquals(Arrays.asList(7, null), decoder.row(new Serializable[] {7, null}, noVirtual));
        BitSet keyOnly = new BitSet();
        keyOnly.set(0);
        assertEquals(KeyValue.of(7), decoder.key(new Serializable[] {7}, keyOnly));
        BinlogException e = assertThrows(BinlogException.class, () -> decoder.row(new Serializable[] {7}, keyOnly));
        assertTrue(e.getMessage().contains("lacks column v"), e.getMessage());
    }

    private static ByteArrayInputStream in(byte[] b) {
        return new ByteArrayInputStream(b);
    }

    private static byte[] bytes(String hex) {
        return HexFormat.of().parseHex(hex);
    }

    private static byte[] le3(int v) {
        return new byte[] {(byte) v, (byte) (v >> 8), (byte) (v >> 16)};
    }

    private static String le8(long v) {
        return HexFormat.of().formatHex(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array());
    }

    private static byte[] be(long v, int n) {
        byte[] b = new byte[n];
        for (int i = n - 1; i >= 0; i--) {
            b[i] = (byte) v;
            v >>= 8;
        }
        return b;
    }

    /** MySQL's my_datetime_packed_to_binary. */
    private static byte[] datetime2(int y, int mo, int d, int h, int mi, int s, long micros, int fsp) {
        long ymd = ((y * 13L + mo) << 5) | d;
        long hms = ((long) h << 12) | (mi << 6) | s;
        long intPart = (ymd << 17) | hms;
        byte[] head = be(intPart + 0x8000000000L, 5);
        int n = (fsp + 1) / 2;
        long frac = n == 1 ? micros / 10_000 : n == 2 ? micros / 100 : micros;
        byte[] out = Arrays.copyOf(head, 5 + n);
        System.arraycopy(be(frac, n), 0, out, 5, n);
        return out;
    }

    /** MySQL's my_time_packed_to_binary of the packed value of {@code text}, cut to {@code fsp}. */
    private static byte[] time2(String text, int fsp) {
        boolean negative = text.startsWith("-");
        String[] p = text.replace("-", "").split("[:.]");
        long micros = Long.parseLong(p[3]);
        micros -= micros % (long) Math.pow(10, 6 - fsp);
        long hms = (Long.parseLong(p[0]) << 12) | (Long.parseLong(p[1]) << 6) | Long.parseLong(p[2]);
        long packed = (hms << 24) + micros;
        if (negative) {
            packed = -packed;
        }
        long intPart = packed >> 24;
        long frac = packed % (1 << 24);
        return switch (fsp) {
            case 0 -> be(intPart + 0x800000L, 3);
            case 1, 2 -> concat(be(intPart + 0x800000L, 3), be(frac / 10_000, 1));
            case 3, 4 -> concat(be(intPart + 0x800000L, 3), be(frac / 100, 2));
            default -> be(packed + 0x800000000000L, 6);
        };
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
