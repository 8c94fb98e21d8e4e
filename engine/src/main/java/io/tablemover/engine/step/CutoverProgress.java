package io.tablemover.engine.step;

import java.util.Optional;

/**
 * What this process did at the cutover, for the steps after it: whether it recorded the cutover intent itself (a
 * run resumed in phase CUTOVER did not, and must look at the source first) and what its RENAME returned (a run
 * resumed after the RENAME has none, and drains to the stored GTID set).
 */
public final class CutoverProgress {
    private volatile boolean intentRecorded;
    private volatile Renamed renamed;

    /** This process recorded the cutover intent (so the source is not renamed yet). */
    public void intentRecorded() {
        intentRecorded = true;
    }

    /** @return true if this process recorded the cutover intent, false if the run was resumed at its cutover */
    public boolean intentRecordedHere() {
        return intentRecorded;
    }

    /** This process renamed the source tables. */
    public void renamed(Renamed renamed) {
        this.renamed = renamed;
    }

    /** @return what this process's RENAME returned; empty if the run was resumed after it */
    public Optional<Renamed> renamedHere() {
        return Optional.ofNullable(renamed);
    }
}
