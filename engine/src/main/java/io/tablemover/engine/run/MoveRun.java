package io.tablemover.engine.run;

import io.tablemover.engine.apply.ReplicationFactory;
import io.tablemover.engine.config.InvalidInputException;
import io.tablemover.engine.config.MoveConfig;
import io.tablemover.engine.cutover.CutoverNames;
import io.tablemover.engine.error.ExitCode;
import io.tablemover.engine.error.Fixes;
import io.tablemover.engine.error.MoveException;
import io.tablemover.engine.metrics.RunMetrics;
import io.tablemover.engine.mysql.ServerPools;
import io.tablemover.engine.progress.ProgressBars;
import io.tablemover.engine.plugin.RunExtensions;
import io.tablemover.engine.state.Phase;
import io.tablemover.engine.state.RunRecord;
import io.tablemover.engine.state.RunStore;
import io.tablemover.engine.state.RunToken;
import io.tablemover.engine.state.TableLocks;
import io.tablemover.engine.step.MoveListener;
import io.tablemover.engine.step.MoveResult;
import io.tablemover.engine.step.RunContext;
import io.tablemover.engine.step.Step;
import io.tablemover.engine.step.StopSignal;
import io.tablemover.spi.hook.HookEventType;
import io.tablemover.engine.transfer.RowTransfer;
import jakarta.inject.Inject;
import java.io.PrintWriter;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives one move (the shape of Vitess's {@code vreplicator.replicate()}): reads the saved progress, then runs the
 * {@link Step} bound to the current phase until the run is DONE. The phases: validate → create (target tables) →
 * copy ∥ binlog apply → wait for cutover → cutover (RENAME) → drain → done; see {@code StepsModule}.
 *
 * <p>Before the first step: a finished run is not repeated, {@code --fresh} is refused while a run exists, an
 * executing run takes its table locks (so a run overlapping a live one is refused, naming the holder) and fires
 * {@code startup}. Every phase is recorded in the run state on the target ({@link RunStore}) and every step is
 * idempotent, so running the same command again after a crash resumes the run.
 *
 * <p>Failures before the RENAME leave the source untouched: an unexpected error there becomes a
 * {@link MoveException} with exit code 4 and the resume-or-cancel fix (here, and only here). Failures after the
 * RENAME are {@code CutoverException}s carrying the undo statement. Once the run state exists, every failure is
 * recorded in it as the run's last error.
 */
public final class MoveRun {
    private static final Logger log = LoggerFactory.getLogger(MoveRun.class);

    private final MoveConfig config;
    private final RunExtensions plugins;
    private final ServerPools pools;
    private final PrintWriter out;
    private final MoveListener listener;
    private final Map<Phase, Step> steps;
    private final ReplicationFactory replications;
    private final RunStore store;
    private final CutoverNames names;
    private final StopSignal stop;
    private final RowTransfer transfer;
    private final RunMetrics metrics;
    private final ProgressBars progressBars;

    @Inject
    public MoveRun(MoveConfig config, RunExtensions plugins, ServerPools pools, PrintWriter out, MoveListener listener,
                   Map<Phase, Step> steps, ReplicationFactory replications, RunStore store, CutoverNames names,
                   StopSignal stop, RowTransfer transfer, RunMetrics metrics, ProgressBars progressBars) {
        this.stop = stop;
        this.progressBars = progressBars;
        this.metrics = metrics;
        this.transfer = transfer;
        this.config = config;
        this.plugins = plugins;
        this.pools = pools;
        this.out = out;
        this.listener = listener;
        this.steps = steps;
        this.replications = replications;
        this.store = store;
        this.names = names;
    }

    /**
     * Runs (or resumes) the move; without {@code --execute}, validates and prints the plan.
     *
     * @return what the run did ({@link MoveResult#executed()} false for a dry run or a run already complete)
     * @throws MoveException for every failure the operator can act on, with its exit code: {@code --fresh} while a
     *     run exists (2), validation (3), a stored run that cannot be used or a failure before the RENAME (4, source
     *     untouched), a failure after it (5)
     * @throws InterruptedException if the thread is interrupted
     */
    public MoveResult run() throws InterruptedException {
        long started = System.nanoTime();
        String token = RunToken.of(config.source().database(), config.sharding(), config.tables());
        Optional<RunRecord> existing = findRun(token);
        if (existing.isPresent() && config.fresh()) {
            throw new InvalidInputException("--fresh: run " + token + " exists (phase " + existing.get().phase()
                    + "); leave out --fresh to resume it, or cancel it first with 'tablemover cancel' and the same options");
        }
        if (existing.isPresent() && (existing.get().phase() == Phase.DONE || existing.get().phase() == Phase.REVERTED)) {
            out.println("run " + token + " is already " + (existing.get().phase() == Phase.DONE ? "complete" : "reverted")
                    + " (finished " + existing.get().updatedAt() + " UTC); nothing to do");
            out.flush();
            return new MoveResult(false, Map.of(), 0, 0, 0, 0, 0, existing.get().drainGtid().orElse(""));
        }
        // an executing run takes its table locks first, so that a run overlapping a live one is refused
        // for that reason (naming the holder), before anything else; a dry run takes none
        TableLocks held = config.execute() ? TableLocks.tryAcquire(pools.target(), config.source().database(), config.tables()) : null;
        RunContext ctx = new RunContext(config, plugins, replications, out, listener, token, store, existing,
                names.deletedNames(), held, stop, started);
        metrics.attach(ctx);
        progressBars.attach(ctx);
        try (TableLocks ignored = held; progressBars) {
            plugins.control().attach(config.postponeCutoverFlagFile(), ctx.hooks()::fireCommand);
            if (existing.isPresent() && ctx.hooks().enabled()) {
                ctx.hooks().alreadyFired(store.hooksFired(token));
            }
            ctx.hooks().fire(HookEventType.STARTUP);
            try {
                MoveResult result = runSteps(ctx);
                metrics.finished(result);
                return result;
            } catch (RuntimeException | InterruptedException e) {
                ctx.hooks().stopStatus();
                ctx.hooks().fire(HookEventType.FAILURE);
                throw e;
            } finally {
                ctx.hooks().stopStatus();
            }
        } finally {
            if (ctx.locks() != null && ctx.locks() != held) {
                ctx.locks().close();
            }
        }
    }

    /** Runs the step of each phase, from VALIDATE on, until one returns DONE. */
    private MoveResult runSteps(RunContext ctx) throws InterruptedException {
        Phase phase = Phase.VALIDATE;
        try (ctx) {
            while (phase != Phase.DONE) {
                Step step = steps.get(phase);
                if (step == null) {
                    throw new IllegalStateException("no step is bound to phase " + phase);
                }
                ctx.enter(phase);
                if (phase.compareTo(Phase.COPY) > 0) {
                    transfer.appliedKeys().copyDone(); // no chunk will need what the apply wrote
                }
                stop.situation(situation(phase));
                if (phase.compareTo(Phase.CUTOVER) < 0) {
                    ctx.checkStopRequested();
                }
                log.debug("phase {}", phase);
                phase = step.run(ctx);
            }
        } catch (RuntimeException e) {
            metrics.failed();
            if (!ctx.stateExists()) {
                throw e;
            }
            recordError(ctx, e);
            if (e instanceof MoveException) {
                throw e;
            }
            // before the cutover the source is untouched; from it on, the fix depends on where the run is
            throw new MoveException(ExitCode.RUNTIME_FAILURE, Fixes.oneLine(e),
                    phase.compareTo(Phase.CUTOVER) < 0 ? Fixes.RESUME_OR_CANCEL : situation(phase), e);
        }
        if (config.execute()) {
            ctx.enter(Phase.DONE);
        }
        return ctx.result();
    }

    /** @return where a run in {@code phase} is, and what the operator must do if the process ends now */
    private String situation(Phase phase) {
        String at = "the run was at phase " + phase.name().toLowerCase(java.util.Locale.ROOT) + "; ";
        return switch (phase) {
            case CUTOVER -> at + "the RENAME may have run: run the same command again, it looks at the source and goes on"
                    + " (if the source tables are renamed, " + names.undoStatement() + " gives them back)";
            case REVERSE -> at + "the move is cut over and the reverse stream is checkpointed: run the same command"
                    + " again to resume it, or 'tablemover revert' / 'tablemover complete' with the same options";
            case REVERT, REVERT_DRAIN -> at + "the revert has begun (the target tables may be renamed to _rev): run"
                    + " 'tablemover revert' with the same options again to finish it";
            case DRAIN, DONE, REVERTED -> at + "the source tables are renamed to " + String.join(", ", names.deletedNames())
                    + ": run the same command again to finish the drain, or give them back to the source with: "
                    + names.undoStatement();
            default -> at + Fixes.RESUME_OR_CANCEL;
        };
    }

    private Optional<RunRecord> findRun(String token) {
        try {
            return store.find(token);
        } catch (org.jooq.exception.DataAccessException e) {
            return Optional.empty(); // unreachable target or missing database: validation reports it
        }
    }

    private void recordError(RunContext ctx, RuntimeException e) {
        try {
            store.error(ctx.token(), Fixes.oneLine(e));
        } catch (RuntimeException ignored) {
            log.debug("could not record the error in the run state: {}", ignored.getMessage());
        }
    }
}
