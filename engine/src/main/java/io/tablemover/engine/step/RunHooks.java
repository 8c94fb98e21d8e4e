package io.tablemover.engine.step;

import io.tablemover.engine.state.Phase;
import io.tablemover.engine.apply.Applier;
import io.tablemover.engine.config.Endpoint;
import io.tablemover.engine.config.Shard;
import io.tablemover.engine.state.TableProgress;
import io.tablemover.engine.plugin.HookDispatcher;
import io.tablemover.engine.plugin.HookOutcome;
import io.tablemover.engine.state.RunStore;
import io.tablemover.spi.hook.HookEvent;
import io.tablemover.spi.hook.HookEventType;
import io.tablemover.spi.hook.RunInfo;
import io.tablemover.spi.hook.RunProgress;
import io.tablemover.spi.hook.VerifyResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fires a run's hook events and remembers them in the run state.
 *
 * <ul>
 *   <li>{@code startup}, {@code validated}, {@code before-cut-over} and {@code success} fire at most once per
 *       run: once their hooks completed (failed or not, but not vetoed) the event is stored in
 *       {@code _tablemover_runs.hooks_fired}, and a resumed run skips it. Before the run state exists
 *       (a new run's {@code startup} and {@code validated}) the record waits until {@link #attach}.</li>
 *   <li>Every other event fires each time the run reaches it; {@code status} on its own thread every
 *       hooks status interval between {@link #startStatus} and {@link #stopStatus}; {@code interactive-command}
 *       on a command server thread for each command received ({@link #fireCommand}).</li>
 *   <li>Hook failures are logged by the dispatcher and appended to the run's journal.</li>
 * </ul>
 * Without hooks nothing is fired nor recorded.
 *
 * <p>Thread-safety: {@link #fire} may be called from the run thread and the status thread, {@link #fireCommand}
 * from a command server thread (the dispatcher
 * serializes the hooks); recording happens on the run thread only.
 */
public final class RunHooks {
    private static final Logger log = LoggerFactory.getLogger(RunHooks.class);
    /** The events that fire at most once per run. */
    static final Set<HookEventType> ONCE = EnumSet.of(HookEventType.STARTUP, HookEventType.VALIDATED,
            HookEventType.BEFORE_CUT_OVER, HookEventType.SUCCESS, HookEventType.REVERSE_STARTED,
            HookEventType.BEFORE_REVERT, HookEventType.REVERTED, HookEventType.COMPLETED);

    private final HookDispatcher dispatcher;
    private final boolean enabled;
    private final RunInfo base;
    private final Supplier<Phase> phase;
    private final long startedNanos;
    private final Set<String> fired = new LinkedHashSet<>();
    private final List<String> pendingNotes = new ArrayList<>();
    private volatile Supplier<RunProgress> progress;
    private volatile VerifyResult lastVerify;
    private RunStore store;
    private boolean dirty;
    private ScheduledExecutorService status;

    /**
     * @param enabled false if the run has no hooks: then nothing fires
     * @param targets the run's targets with their key ranges, the home target first
     * @param phase the run's current phase
     * @param startedNanos {@link System#nanoTime()} when this run started
     */
    public RunHooks(HookDispatcher dispatcher, boolean enabled, String token, Endpoint source, List<Shard> targets,
                    List<String> tables, List<String> delTables, Supplier<Phase> phase, long startedNanos) {
        this.dispatcher = dispatcher;
        this.enabled = enabled;
        // built only with hooks: a run without them never depends on what RunInfo accepts
        this.base = enabled ? RunInfos.of(token, source, targets, tables, delTables) : null;
        this.phase = phase;
        this.startedNanos = startedNanos;
        this.progress = this::noProgress;
    }

    /** @return true if the run has hooks */
    public boolean enabled() {
        return enabled;
    }

    /** Remembers the once-events a stored run already fired (read before anything fires). */
    public void alreadyFired(List<String> events) {
        fired.addAll(events);
    }

    /**
     * The run state exists (and has the {@code hooks_fired} column): stores what fired before it existed,
     * and from now on records right after each firing.
     */
    public void attach(RunStore store) {
        this.store = store;
        flush();
    }

    /** Where the progress of later events comes from. */
    public void progress(Supplier<RunProgress> progress) {
        this.progress = progress;
    }

    /**
     * A verification of the run's tables ended (the verify phase, or a re-verification while the cutover waits): the
     * progress of every later event carries it ({@link RunProgress#lastVerify()}).
     */
    public void verified(VerifyResult result) {
        this.lastVerify = result;
    }

    private RunProgress noProgress() {
        return new RunProgress(0, 0, 0.0, elapsedSeconds(), OptionalLong.empty(), OptionalLong.empty());
    }

    private long elapsedSeconds() {
        return Math.max(0, (System.nanoTime() - startedNanos) / 1_000_000_000L);
    }

    /**
     * Fires {@code type} (the once-events only if this run has not fired them yet) and records it.
     *
     * @return the outcome; an empty successful one if nothing fired
     */
    public HookOutcome fire(HookEventType type) {
        return fire(type, phase.get(), Optional.empty());
    }

    /**
     * @param at the phase to report
     * @param drainGtidSet the drain GTID set, for {@code success}
     */
    public HookOutcome fire(HookEventType type, Phase at, Optional<String> drainGtidSet) {
        if (!enabled) {
            return new HookOutcome(type, List.of(), false);
        }
        boolean once = ONCE.contains(type);
        synchronized (this) {
            if (once && fired.contains(type.eventName())) {
                log.info("hook event {} already fired for run {}; not firing it again", type, base.runToken());
                return new HookOutcome(type, List.of(), false);
            }
        }
        RunInfo info = new RunInfo(base.runToken(), base.source(), base.target(), base.tables(), base.delTables(),
                at.name().toLowerCase(Locale.ROOT), safeProgress(), drainGtidSet, base.targets());
        return record(dispatcher.fire(HookEvent.of(type, info)), once);
    }

    /**
     * Fires {@code interactive-command} (each time, never recorded as fired) with the operator's command. Called
     * on a command server thread: like {@code status}, it never writes the run state; its failures are stored
     * with the next event.
     *
     * @param command the command line as received, e.g. {@code "throttle"}
     */
    public HookOutcome fireCommand(String command) {
        if (!enabled) {
            return new HookOutcome(HookEventType.INTERACTIVE_COMMAND, List.of(), false);
        }
        RunInfo info = new RunInfo(base.runToken(), base.source(), base.target(), base.tables(), base.delTables(),
                phase.get().name().toLowerCase(Locale.ROOT), safeProgress(), Optional.empty(), base.targets());
        return record(dispatcher.fire(HookEvent.interactiveCommand(info, command)), false);
    }

    private HookOutcome record(HookOutcome outcome, boolean once) {
        HookEventType type = outcome.event();
        synchronized (this) {
            for (String f : outcome.failures()) {
                pendingNotes.add("hook failed at " + type + (outcome.vetoed() ? " (vetoes)" : "") + ": " + f);
            }
            if (once && !outcome.vetoed()) {
                fired.add(type.eventName());
                dirty = true;
            }
        }
        if (type != HookEventType.STATUS && type != HookEventType.INTERACTIVE_COMMAND) {
            flush(); // the status thread never writes: its failures are stored with the next event
        }
        return outcome;
    }

    private RunProgress safeProgress() {
        RunProgress p;
        try {
            p = progress.get();
        } catch (RuntimeException e) {
            log.debug("no progress for the hook event: {}", e.toString());
            p = noProgress();
        }
        VerifyResult v = lastVerify;
        return v == null ? p : p.withLastVerify(v);
    }

    /** Writes the new once-events and failure notes to the run state, if it exists; never throws. */
    private void flush() {
        RunStore s;
        List<String> events;
        List<String> notes;
        synchronized (this) {
            s = store;
            if (s == null || (!dirty && pendingNotes.isEmpty())) {
                return;
            }
            events = dirty ? List.copyOf(fired) : null;
            notes = List.copyOf(pendingNotes);
            pendingNotes.clear();
            dirty = false;
        }
        try {
            if (events != null) {
                s.hooksFired(base.runToken(), events);
            }
            for (String n : notes) {
                s.note(base.runToken(), phase.get(), n);
            }
        } catch (RuntimeException e) {
            log.warn("could not record the hook events of run {} in the run state: {}", base.runToken(), e.getMessage());
        }
    }

    /** Starts firing {@code status} every {@code interval} (if the run has hooks). */
    public synchronized void startStatus(Duration interval) {
        if (!enabled || status != null) {
            return;
        }
        status = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "hooks-status");
            t.setDaemon(true);
            return t;
        });
        long ms = interval.toMillis();
        status.scheduleWithFixedDelay(() -> {
            try {
                fire(HookEventType.STATUS);
            } catch (RuntimeException e) {
                log.warn("status hook event failed: {}", e.toString());
            }
        }, ms, ms, TimeUnit.MILLISECONDS);
    }

    /** Stops the status events; a status event in progress finishes (the dispatcher serializes it). */
    public void stopStatus() {
        ScheduledExecutorService s;
        synchronized (this) {
            s = status;
            status = null;
        }
        if (s != null) {
            s.shutdown();
        }
    }

    /**
     * @param tables the tables' copy progress
     * @param applier the running applier, or null before the stream runs
     * @param copyStartNanos when this process started copying, or 0 if it does not copy
     * @param copiedAtCopyStart rows already copied (by an earlier process) when it started
     * @return the progress as hooks see it
     */
    public RunProgress progressOf(List<TableProgress> tables, Applier applier, long copyStartNanos, long copiedAtCopyStart,
                           boolean copying) {
        long copied = tables.stream().mapToLong(TableProgress::rowsCopied).sum();
        long estimated = tables.stream().mapToLong(TableProgress::estimatedRows).sum();
        boolean done = tables.stream().allMatch(TableProgress::done);
        double pct = done ? 100.0 : estimated <= 0 ? 0.0 : Math.min(99.9, copied * 100.0 / estimated);
        OptionalLong eta = OptionalLong.empty();
        if (copying && !done && copyStartNanos != 0) {
            double secs = (System.nanoTime() - copyStartNanos) / 1e9;
            double rate = secs <= 0 ? 0 : (copied - copiedAtCopyStart) / secs;
            if (rate > 0) {
                eta = OptionalLong.of(Math.max(0, (long) ((estimated - copied) / rate)));
            }
        }
        OptionalLong lag = applier == null ? OptionalLong.empty() : OptionalLong.of(Math.max(0, applier.lagMs()));
        return new RunProgress(copied, estimated, pct, elapsedSeconds(), eta, lag);
    }

    /**
     * @param tables the tables' copy progress (done: no ETA)
     * @param lagMs the lag of the stream running now, e.g. the reverse stream's in phase REVERSE (ms)
     * @return the progress as hooks see it
     */
    public RunProgress progressOf(List<TableProgress> tables, long lagMs) {
        RunProgress copy = progressOf(tables, null, 0, 0, false);
        return new RunProgress(copy.rowsCopied(), copy.rowsEstimated(), copy.progressPercent(), copy.elapsedSeconds(),
                OptionalLong.empty(), OptionalLong.of(Math.max(0, lagMs)));
    }
}
