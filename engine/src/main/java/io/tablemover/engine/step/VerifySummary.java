package io.tablemover.engine.step;

import com.google.inject.Singleton;

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
     */
    public record Figures(long rowsCompared, long ms, long chunksRecompared, long keysRepaired) {
        /** @return rows compared per second */
        public long rowsPerSecond() {
            return ms == 0 ? rowsCompared : rowsCompared * 1000 / ms;
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
                + " rows/s), " + f.chunksRecompared() + " chunks re-compared, " + f.keysRepaired() + " keys repaired";
    }
}
