package io.tablemover.engine.metrics;

import io.tablemover.engine.state.Phase;
import io.tablemover.engine.state.TableProgress;
import io.tablemover.engine.step.RunContext;
import java.util.OptionalLong;

/**
 * The copy's rate and ETA as this process sees them: rows it copied (not those a resumed run found copied) over the
 * time since its copy started, or over the time the copy took once it is done.
 *
 * @param rowsPerSecond rows copied per second by this process, 0 before its copy started
 * @param etaSeconds seconds until every estimated row is copied at that rate; empty outside the copy phase, when
 *     every table is copied, or while the rate is 0
 */
public record CopyFigures(double rowsPerSecond, OptionalLong etaSeconds) {
    /** @return the figures of {@code run} now */
    public static CopyFigures of(RunContext run) {
        long start = run.copyStartNanos();
        if (start == 0) {
            return new CopyFigures(0, OptionalLong.empty());
        }
        long copied = run.rowsCopied();
        long estimated = run.progress().stream().mapToLong(TableProgress::estimatedRows).sum();
        boolean done = run.progress().stream().allMatch(TableProgress::done);
        // once the copy is done, over the time it took
        double secs = Math.max(0.001, run.copyMs() > 0 ? run.copyMs() / 1e3 : (System.nanoTime() - start) / 1e9);
        double rate = Math.max(0, copied - run.copiedBefore()) / secs;
        OptionalLong eta = run.phase() == Phase.COPY && !done && rate > 0
                ? OptionalLong.of((long) Math.ceil(Math.max(0, estimated - copied) / rate)) : OptionalLong.empty();
        return new CopyFigures(rate, eta);
    }
}
