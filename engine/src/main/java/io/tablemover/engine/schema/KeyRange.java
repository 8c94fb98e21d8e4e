package io.tablemover.engine.schema;

import java.util.Optional;

/**
 * A range of keys of one table: {@code lower < key <= upper}; an empty bound is unbounded.
 *
 * @param lowerExclusive keys strictly above this one; empty from the first key
 * @param upperInclusive keys up to and including this one; empty to the last key
 */
public record KeyRange(Optional<KeyValue> lowerExclusive, Optional<KeyValue> upperInclusive) {
    /** The whole table. */
    public static final KeyRange ALL = new KeyRange(Optional.empty(), Optional.empty());

    /** @return true if this range has no upper bound (the table's last chunk) */
    public boolean openEnded() {
        return upperInclusive.isEmpty();
    }

    @Override
    public String toString() {
        return "(" + lowerExclusive.map(KeyValue::toString).orElse("-inf") + ", "
                + upperInclusive.map(KeyValue::toString).orElse("+inf") + "]";
    }
}
