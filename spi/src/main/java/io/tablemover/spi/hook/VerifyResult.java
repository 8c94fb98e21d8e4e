package io.tablemover.spi.hook;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The outcome of the run's last verification of its tables against the source: the verify phase, a periodic
 * re-verification while the cutover is postponed, or one asked for by the interactive command {@code verify}.
 * Immutable.
 *
 * @param finishedAt when the verification ended
 * @param rowsCompared source rows compared with the target(s), zero or more
 * @param differencesFound keys found different on a target (missing, extra or changed) after the stream caught up,
 *     before their repair; zero or more
 * @param keysRepaired keys re-written from the source, zero or more
 * @param persistentDifferences keys that still differed after their repair, zero or more: more than zero fails the
 *     run before its cutover
 * @param longestSourceLockMillis the longest time one locking read of the repair held its share locks on the source,
 *     in ms; 0 if nothing was repaired (the comparison itself takes no source lock)
 * @param differingKeys the first differing keys in full, at most 10, each as {@code table key}, e.g.
 *     {@code t1 42} ({@code t1 [7, x]} for a key of two columns); empty if none differed
 * @since 1.2
 */
public record VerifyResult(Instant finishedAt, long rowsCompared, long differencesFound, long keysRepaired,
                           long persistentDifferences, long longestSourceLockMillis, List<String> differingKeys) {
    /**
     * Copies the list.
     *
     * @throws NullPointerException if a component or a key is null
     * @throws IllegalArgumentException if a count or duration is negative
     */
    public VerifyResult {
        Objects.requireNonNull(finishedAt, "finishedAt");
        differingKeys = List.copyOf(differingKeys);
        if (rowsCompared < 0 || differencesFound < 0 || keysRepaired < 0 || persistentDifferences < 0
                || longestSourceLockMillis < 0) {
            throw new IllegalArgumentException("counts and durations must be >= 0: rowsCompared=" + rowsCompared
                    + " differencesFound=" + differencesFound + " keysRepaired=" + keysRepaired
                    + " persistentDifferences=" + persistentDifferences + " longestSourceLockMillis="
                    + longestSourceLockMillis);
        }
    }
}
