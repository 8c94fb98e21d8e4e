package io.tablemover.engine.binlog;

import io.tablemover.engine.schema.Column;
import io.tablemover.engine.schema.KeyColumns;
import io.tablemover.engine.schema.KeyValue;
import io.tablemover.engine.transfer.ValueReader;
import java.io.Serializable;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Decodes the key of a binlog row image into the same canonical {@link KeyValue} that a JDBC read of
 * the row gives. Expects the deserializer in {@code DATE_AND_TIME_AS_LONG_MICRO} and
 * {@code CHAR_AND_BINARY_AS_BYTE_ARRAY} modes (see {@link BinlogClientFactory}).
 *
 * <p>Binlog quirks handled: integers arrive signed whatever the column's signedness; strings arrive as
 * bytes in the column's character set; BINARY(n) arrives without its trailing zero bytes (MySQL strips
 * the pad), which are put back; temporal values arrive as microseconds since the epoch, read as UTC.
 */
public final class BinlogKeyDecoder {
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd");
    private static final DateTimeFormatter DATETIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");

    private BinlogKeyDecoder() {}

    /**
     * @param row a full row image (all columns, ordinal order)
     * @throws IllegalArgumentException if a key part is NULL or of an unexpected Java type
     */
    public static KeyValue decode(KeyColumns key, Serializable[] row) {
        List<Object> parts = new ArrayList<>(key.columns().size());
        for (Column c : key.columns()) {
            parts.add(decode(c, row[c.ordinal() - 1]));
        }
        return KeyValue.of(parts);
    }

    static Object decode(Column c, Serializable v) {
        if (v == null) {
            throw new IllegalArgumentException("NULL in key column " + c.name());
        }
        switch (c.dataType()) {
            case "tinyint": return c.unsigned() ? ((Number) v).longValue() & 0xFFL : ((Number) v).longValue();
            case "smallint": return c.unsigned() ? ((Number) v).longValue() & 0xFFFFL : ((Number) v).longValue();
            case "mediumint": return c.unsigned() ? ((Number) v).longValue() & 0xFFFFFFL : ((Number) v).longValue();
            case "int": return c.unsigned() ? ((Number) v).longValue() & 0xFFFFFFFFL : ((Number) v).longValue();
            case "bigint": {
                long l = ((Number) v).longValue();
                return c.unsigned() && l < 0 ? new BigInteger(Long.toUnsignedString(l)) : (Object) l;
            }
            case "decimal": return (BigDecimal) v;
            case "char", "varchar": return new String((byte[]) v, javaCharset(c.charset()));
            case "binary": {
                byte[] b = (byte[]) v;
                return b.length < c.maxLength() ? Arrays.copyOf(b, (int) c.maxLength()) : b;
            }
            case "varbinary": return (byte[]) v;
            case "date": return LocalDateTime.ofInstant(micros(v), ZoneOffset.UTC).format(DATE);
            case "datetime", "timestamp": {
                String text = LocalDateTime.ofInstant(micros(v), ZoneOffset.UTC).format(DATETIME);
                return ValueReader.temporalKeyText(text);
            }
            default: throw new IllegalArgumentException("key column " + c + " cannot be decoded from the binlog");
        }
    }

    private static Instant micros(Serializable v) {
        long us = ((Number) v).longValue();
        return Instant.ofEpochSecond(Math.floorDiv(us, 1_000_000L), Math.floorMod(us, 1_000_000L) * 1000L);
    }

    /**
     * @return the Java charset of a MySQL character set name
     * @throws IllegalArgumentException if Java has no equivalent
     */
    public static Charset javaCharset(String mysqlCharset) {
        String cs = mysqlCharset == null ? "utf8mb4" : mysqlCharset.toLowerCase(Locale.ROOT);
        return switch (cs) {
            case "utf8mb4", "utf8mb3", "utf8" -> StandardCharsets.UTF_8;
            case "latin1" -> Charset.forName("windows-1252");
            case "ascii" -> StandardCharsets.US_ASCII;
            case "ucs2", "utf16" -> StandardCharsets.UTF_16BE;
            case "utf16le" -> StandardCharsets.UTF_16LE;
            case "utf32" -> Charset.forName("UTF-32BE");
            case "cp1250", "cp1251", "cp1256", "cp1257" -> Charset.forName("windows-" + cs.substring(2));
            case "latin2" -> Charset.forName("ISO-8859-2");
            case "greek" -> Charset.forName("ISO-8859-7");
            case "hebrew" -> Charset.forName("ISO-8859-8");
            case "latin5" -> Charset.forName("ISO-8859-9");
            case "latin7" -> Charset.forName("ISO-8859-13");
            case "sjis" -> Charset.forName("Shift_JIS");
            case "cp932" -> Charset.forName("windows-31j");
            case "ujis" -> Charset.forName("EUC-JP");
            case "euckr" -> Charset.forName("EUC-KR");
            case "gbk", "gb2312", "gb18030", "big5", "koi8r", "koi8u" ->
                    Charset.forName(cs.equals("koi8r") ? "KOI8-R" : cs.equals("koi8u") ? "KOI8-U" : cs.toUpperCase(Locale.ROOT));
            default -> throw new IllegalArgumentException("character set " + cs + " is not supported in key columns");
        };
    }
}
