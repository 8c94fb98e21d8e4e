package io.tablemover.spi.sharding;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A range of keyspace ids, the part of the keyspace one shard holds, in Vitess notation:
 * {@code START-END} with hex bounds, either of which may be left out: {@code -80} (up to
 * {@code 80}), {@code 80-c0}, {@code c0-} (from {@code c0} on), {@code -} (everything). The start
 * is inclusive, the end exclusive; bounds compare as unsigned bytes like {@link KeyspaceId}s, so
 * {@code 80} and {@code 8000} mark the same boundary for 8-byte ids ({@code 80-c0} holds
 * {@code 8000000000000000} up to {@code bfffffffffffffff}). Immutable and thread-safe.
 *
 * @param start the inclusive lower bound; empty for the start of the keyspace
 * @param end the exclusive upper bound; empty for the end of the keyspace
 * @since 1.1
 */
public record KeyRange(Optional<KeyspaceId> start, Optional<KeyspaceId> end) {
    /** The whole keyspace, {@code -}. */
    public static final KeyRange FULL = new KeyRange(Optional.empty(), Optional.empty());

    private static final byte[] NONE = new byte[0];

    /**
     * @throws NullPointerException if a bound is null (use an empty optional)
     * @throws IllegalArgumentException if the range holds no keyspace id (start not below end, or
     *     an end of zero bytes only)
     */
    public KeyRange {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        if (end.isPresent()) {
            byte[] e = trimmed(end.get());
            if (e.length == 0 || Arrays.compareUnsigned(trimmedStart(start), e) >= 0) {
                throw new IllegalArgumentException("key range " + format(start, end)
                        + " is empty: its start must be below its end");
            }
        }
    }

    /**
     * Parses Vitess notation.
     *
     * @param text {@code START-END}, each bound empty or an even number of hex digits (either
     *     case), e.g. {@code "-80"}, {@code "80-c0"}, {@code "c0-"}, {@code "-"}; surrounding blanks
     *     are ignored
     * @return the range
     * @throws IllegalArgumentException naming the text if it is not in that notation or the range
     *     is empty
     */
    public static KeyRange parse(String text) {
        Objects.requireNonNull(text, "text");
        String t = text.strip();
        int dash = t.indexOf('-');
        if (dash < 0 || dash != t.lastIndexOf('-')) {
            throw new IllegalArgumentException("'" + text + "' is not a key range: expected START-END in hex,"
                    + " e.g. -80, 80-c0, c0- or - for all");
        }
        try {
            return new KeyRange(bound(t.substring(0, dash)), bound(t.substring(dash + 1)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + text + "' is not a valid key range: " + e.getMessage());
        }
    }

    /**
     * Parses a comma-separated list, e.g. {@code "-80,80-c0,c0-"}; see {@link #parse(String)}.
     *
     * @return the ranges in the given order (not validated as a shard set; see
     *     {@link #validateShards(List)})
     * @throws IllegalArgumentException naming the first malformed range
     */
    public static List<KeyRange> parseList(String text) {
        List<KeyRange> ranges = new ArrayList<>();
        for (String part : text.split(",", -1)) {
            ranges.add(parse(part));
        }
        return List.copyOf(ranges);
    }

    private static Optional<KeyspaceId> bound(String hex) {
        return hex.isEmpty() ? Optional.empty() : Optional.of(KeyspaceId.fromHex(hex));
    }

    /**
     * @param id a keyspace id
     * @return true if {@code start <= id < end} (a missing bound does not limit)
     */
    public boolean contains(KeyspaceId id) {
        Objects.requireNonNull(id, "id");
        return start.map(s -> s.compareTo(id) <= 0).orElse(true) && end.map(e -> id.compareTo(e) < 0).orElse(true);
    }

    /**
     * Checks that shards cover the keyspace exactly once: no gap, no overlap, in any order.
     *
     * @param shards the shards' key ranges, e.g. {@code -80, 80-}
     * @throws IllegalArgumentException if the list is empty or the ranges leave a gap or overlap;
     *     the message names the uncovered or doubly covered range, e.g. {@code "shard key ranges
     *     leave 80-c0 uncovered (between -80 and c0-)"}
     */
    public static void validateShards(List<KeyRange> shards) {
        if (shards.isEmpty()) {
            throw new IllegalArgumentException("no shard key ranges; give at least one, e.g. - for a single shard");
        }
        List<KeyRange> sorted = new ArrayList<>(shards);
        sorted.sort(Comparator.comparing(r -> trimmedStart(r.start), Arrays::compareUnsigned));
        KeyRange previous = null;
        for (KeyRange r : sorted) {
            byte[] s = trimmedStart(r.start);
            if (previous == null) {
                if (s.length > 0) {
                    throw new IllegalArgumentException("shard key ranges leave " + format(Optional.empty(), r.start)
                            + " uncovered (before " + r + ")");
                }
            } else if (previous.end.isEmpty()) {
                throw overlap(previous, r);
            } else {
                int c = Arrays.compareUnsigned(s, trimmed(previous.end.get()));
                if (c > 0) {
                    throw new IllegalArgumentException("shard key ranges leave " + format(previous.end, r.start)
                            + " uncovered (between " + previous + " and " + r + ")");
                }
                if (c < 0) {
                    throw overlap(previous, r);
                }
            }
            previous = r;
        }
        if (previous.end.isPresent()) {
            throw new IllegalArgumentException("shard key ranges leave " + format(previous.end, Optional.empty())
                    + " uncovered (after " + previous + ")");
        }
    }

    /** {@code later} starts before {@code earlier} ends (and not before {@code earlier} starts). */
    private static IllegalArgumentException overlap(KeyRange earlier, KeyRange later) {
        Optional<KeyspaceId> overlapEnd = earlier.end.isEmpty() ? later.end
                : later.end.isEmpty() ? earlier.end
                : earlier.end.get().compareTo(later.end.get()) <= 0 ? earlier.end : later.end;
        return new IllegalArgumentException("shard key ranges " + earlier + " and " + later + " overlap on "
                + format(later.start, overlapEnd));
    }

    private static byte[] trimmedStart(Optional<KeyspaceId> start) {
        return start.map(KeyRange::trimmed).orElse(NONE);
    }

    /** The bound without trailing zero bytes: {@code 8000} and {@code 80} are the same boundary. */
    private static byte[] trimmed(KeyspaceId bound) {
        byte[] b = bound.toBytes();
        int n = b.length;
        while (n > 0 && b[n - 1] == 0) {
            n--;
        }
        return Arrays.copyOf(b, n);
    }

    private static String format(Optional<KeyspaceId> start, Optional<KeyspaceId> end) {
        return start.map(KeyspaceId::toHex).orElse("") + "-" + end.map(KeyspaceId::toHex).orElse("");
    }

    /** @return Vitess notation in lower-case hex, e.g. {@code "80-c0"}, {@code "-"} */
    @Override
    public String toString() {
        return format(start, end);
    }
}
