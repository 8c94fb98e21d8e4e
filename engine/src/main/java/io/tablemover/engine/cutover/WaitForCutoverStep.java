package io.tablemover.engine.cutover;

import io.tablemover.engine.apply.Applier;
import io.tablemover.engine.config.MoveConfig;
import io.tablemover.engine.error.ExitCode;
import io.tablemover.engine.error.Fixes;
import io.tablemover.engine.error.MoveException;
import io.tablemover.engine.mysql.ServerPools;
import io.tablemover.engine.plugin.HookOutcome;
import io.tablemover.engine.sql.ServerStatements;
import io.tablemover.engine.state.Phase;
import io.tablemover.engine.step.FaultInjector;
import io.tablemover.engine.step.RunContext;
import io.tablemover.engine.step.Reverification;
import io.tablemover.engine.step.Step;
import io.tablemover.engine.step.VerifySummary;
import io.tablemover.spi.hook.HookEventType;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.time.Instant;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;

/**
 * WAIT_CUTOVER: waits until the stream has applied everything the source had committed when we looked, the
 * postpone flag file (if configured) is gone and the run is not throttled (like gh-ost, no cutover while
 * throttled: its drain would wait for the throttled applier with the tables renamed). Then fires
 * {@code before-cut-over} (a veto fails the run here, resumable), takes the last {@code panic}, checks the table
 * locks, writes the stream checkpoint and records the cutover intent (phase CUTOVER). While it waits it verifies every
 * table again ({@link Reverification}) on the interactive command {@code verify}, and while the cutover is postponed
 * every {@code --reverify-interval-seconds}.
 */
public final class WaitForCutoverStep implements Step {
    private final MoveConfig config;
    private final ServerPools pools;
    private final CutoverNames names;
    private final FaultInjector faults;
    private final Reverification reverification;

    @Inject
    public WaitForCutoverStep(MoveConfig config, ServerPools pools, CutoverNames names, FaultInjector faults,
                              Reverification reverification) {
        this.config = config;
        this.pools = pools;
        this.names = names;
        this.faults = faults;
        this.reverification = reverification;
    }

    @Override
    public Phase phase() {
        return Phase.WAIT_CUTOVER;
    }

    @Override
    public Phase run(RunContext ctx) throws InterruptedException {
        Applier applier = ctx.replication().applier();
        faults.reach("waiting-cutover");
        waitUntilReady(ctx, applier);
        // before the cutover intent is recorded: a veto leaves the run resumable where it waits
        HookOutcome beforeCutOver = ctx.hooks().fire(HookEventType.BEFORE_CUT_OVER);
        if (beforeCutOver.vetoed()) {
            throw new MoveException(ExitCode.RUNTIME_FAILURE, "the cutover was vetoed by a before-cut-over hook ("
                    + String.join("; ", beforeCutOver.failures()) + ")", Fixes.RESUME_OR_CANCEL, null);
        }
        ctx.checkPanic(true); // the last moment a panic is honoured: none is accepted from here on
        ctx.locks().check();
        ctx.checkpoint();
        if (config.reverse()) {
            // before the RENAME, so before any write of the application on the target: the reverse stream starts here
            ctx.store().reverseStart(ctx.token(), pools.shards().stream()
                    .map(p -> p.dsl().fetchOne(ServerStatements.selectGtidExecuted()).get(0, String.class)).toList(),
                    java.time.LocalDateTime.now(java.time.ZoneOffset.UTC).plus(config.reverseWindow()));
        } else {
            ctx.store().reverseStart(ctx.token(), java.util.List.of(), null); // resumed without --reverse-window
        }
        ctx.store().phase(ctx.token(), Phase.CUTOVER, "cutover intent: RENAME " + names.renames());
        ctx.cutover().intentRecorded();
        return Phase.CUTOVER;
    }

    private void waitUntilReady(RunContext ctx, Applier applier) throws InterruptedException {
        long nextStatus = System.nanoTime();
        long interval = config.reverifyInterval().toNanos();
        long nextReverify = interval > 0 ? System.nanoTime() + interval : Long.MAX_VALUE;
        boolean announced = false;
        String lastReverify = "";
        while (true) {
            applier.checkFailure();
            ctx.checkStopRequested();
            ctx.maybeCheckpoint();
            boolean postponed = config.postponeCutoverFlagFile().map(Files::exists).orElse(false);
            if (ctx.plugins().control().takeVerifyRequest() || (postponed && System.nanoTime() >= nextReverify)) {
                lastReverify = " | " + reverify(ctx);
                nextReverify = interval > 0 ? System.nanoTime() + interval : Long.MAX_VALUE;
            }
            String sourceGtid = pools.source().dsl().fetchOne(ServerStatements.selectGtidExecuted()).get(0, String.class);
            long deadline = System.nanoTime() + 2_000_000_000L;
            while (!applier.hasApplied(sourceGtid) && System.nanoTime() < deadline) {
                applier.checkFailure();
                Thread.sleep(5);
            }
            boolean caughtUp = applier.hasApplied(sourceGtid);
            boolean throttled = ctx.plugins().gate().throttled();
            if (caughtUp && !postponed && !throttled) {
                return;
            }
            if (postponed && !announced) {
                ctx.out().println("cutover postponed: remove " + config.postponeCutoverFlagFile().get() + " to cut over");
                ctx.out().flush();
                announced = true;
                ctx.hooks().fire(HookEventType.BEGIN_POSTPONED);
            }
            if (System.nanoTime() >= nextStatus) {
                ctx.logStatus((postponed ? "cutover postponed by " + config.postponeCutoverFlagFile().get()
                        : caughtUp ? "cutover waits until not throttled" : "catching up") + lastReverify);
                nextStatus = System.nanoTime() + config.statusInterval().toNanos();
            }
            Thread.sleep(postponed || throttled ? 200 : 0);
        }
    }

    /**
     * Verifies every table again (repairing what differs; a difference that persists fails the run, resumable) and
     * reports the result in the status line, the interactive {@code status}, the journal and a {@code status} hook
     * event fired at once ({@code RunProgress.lastVerify}).
     *
     * @return the result's line
     */
    private String reverify(RunContext ctx) throws InterruptedException {
        ctx.logStatus("re-verify: every table is compared with the source again");
        VerifySummary.Figures f = reverification.reverify(ctx);
        String line = "re-verify at " + LocalTime.now().truncatedTo(ChronoUnit.SECONDS) + ": " + f.rowsCompared()
                + " rows compared in " + f.ms() + " ms, " + f.chunksRecompared() + " chunks re-compared, "
                + f.keysRepaired() + " keys repaired" + (f.differingKeys().isEmpty() ? ""
                : " (" + String.join(", ", f.differingKeys()) + (f.differencesFound() > f.differingKeys().size()
                        ? ", ..." : "") + ")") + ", longest source lock " + f.longestSourceLockMs() + " ms";
        ctx.plugins().control().reverified(line);
        ctx.store().note(ctx.token(), Phase.WAIT_CUTOVER, line);
        ctx.logStatus(line);
        // the status hook event carries the result at once, not only at its next interval
        ctx.hooks().verified(f.toHookResult(Instant.now()));
        ctx.hooks().fire(HookEventType.STATUS);
        return line;
    }
}
