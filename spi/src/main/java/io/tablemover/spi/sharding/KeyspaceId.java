package io.tablemover.spi.sharding;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A keyspace id: the bytes a {@link ShardingFunction} maps a sharding key to, as in Vitess.
 * Keyspace ids (and the bounds of {@link KeyRange}s) are ordered as unsigned bytes,
 * lexicographically: {@code 7f < 80 < 80 00 < ff}. Immutable and thread-safe.
 *
 * @since 1.1
 */
public final class KeyspaceId implements Comparable<KeyspaceId> {
    private static final HexFormat HEX = HexFormat.of();

    private final byte[] bytes;

    private KeyspaceId(byte[] bytes) {
        this.bytes = bytes;
    }

    /**
     * @param bytes one or more bytes; copied
     * @return the keyspace id of these bytes
     * @throws IllegalArgumentException if {@code bytes} is empty
     */
    public static KeyspaceId of(byte[] bytes) {
        if (bytes.length == 0) {
            throw new IllegalArgumentException("a keyspace id has at least one byte");
        }
        return new KeyspaceId(bytes.clone());
    }

    /**
     * @param hex an even number (two or more) of hex digits, either case, e.g. {@code "166b40b44aba4bd6"}
     * @return the keyspace id of these bytes
     * @throws IllegalArgumentException if {@code hex} is empty, odd-length or not hex
     */
    public static KeyspaceId fromHex(String hex) {
        Objects.requireNonNull(hex, "hex");
        byte[] bytes;
        try {
            bytes = HEX.parseHex(hex);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + hex + "' is not an even number of hex digits");
        }
        return of(bytes);
    }

    /** @return a copy of the bytes */
    public byte[] toBytes() {
        return bytes.clone();
    }

    /** @return the number of bytes, one or more (8 for {@code hash} and {@code xxhash}) */
    public int length() {
        return bytes.length;
    }

    /** @return the bytes as lower-case hex, two digits per byte, e.g. {@code "166b40b44aba4bd6"} */
    public String toHex() {
        return HEX.formatHex(bytes);
    }

    /** Orders as unsigned bytes, lexicographically; a proper prefix comes first. */
    @Override
    public int compareTo(KeyspaceId other) {
        return Arrays.compareUnsigned(bytes, other.bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KeyspaceId k && Arrays.equals(bytes, k.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    /** @return {@link #toHex()} */
    @Override
    public String toString() {
        return toHex();
    }
}
