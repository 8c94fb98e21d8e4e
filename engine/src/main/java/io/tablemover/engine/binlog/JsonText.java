package io.tablemover.engine.binlog;

import com.github.shyiko.mysql.binlog.event.deserialization.ColumnType;
import com.github.shyiko.mysql.binlog.event.deserialization.json.JsonBinary;
import com.github.shyiko.mysql.binlog.event.deserialization.json.JsonFormatter;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Base64;

/**
 * Renders MySQL's binary JSON (a JSON column's cell in a row image) as MySQL's own JSON text
 * ({@code Json_wrapper::to_string}, {@code sql-common/json_dom.cc}): {@code {"a": 1, "b": [true, null]}} with
 * {@code ", "} and {@code ": "} separators and the keys in stored order; strings escaped as MySQL does; dates and times
 * stored in JSON as quoted text with six fractional digits; other opaque values as {@code "base64:typeN:..."}.
 *
 * <p>The library's own {@code JsonBinary.parseAsString} differs from MySQL's text (doubles as {@code 1.0E300}, opaque
 * values, negative TIMEs garbled), so the binary is walked here. Doubles are printed with Java's
 * {@link Double#toString(double)}, which may differ from MySQL's shortest form in text ({@code 1.0E300} for
 * {@code 1e300}) but is read back by MySQL as the same double, so the target stores the same JSON value.
 */
public final class JsonText implements JsonFormatter {
    private final StringBuilder out = new StringBuilder();

    private JsonText() {}

    /**
     * @param binary a JSON cell of a row image; empty for the JSON null MySQL stores for an empty value
     * @return its text
     * @throws IOException if the binary is not valid MySQL JSON
     */
    public static String of(byte[] binary) throws IOException {
        if (binary.length == 0) {
            return "null";
        }
        JsonText text = new JsonText();
        new ExactTimes(binary).parse(text);
        return text.out.toString();
    }

    /** The library's JSON reader with TIME values read exactly (the library drops their sign). */
    private static final class ExactTimes extends JsonBinary {
        ExactTimes(byte[] bytes) {
            super(bytes);
        }

        @Override
        protected void parseTime(JsonFormatter formatter) throws IOException {
            long packed = readInt64();
            boolean negative = packed < 0;
            long t = Math.abs(packed);
            long hms = t >> 24;
            ((JsonText) formatter).out.append('"').append(negative ? "-" : "")
                    .append(String.format("%02d:%02d:%02d.%06d", (hms >> 12) % (1 << 10), (hms >> 6) % 64, hms % 64,
                            t % (1 << 24))).append('"');
        }
    }

    @Override
    public void beginObject(int numElements) {
        out.append('{');
    }

    @Override
    public void beginArray(int numElements) {
        out.append('[');
    }

    @Override
    public void endObject() {
        out.append('}');
    }

    @Override
    public void endArray() {
        out.append(']');
    }

    @Override
    public void name(String name) {
        quote(name);
        out.append(": ");
    }

    @Override
    public void value(String value) {
        quote(value);
    }

    @Override
    public void value(int value) {
        out.append(value);
    }

    @Override
    public void value(long value) {
        out.append(value);
    }

    @Override
    public void value(double value) {
        out.append(Double.toString(value));
    }

    @Override
    public void value(BigInteger value) {
        out.append(value);
    }

    @Override
    public void value(BigDecimal value) {
        out.append(value.toPlainString());
    }

    @Override
    public void value(boolean value) {
        out.append(value);
    }

    @Override
    public void valueNull() {
        out.append("null");
    }

    @Override
    public void valueYear(int year) {
        out.append(year);
    }

    @Override
    public void valueDate(int year, int month, int day) {
        out.append(String.format("\"%04d-%02d-%02d\"", year, month, day));
    }

    @Override
    public void valueDatetime(int year, int month, int day, int hour, int min, int sec, int microSeconds) {
        out.append(String.format("\"%04d-%02d-%02d %02d:%02d:%02d.%06d\"", year, month, day, hour, min, sec, microSeconds));
    }

    @Override
    public void valueTime(int hour, int min, int sec, int microSeconds) {
        throw new IllegalStateException("JSON TIME values are read by ExactTimes");
    }

    @Override
    public void valueTimestamp(long secondsPastEpoch, int microSeconds) {
        throw new IllegalStateException("JSON TIMESTAMP values are read as DATETIME");
    }

    @Override
    public void valueOpaque(ColumnType type, byte[] value) {
        out.append("\"base64:type").append(type.getCode()).append(':')
                .append(Base64.getEncoder().encodeToString(value)).append('"');
    }

    @Override
    public void nextEntry() {
        out.append(", ");
    }

    /** A JSON string as MySQL's {@code double_quote} writes it: {@code " \ \b \f \n \r \t} escaped, other controls as {@code \}{@code u00xx}. */
    private void quote(String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
