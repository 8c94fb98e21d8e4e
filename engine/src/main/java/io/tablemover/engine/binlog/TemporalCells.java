package io.tablemover.engine.binlog;

import com.github.shyiko.mysql.binlog.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Reads the temporal cells of a binlog row image into MySQL's own text, exactly: DATE, DATETIME(fsp), TIMESTAMP(fsp)
 * and TIME(fsp) in the storage formats MySQL 5.6.4+ writes (MySQL Internals, "Date and Time Data Type Representation";
 * {@code my_datetime_packed_from_binary}, {@code my_time_packed_from_binary} and {@code TIME_from_longlong_*_packed}
 * in {@code mysys/my_time.cc}). The binlog library's own reading loses zero dates (as null, like SQL NULL), the sign of
 * negative TIMEs and, before 1582-10-15, the calendar; this one keeps every value as the server prints it.
 *
 * <p>Texts: {@code 2024-02-29}, {@code 0000-00-00}; {@code 2024-02-29 12:34:56.500000} with as many fractional digits
 * as the column's fsp (none for fsp 0); TIMESTAMP in UTC (the engine's sessions run with {@code time_zone='+00:00'}),
 * the zero TIMESTAMP as {@code 0000-00-00 00:00:00}; TIME signed, at least two hour digits ({@code -838:59:59}).
 */
final class TemporalCells {
    private static final long DATETIMEF_INT_OFS = 0x8000000000L;
    private static final long TIMEF_INT_OFS = 0x800000L;
    private static final long TIMEF_OFS = 0x800000000000L;

    private TemporalCells() {}

    /** DATE: 3 bytes little-endian, day (5 bits), month (4), year (the rest). */
    static String date(ByteArrayInputStream in) throws IOException {
        int v = in.readInteger(3);
        return date(v >> 9, (v >> 5) & 15, v & 31);
    }

    /** DATETIME2: 5 bytes big-endian (sign, year*13+month, day, hour, minute, second) and the fraction. */
    static String datetime(int fsp, ByteArrayInputStream in) throws IOException {
        long intPart = bigEndian(in.read(5)) - DATETIMEF_INT_OFS;
        long packed = (intPart << 24) + signedFraction(fsp, in);
        if (packed < 0) {
            throw new IOException("negative DATETIME in a row image");
        }
        long ymdhms = packed >> 24;
        long ymd = ymdhms >> 17;
        long ym = ymd >> 5;
        long hms = ymdhms % (1 << 17);
        return date((int) (ym / 13), (int) (ym % 13), (int) (ymd % 32)) + " "
                + clock((int) (hms >> 12), (int) ((hms >> 6) % 64), (int) (hms % 64)) + fraction(fsp, packed % (1 << 24));
    }

    /** TIMESTAMP2: 4 bytes big-endian seconds since the epoch (0 is the zero TIMESTAMP) and the fraction, unsigned. */
    static String timestamp(int fsp, ByteArrayInputStream in) throws IOException {
        long seconds = bigEndian(in.read(4));
        int bytes = (fsp + 1) / 2;
        long micros = bytes == 0 ? 0 : bigEndian(in.read(bytes)) * (bytes == 1 ? 10_000 : bytes == 2 ? 100 : 1);
        if (seconds == 0) {
            return "0000-00-00 00:00:00" + fraction(fsp, micros);
        }
        LocalDateTime t = LocalDateTime.ofEpochSecond(seconds, 0, ZoneOffset.UTC);
        return date(t.getYear(), t.getMonthValue(), t.getDayOfMonth()) + " "
                + clock(t.getHour(), t.getMinute(), t.getSecond()) + fraction(fsp, micros);
    }

    /** TIME2: 3 bytes big-endian (sign, hour, minute, second) and a fraction, or 6 bytes for fsp 5 and 6. */
    static String time(int fsp, ByteArrayInputStream in) throws IOException {
        long packed;
        if (fsp >= 5) {
            packed = bigEndian(in.read(6)) - TIMEF_OFS;
        } else {
            long intPart = bigEndian(in.read(3)) - TIMEF_INT_OFS;
            long frac = 0;
            if (fsp >= 1) {
                boolean two = fsp >= 3;
                // unsigned: a negative TIME stores its fraction as (0x100 or 0x10000) - fraction, one second up
                frac = bigEndian(in.read(two ? 2 : 1));
                if (intPart < 0 && frac != 0) {
                    intPart++;
                    frac -= two ? 0x10000 : 0x100;
                }
                frac *= two ? 100 : 10_000;
            }
            packed = (intPart << 24) + frac;
        }
        boolean negative = packed < 0;
        long t = Math.abs(packed);
        long hms = t >> 24;
        String hours = String.format("%02d", (hms >> 12) % (1 << 10));
        return (negative ? "-" : "") + hours + ":" + two((int) ((hms >> 6) % 64)) + ":" + two((int) (hms % 64))
                + fraction(fsp, t % (1 << 24));
    }

    /** The signed fraction of DATETIME2 in microseconds: 1, 2 or 3 bytes big-endian for fsp 1-2, 3-4, 5-6. */
    private static long signedFraction(int fsp, ByteArrayInputStream in) throws IOException {
        int bytes = (fsp + 1) / 2;
        if (bytes == 0) {
            return 0;
        }
        long v = bigEndian(in.read(bytes));
        long signBit = 1L << (bytes * 8 - 1);
        long signed = (v ^ signBit) - signBit;
        return signed * (bytes == 1 ? 10_000 : bytes == 2 ? 100 : 1);
    }

    private static long bigEndian(byte[] b) {
        long v = 0;
        for (byte x : b) {
            v = (v << 8) | (x & 0xFF);
        }
        return v;
    }

    private static String date(int year, int month, int day) {
        return String.format("%04d-%02d-%02d", year, month, day);
    }

    private static String clock(int hour, int minute, int second) {
        return two(hour) + ":" + two(minute) + ":" + two(second);
    }

    private static String two(int v) {
        return v < 10 ? "0" + v : Integer.toString(v);
    }

    /** {@code .ffffff} cut to {@code fsp} digits; empty for fsp 0. */
    static String fraction(int fsp, long micros) {
        if (fsp == 0) {
            return "";
        }
        String six = String.format("%06d", micros);
        return "." + six.substring(0, fsp);
    }
}
