package io.tablemover.engine.config;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Which column places a table's rows on the shards, and through which sharding function (Vitess:
 * the table's primary vindex).
 *
 * @param table the moved table
 * @param column the sharding column: every row goes to the shard whose key range holds the keyspace id
 *     of this column's value
 * @param vindex the sharding function's name, a factory of a loaded plugin ({@code hash} by default, the
 *     Vitess {@code hash} vindex from plugin sharding-hash)
 */
public record ShardingKey(String table, String column, String vindex) {
    /** The sharding function used when {@code --sharding-key} names none. */
    public static final String DEFAULT_VINDEX = "hash";
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]*");

    public ShardingKey {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(column, "column");
        Objects.requireNonNull(vindex, "vindex");
    }

    /**
     * Parses {@code table=column[:vindex]}.
     *
     * @param option where the text came from, named in errors ({@code --sharding-key} or the config file key)
     * @throws InvalidInputException naming the option, the text and the expected form
     */
    public static ShardingKey parse(String option, String text) {
        String expected = option + " must look like TABLE=COLUMN or TABLE=COLUMN:VINDEX (e.g. orders=customer_id:hash), got '"
                + text + "'";
        int eq = text.indexOf('=');
        if (eq <= 0 || eq == text.length() - 1) {
            throw new InvalidInputException(expected);
        }
        String table = text.substring(0, eq).trim();
        String rest = text.substring(eq + 1).trim();
        int colon = rest.lastIndexOf(':');
        String column = colon < 0 ? rest : rest.substring(0, colon).trim();
        String vindex = colon < 0 ? DEFAULT_VINDEX : rest.substring(colon + 1).trim();
        if (table.isEmpty() || column.isEmpty() || table.length() > 64 || column.length() > 64) {
            throw new InvalidInputException(expected);
        }
        if (!NAME.matcher(vindex).matches()) {
            throw new InvalidInputException(option + ": '" + vindex + "' is not a sharding function name (lower-case"
                    + " letters, digits, dashes), e.g. hash or xxhash");
        }
        return new ShardingKey(table, column, vindex);
    }

    @Override
    public String toString() {
        return table + "=" + column + ":" + vindex;
    }
}
