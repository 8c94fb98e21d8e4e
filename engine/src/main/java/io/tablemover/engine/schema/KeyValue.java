package io.tablemover.engine.schema;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * One row's key: the values of its {@link KeyColumns}, in key order, in a canonical Java form so that a
 * key read over JDBC and the same key decoded from the binlog are {@code equals}.
 *
 * <p>Canonical parts: integers as {@link Long} (or {@link BigInteger} past {@code Long.MAX_VALUE},
 * for BIGINT UNSIGNED); DECIMAL as {@link BigDecimal} without trailing zeros; CHAR/VARCHAR as
 * {@link String}; BINARY/VARBINARY as {@link Bytes}; DATE/DATETIME/TIMESTAMP as their MySQL text
 * ({@code 2024-01-31 23:59:59.000001}, TIMESTAMP in UTC). Key parts are never NULL.
 *
 * <p>{@link #toHex()} serializes a key losslessly (type-tagged, hex) for the run state.
 */
public final class KeyValue {
    private final List<Object> parts;

    private KeyValue(List<Object> parts) {
        this.parts = parts;
    }

    /**
     * @param parts key parts in key order, each already canonical or convertible: Integer, Short, Byte
     *     and Long become Long; BigInteger within the long range becomes Long; byte[] becomes Bytes
     * @throws IllegalArgumentException for a null or unsupported part
     */
    public static KeyValue of(List<?> parts) {
        List<Object> canonical = new ArrayList<>(parts.size());
        for (Object p : parts) {
            canonical.add(canonical(p));
        }
        return new KeyValue(List.copyOf(canonical));
    }

    /** @see #of(List) */
    public static KeyValue of(Object... parts) {
        return of(List.of(parts));
    }

    private static Object canonical(Object p) {
        Objects.requireNonNull(p, "key part");
        if (p instanceof Integer || p instanceof Short || p instanceof Byte) {
            return ((Number) p).longValue();
        }
        if (p instanceof BigInteger b) {
            return b.bitLength() < 64 ? (Object) b.longValue() : b;
        }
        if (p instanceof BigDecimal d) {
            return new BigDecimal(d.stripTrailingZeros().toPlainString());
        }
        if (p instanceof byte[] b) {
            return new Bytes(b);
        }
        if (p instanceof Long || p instanceof String || p instanceof Bytes) {
            return p;
        }
        throw new IllegalArgumentException("unsupported key part type " + p.getClass().getName());
    }

    /** @return the parts in key order (Long, BigInteger, BigDecimal, String or Bytes) */
    public List<Object> parts() {
        return parts;
    }

    /** @return the parts as JDBC bind values: Bytes become byte[] */
    public List<Object> bindValues() {
        return parts.stream().map(p -> p instanceof Bytes b ? (Object) b.toArray() : p).toList();
    }

    /**
     * Serializes the key as {@code tag:hex} parts joined by {@code ,}: tag {@code l} long, {@code i}
     * big integer, {@code d} decimal, {@code s} UTF-8 string, {@code b} bytes. Round-trips exactly
     * through {@link #fromHex(String)}, trailing spaces and zero bytes included.
     */
    public String toHex() {
        HexFormat hex = HexFormat.of();
        List<String> out = new ArrayList<>();
        for (Object p : parts) {
            if (p instanceof Long l) {
                out.add("l:" + hex.formatHex(l.toString().getBytes(StandardCharsets.US_ASCII)));
            } else if (p instanceof BigInteger b) {
                out.add("i:" + hex.formatHex(b.toString().getBytes(StandardCharsets.US_ASCII)));
            } else if (p instanceof BigDecimal d) {
                out.add("d:" + hex.formatHex(d.toPlainString().getBytes(StandardCharsets.US_ASCII)));
            } else if (p instanceof String s) {
                out.add("s:" + hex.formatHex(s.getBytes(StandardCharsets.UTF_8)));
            } else {
                out.add("b:" + hex.formatHex(((Bytes) p).toArray()));
            }
        }
        return String.join(",", out);
    }

    /**
     * Parses {@link #toHex()}'s form.
     *
     * @throws IllegalArgumentException if the text is not of that form
     */
    public static KeyValue fromHex(String text) {
        HexFormat hex = HexFormat.of();
        List<Object> parts = new ArrayList<>();
        for (String part : text.split(",", -1)) {
            if (part.length() < 2 || part.charAt(1) != ':') {
                throw new IllegalArgumentException("not a serialized key: " + text);
            }
            byte[] bytes = hex.parseHex(part.substring(2));
            String ascii = new String(bytes, StandardCharsets.UTF_8);
            parts.add(switch (part.charAt(0)) {
                case 'l' -> Long.parseLong(ascii);
                case 'i' -> new BigInteger(ascii);
                case 'd' -> new BigDecimal(ascii);
                case 's' -> ascii;
                case 'b' -> new Bytes(bytes);
                default -> throw new IllegalArgumentException("unknown key part tag in " + text);
            });
        }
        return of(parts);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KeyValue k && parts.equals(k.parts);
    }

    @Override
    public int hashCode() {
        return parts.hashCode();
    }

    @Override
    public String toString() {
        return parts.size() == 1 ? String.valueOf(parts.get(0)) : parts.toString();
    }
}
