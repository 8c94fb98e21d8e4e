package io.tablemover.engine.binlog;

import io.tablemover.engine.schema.Column;
import io.tablemover.engine.schema.KeyColumns;
import io.tablemover.engine.schema.KeyValue;
import io.tablemover.engine.schema.MysqlType;
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
import java.util.Calendar;
import java.util.GregorianCalendar;
import java.util.List;
import java.util.Locale;
import java.util.TimeZone;

/**
 * Decodes the key of a binlog row image into the same canonical {@link KeyValue} that a JDBC read of
 * the row gives. Expects the deserializer in {@code DATE_AND_TIME_AS_LONG_MICRO} and
 * {@code CHAR_AND_BINARY_AS_BYTE_ARRAY} modes (see {@link BinlogClientFactory}).
 *
 * <p>Binlog quirks handled: integers arrive signed whatever the column's signedness; strings arrive as
 * bytes in the column's character set; BINARY(n) arrives without its trailing zero bytes (MySQL strips
 * the pad), which are put back; temporal values arrive as MySQL's text from the stream's deserializer
 * ({@link ExactRowsDeserializers}), or, from the library's own, as microseconds since the epoch, read as UTC
 * (before 1582-10-15 in the Julian calendar the client used to compute them).
 */
public final class BinlogKeyDecoder {
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd");
    private static final DateTimeFormatter DATETIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");
    /** 1582-10-15T00:00Z in microseconds: where {@code java.util.GregorianCalendar} switches from Julian. */
    private static final long GREGORIAN_CUTOVER_MICROS = -12_219_292_800L * 1_000_000L;

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

    /**
     * @throws IllegalArgumentException if {@code v} is NULL or the column's type may not be a key
     *     ({@link MysqlType#mayBeKey()})
     */
    static Object decode(Column c, Serializable v) {
        if (v == null) {
            throw new IllegalArgumentException("NULL in key column " + c.name());
        }
        MysqlType t = c.type();
        if (!t.mayBeKey()) {
            throw new IllegalArgumentException("key column " + c + " cannot be decoded from the binlog");
        }
        return switch (t.family()) {
            case INTEGER -> integer(t.integerBits(), c.unsigned(), ((Number) v).longValue());
            case DECIMAL -> (BigDecimal) v;
            case TEXT -> text((byte[]) v, c.charset());
            case BINARY -> t == MysqlType.BINARY ? padded((byte[]) v, c.maxLength()) : (byte[]) v;
            case DATE_TIME -> v instanceof String s ? (t == MysqlType.DATE ? s : MysqlType.temporalKeyText(s))
                    : t == MysqlType.DATE ? utc(v).format(DATE) : MysqlType.temporalKeyText(utc(v).format(DATETIME));
            default -> throw new IllegalStateException("copy key type " + t.dataType() + " has no binlog decoding");
        };
    }

    /** An integer of {@code bits} bits, which the binlog gives signed whatever the column's signedness. */
    private static Object integer(int bits, boolean unsigned, long l) {
        if (!unsigned) {
            return l;
        }
        if (bits == 64) {
            return l < 0 ? new BigInteger(Long.toUnsignedString(l)) : (Object) l;
        }
        return l & ((1L << bits) - 1);
    }

    /** BINARY(n) arrives without its trailing zero bytes (MySQL strips the pad): they are put back. */
    private static byte[] padded(byte[] b, long length) {
        return b.length < length ? Arrays.copyOf(b, (int) length) : b;
    }

    /**
     * The UTC date and time of microseconds since the epoch as the binlog client computes them: from
     * 1582-10-15 on in the proleptic Gregorian calendar, like MySQL, but before that with
     * {@code java.util.Calendar}, i.e. in the Julian calendar ({@code 1000-01-01} arrives as the instant of
     * Gregorian {@code 1000-01-06}), so those are read back the same way.
     */
    private static LocalDateTime utc(Serializable v) {
        long us = ((Number) v).longValue();
        if (us < GREGORIAN_CUTOVER_MICROS) {
            GregorianCalendar c = new GregorianCalendar(TimeZone.getTimeZone("UTC"));
            c.setTimeInMillis(Math.floorDiv(us, 1000L));
            return LocalDateTime.of(c.get(Calendar.YEAR), c.get(Calendar.MONTH) + 1, c.get(Calendar.DAY_OF_MONTH),
                    c.get(Calendar.HOUR_OF_DAY), c.get(Calendar.MINUTE), c.get(Calendar.SECOND),
                    (int) Math.floorMod(us, 1_000_000L) * 1000);
        }
        return LocalDateTime.ofInstant(micros(us), ZoneOffset.UTC);
    }

    private static Instant micros(long us) {
        return Instant.ofEpochSecond(Math.floorDiv(us, 1_000_000L), Math.floorMod(us, 1_000_000L) * 1000L);
    }

    /**
     * Text as MySQL reads it. MySQL's latin1 is windows-1252 except for the five bytes windows-1252 leaves
     * undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D), which MySQL maps to the same code points (U+0081, ...) and
     * Java to U+FFFD: those are put back (latin1 is single-byte, so char i is byte i).
     */
    static String text(byte[] b, String mysqlCharset) {
        String s = new String(b, javaCharset(mysqlCharset));
        if (!"latin1".equalsIgnoreCase(mysqlCharset) || s.indexOf('\uFFFD') < 0) {
            return s;
        }
        char[] chars = s.toCharArray();
        for (int i = 0; i < chars.length; i++) {
            if (chars[i] == '\uFFFD') {
                chars[i] = (char) (b[i] & 0xFF);
            }
        }
        return new String(chars);
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
            default -> throw new IllegalArgumentException("character set " + cs + " is not supported");
        };
    }
}
