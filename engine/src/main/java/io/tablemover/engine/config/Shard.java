package io.tablemover.engine.config;

import io.tablemover.spi.sharding.KeyRange;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One target of a move and the keyspace-id range whose rows it receives.
 *
 * @param endpoint the target server and database
 * @param keyRange the keyspace ids it owns, start inclusive, end exclusive (Vitess shard naming:
 *     {@code -80}, {@code 80-}; {@link KeyRange#FULL} ({@code -}) for an unsharded move)
 */
public record Shard(Endpoint endpoint, KeyRange keyRange) {
    private static final Pattern RANGE = Pattern.compile("[0-9a-fA-F]*-[0-9a-fA-F]*");

    public Shard {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(keyRange, "keyRange");
    }

    /** @return the shard's name, its key range in Vitess notation, e.g. {@code 80-c0} */
    public String name() {
        return keyRange.toString();
    }

    /**
     * Splits {@code URL@KEYRANGE} (the form of a sharded {@code --target}) into the URL and the range.
     *
     * @param text e.g. {@code jdbc:mysql://10.0.0.5:3306/app@-80}
     * @return {@code [url, range]}, range null if {@code text} carries none
     */
    public static String[] splitTarget(String text) {
        int at = text.lastIndexOf('@');
        if (at > 0 && RANGE.matcher(text.substring(at + 1)).matches()) {
            return new String[] {text.substring(0, at), text.substring(at + 1)};
        }
        return new String[] {text, null};
    }

    /**
     * Parses a key range given on the command line.
     *
     * @throws InvalidInputException naming the option and the Vitess notation expected
     */
    public static KeyRange parseRange(String option, String text) {
        try {
            return KeyRange.parse(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(option + ": '" + text + "' is not a key range (" + e.getMessage()
                    + "); use Vitess notation like -80, 80-c0, c0- or - for all");
        }
    }

    @Override
    public String toString() {
        return endpoint + "@" + name();
    }
}
