package io.tablemover.engine.step;

import com.google.inject.Singleton;
import io.tablemover.spi.hook.VerifyResult;
import java.time.Instant;
import java.util.List;

/**
 * What the verify phase of this run found, for the summary: one per run (a Guice singleton), written by the verify
 * step and read by the step that prints the summary.
 */
@Singleton
public final class VerifySummary {
    /**
     * The verify phase's figures.
     *
     * @param rowsCompared source rows compared with the targets
     * @param ms how long the phase took in this process, ms
     * @param chunksRecompared chunks whose digests differed at first and were compared again
     * @param keysRepaired keys found different (missing, extra or changed on a target) and re-synced from the source
     * @param differencesFound keys confirmed different before their repair (every one is repaired: equals
     *     {@code keysRepaired})
     * @param persistentDifferences keys that still differed after their repair (more than zero fails the run)
     * @param longestSourceLockMs the longest time one locking read of the repair held its share locks on the source
     *     (from the read until its transaction committed), ms; 0 when nothing was repaired: the comparison reads
     *     without locks
     * @param differingKeys the first {@value #KEYS_SHOWN} differing keys, each as {@code table key}
     */
    public record Figures(long rowsCompared, long ms, long chunksRecompared, long keysRepaired, long differencesFound,
                          long persistentDifferences, long longestSourceLockMs, List<String> differingKeys) {
        /** How many differing keys {@link #differingKeys()} holds at most. */
        public static final int KEYS_SHOWN = 10;

        public Figures {
            differingKeys = List.copyOf(differingKeys);
        }

        /** @return rows compared per second */
        public long rowsPerSecond() {
            return ms == 0 ? rowsCompared : rowsCompared * 1000 / ms;
        }

        /** @return these figures as the hooks see them ({@code RunProgress.lastVerify}), ended {@code at} */
        public VerifyResult toHookResult(Instant at) {
            return new VerifyResult(at, rowsCompared, differencesFound, keysRepaired, persistentDifferences,
                    longestSourceLockMs, differingKeys);
        }
    }

    private volatile Figures figures;
    private volatile boolean skipped;

    /** The verify phase ended with {@code figures}. */
    public void verified(Figures figures) {
        this.figures = figures;
    }

    /** The verify phase was skipped ({@code --skip-verify}). */
    public void skipped() {
        this.skipped = true;
    }

    /** @return the verify phase's figures, null if it did not run in this process */
    public Figures figures() {
        return figures;
    }

    /** @return the summary's line about the verify phase */
    public String line() {
        Figures f = figures;
        if (skipped) {
            return "nothing was verified: the verify phase was skipped (--skip-verify)";
        }
        if (f == null) {
            return "verified: by an earlier process of this run (its figures are in the run's journal)";
        }
        return "verified: " + f.rowsCompared() + " rows compared in " + f.ms() + " ms (" + f.rowsPerSecond()
                + " rows/s), " + f.chunksRecompared() + " chunks re-compared, " + f.keysRepaired() + " keys repaired"
                + ", longest source lock " + f.longestSourceLockMs() + " ms";
    }
}
