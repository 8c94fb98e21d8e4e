package io.tablemover.engine.step;

/**
 * Verifies every moved table again while the cutover waits (every {@code --reverify-interval-seconds} while it is
 * postponed, and on the interactive command {@code verify}): the same chunked comparison, catch-up and repair as the
 * verify phase, without storing progress (a pass that stops is simply run again).
 */
public interface Reverification {
    /**
     * @return rows compared, time taken (ms), chunks re-compared, keys found different and repaired, the longest
     *     source lock of the repair (ms), the first differing keys
     * @throws io.tablemover.engine.error.MoveException (exit 4) if a difference persists after its repair
     * @throws InterruptedException if interrupted
     */
    VerifySummary.Figures reverify(RunContext ctx) throws InterruptedException;
}
