package io.tablemover.engine.reverse;

import io.tablemover.engine.command.CommandType;
import io.tablemover.engine.config.Extensions;
import io.tablemover.engine.config.MoveConfig;
import io.tablemover.engine.cutover.CutoverNames;
import io.tablemover.engine.error.ExitCode;
import io.tablemover.engine.step.MoveResult;
import io.tablemover.engine.error.MoveException;
import io.tablemover.engine.state.Phase;
import io.tablemover.engine.state.ReverseState;
import io.tablemover.engine.step.FaultInjector;
import io.tablemover.engine.step.RunContext;
import io.tablemover.engine.step.Step;
import io.tablemover.engine.step.StopSignal;
import io.tablemover.spi.hook.HookEventType;
import jakarta.inject.Inject;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;

/**
 * REVERSE ({@code --reverse-window}): the run is cut over; the reverse streams ({@link ReverseStreams}) apply every
 * change of the moved tables on the target(s) to the source's {@code _t_del} tables, checkpointing their position in
 * the run state every {@code --checkpoint-interval} (a run killed here resumes from it with the same {@code move}
 * command). It waits for one of: a {@code revert} request ({@code tablemover revert}, stored in the run state, or the
 * interactive command), which fires {@code before-revert} and records the revert intent (phase REVERT); a
 * {@code complete} request or the window's end, which stops the streams, fires {@code completed} and records DONE.
 * Meanwhile hooks get a {@code status} event every {@code --hooks-status-interval}, whose binlog lag is the reverse
 * stream's.
 * SIGTERM/SIGINT stops the process with the run resumable here.
 */
public final class ReverseStep implements Step {
    /** How often the run state is read for a request of another process, ms. */
    static final long POLL_MS = 250;

    private final MoveConfig config;
    private final ReverseStreams streams;
    private final CutoverNames names;
    private final FaultInjector faults;
    private final StopSignal stop;
    private final Extensions extensions;

    @Inject
    public ReverseStep(MoveConfig config, ReverseStreams streams, CutoverNames names, FaultInjector faults, StopSignal stop,
                       Extensions extensions) {
        this.config = config;
        this.extensions = extensions;
        this.streams = streams;
        this.names = names;
        this.faults = faults;
        this.stop = stop;
    }

    @Override
    public Phase phase() {
        return Phase.REVERSE;
    }

    @Override
    public Phase run(RunContext ctx) throws InterruptedException {
        try {
            return reverse(ctx);
        } catch (RuntimeException | InterruptedException e) {
            streams.close();
            throw e;
        }
    }

    private Phase reverse(RunContext ctx) throws InterruptedException {
        ReverseState state = ctx.store().reverse(ctx.token());
        LocalDateTime until = state.until().orElseThrow(() -> new IllegalStateException("run " + ctx.token()
                + " is in phase REVERSE without a reverse window end"));
        if (!streams.isOpen()) {
            streams.open(ctx.token(), state.positions(), ctx.tables(), false);
        }
        ReverseStatus.attach(ctx, streams, until);
        // status events carry the reverse stream's lag as their binlog lag from now on
        ctx.hooks().progress(() -> ctx.hooks().progressOf(ctx.progress(), streams.lagMs()));
        ctx.hooks().fire(HookEventType.REVERSE_STARTED);
        ctx.hooks().startStatus(extensions.hooksStatusInterval());
        faults.reach("reversing");
        long nextCheckpoint = 0;
        long nextStatus = System.nanoTime();
        long nextPoll = 0;
        while (true) {
            streams.checkFailure();
            if (stop.requested()) {
                checkpoint(ctx);
                throw new MoveException(ExitCode.RUNTIME_FAILURE, "stopped by " + stop.signal() + " in phase reverse;"
                        + " the reverse stream is checkpointed: run the same move command again to resume it, or"
                        + " 'tablemover revert' / 'tablemover complete'", null, null);
            }
            CommandType command = ctx.plugins().control().takeReverseRequest();
            Optional<String> request = command == null ? Optional.empty() : Optional.of(command.commandName());
            if (request.isEmpty() && System.nanoTime() >= nextPoll) {
                request = ctx.store().reverse(ctx.token()).request();
                nextPoll = System.nanoTime() + POLL_MS * 1_000_000;
            }
            if (request.filter(ReverseState.REVERT::equals).isPresent()) {
                return revertIntent(ctx);
            }
            boolean expired = LocalDateTime.now(ZoneOffset.UTC).isAfter(until);
            if (request.filter(ReverseState.COMPLETE::equals).isPresent() || expired) {
                return complete(ctx, expired ? "the reverse window ended at " + until + " UTC" : "complete requested");
            }
            if (System.nanoTime() >= nextCheckpoint) {
                ctx.locks().check();
                checkpoint(ctx);
                nextCheckpoint = System.nanoTime() + config.checkpointInterval().toNanos();
            }
            if (System.nanoTime() >= nextStatus) {
                ReverseStatus.log(streams, until);
                nextStatus = System.nanoTime() + config.statusInterval().toNanos();
            }
            Thread.sleep(50);
        }
    }

    private void checkpoint(RunContext ctx) {
        ctx.store().checkpointReverse(ctx.token(), streams.applied(), streams.lagMs());
    }

    /** Fires {@code before-revert} and records the revert intent (phase REVERT). */
    private Phase revertIntent(RunContext ctx) {
        ctx.hooks().stopStatus();
        ctx.hooks().fire(HookEventType.BEFORE_REVERT);
        checkpoint(ctx);
        ctx.store().phase(ctx.token(), Phase.REVERT, "revert intent: RENAME " + RevertNames.renames(ctx.tables())
                + " on the target(s), drain the reverse stream, then " + names.undoStatement() + " on the source");
        return Phase.REVERT;
    }

    /** Stops the streams at a checkpoint, fires {@code completed} and records DONE. */
    private Phase complete(RunContext ctx, String why) {
        checkpoint(ctx);
        long keys = streams.keysApplied();
        streams.close();
        ctx.hooks().stopStatus();
        ctx.hooks().fire(HookEventType.COMPLETED);
        ctx.store().phase(ctx.token(), Phase.DONE, "completed (" + why + "): the reverse stream stopped; the source"
                + " keeps " + String.join(", ", names.deletedNames()));
        ctx.out().println("completed: " + why + "; the reverse stream stopped. The source still holds "
                + String.join(", ", names.deletedNames()) + " ('tablemover complete --drop-old-tables --execute' drops them)");
        ctx.out().flush();
        ctx.finish(new MoveResult(true, Map.of(), 0, keys,
                (System.nanoTime() - ctx.startedNanos()) / 1_000_000, 0, 0, ""));
        return Phase.DONE;
    }
}
