package io.tablemover.engine.step;

import com.google.common.base.Preconditions;
import io.tablemover.engine.apply.Replication;
import io.tablemover.engine.apply.ReplicationFactory;
import io.tablemover.engine.config.MoveConfig;
import io.tablemover.engine.error.ExitCode;
import io.tablemover.engine.error.Fixes;
import io.tablemover.engine.error.MoveException;
import io.tablemover.engine.plugin.RunExtensions;
import io.tablemover.engine.schema.TableSchema;
import io.tablemover.engine.state.Phase;
import io.tablemover.engine.state.RunRecord;
import io.tablemover.engine.state.RunStore;
import io.tablemover.engine.state.TableLocks;
import io.tablemover.engine.state.TableProgress;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything one process knows of the run it drives, shared by its {@link Step}s: the run's identity and stored
 * state, its hooks and interactive control, the moved tables and their copy progress, the running binlog
 * replication (started on first use), and what the steps leave for the ones after them (the RENAME's GTID set,
 * the result). Used by the run's thread; the status line and the hooks read the progress from their own threads.
 */
public final class RunContext implements AutoCloseable {
    private static final Logger status = LoggerFactory.getLogger(StatusLine.class);

    private final MoveConfig config;
    private final RunExtensions plugins;
    private final ReplicationFactory replications;
    private final PrintWriter out;
    private final MoveListener listener;
    private final StopSignal stop;
    private final String token;
    private final RunStore store;
    private final Optional<RunRecord> stored;
    private final RunHooks hooks;
    private final long startedNanos;
    private volatile Phase phase = Phase.VALIDATE;
    private TableLocks locks;
    private RunRecord record;
    private List<TableSchema> tables = List.of();
    private volatile List<TableProgress> progress = List.of();
    private volatile long copiedBefore;
    private Map<String, String> renamedSource = Map.of();
    private volatile Replication replication;
    private volatile long copyStartNanos;
    private long copyMs;
    private final CutoverProgress cutover = new CutoverProgress();
    private volatile MoveResult result;
    private long nextCheckpointNanos;
    private volatile Supplier<String> statusNotes = () -> "";

    /**
     * @param stored the run as stored when this process started, if any
     * @param deletedNames the moved tables' names on the source after the cutover, for the hooks
     * @param held the table locks an executing run took before validation (null for a dry run)
     * @param stop the operator's stop request (SIGTERM/SIGINT)
     * @param startedNanos {@link System#nanoTime()} when this process started the run
     */
    public RunContext(MoveConfig config, RunExtensions plugins, ReplicationFactory replications, PrintWriter out,
                      MoveListener listener, String token, RunStore store, Optional<RunRecord> stored,
                      List<String> deletedNames, TableLocks held, StopSignal stop, long startedNanos) {
        this.stop = stop;
        this.config = config;
        this.plugins = plugins;
        this.replications = replications;
        this.out = out;
        this.listener = listener;
        this.token = token;
        this.store = store;
        this.stored = stored;
        this.startedNanos = startedNanos;
        this.locks = held;
        // hooks fire for executing runs only, once this process owns the run (its table locks)
        this.hooks = new RunHooks(plugins.hooks(), plugins.hasHooks() && config.execute(), token, config.source(),
                config.sharding().shards(), config.tables(), deletedNames, this::phase, startedNanos);
    }

    /** @return the run's hooks, throttlers and interactive control */
    public RunExtensions plugins() {
        return plugins;
    }

    /** @return where the plan, announcements and the summary go */
    public PrintWriter out() {
        return out;
    }

    /** @return the run token (12 hex digits) */
    public String token() {
        return token;
    }

    /** @return the run state on the (home) target */
    public RunStore store() {
        return store;
    }

    /** @return the run as stored when this process started, empty for a new run */
    public Optional<RunRecord> stored() {
        return stored;
    }

    /** @return the run's hook events */
    public RunHooks hooks() {
        return hooks;
    }

    /** @return {@link System#nanoTime()} when this process started the run */
    public long startedNanos() {
        return startedNanos;
    }

    /** @return the phase the run is in (read by the hooks' and the commands' threads) */
    public Phase phase() {
        return phase;
    }

    /** The run enters {@code next}: tells the interactive commands and the listener. */
    public void enter(Phase next) {
        phase = next;
        plugins.control().phase(next);
        listener.phase(next);
    }

    /**
     * The run state exists and this process owns it ({@code locks}, held until the run ends; the stored
     * {@code record}): remembers the {@code tables} as validated and their copy {@code progress} as stored, starts
     * recording the hook events and firing {@code status}.
     */
    public void started(TableLocks locks, RunRecord record, List<TableSchema> tables, List<TableProgress> progress) {
        this.locks = locks;
        this.record = record;
        this.tables = List.copyOf(tables);
        this.progress = List.copyOf(progress);
        this.copiedBefore = rowsCopied();
        hooks.attach(store);
        hooks.progress(() -> hooks.progressOf(this.progress, null, 0, copiedBefore, false));
    }

    /** @return true once {@link #started} ran (failures are recorded in the run state from then on) */
    public boolean stateExists() {
        return record != null;
    }

    /** @return the run as stored when this process took it over */
    public RunRecord record() {
        return record;
    }

    /** @return the moved tables, under their own names */
    public List<TableSchema> tables() {
        return tables;
    }

    /** @return each table's copy progress */
    public List<TableProgress> progress() {
        return progress;
    }

    /** @return rows copied so far over all tables */
    public long rowsCopied() {
        return progress.stream().mapToLong(TableProgress::rowsCopied).sum();
    }

    /** @return the run's table locks: null before they are taken */
    public TableLocks locks() {
        return locks;
    }

    /** The source tables are {@code _del} already (a run resumed after its RENAME): say so before the replication starts. */
    public void sourceRenamed(Map<String, String> renames) {
        Preconditions.checkState(replication == null, "the replication runs already");
        this.renamedSource = Map.copyOf(renames);
    }

    /** @return the run's binlog replication, started from the stored stream position on first use */
    public Replication replication() {
        if (replication == null) {
            replication = replications.open(token, record.appliedGtid(), tables, renamedSource);
            copyStartNanos = System.nanoTime();
            long copyStart = copyStartNanos;
            hooks.progress(() -> hooks.progressOf(progress, replication.applier(), copyStart, copiedBefore,
                    phase == Phase.COPY));
            plugins.control().status(() -> statusLine(null), () -> StatusLine.brief(phase, progress, plugins.gate().state()));
        }
        return replication;
    }

    /** @return the replication if it runs; never starts it (for the metrics' thread) */
    public Optional<Replication> runningReplication() { return Optional.ofNullable(replication); }

    /** @return rows copied before this process took the run over (a resume), over all tables */
    public long copiedBefore() { return copiedBefore; }

    /** @return {@link System#nanoTime()} when the replication started (the copy starts with it) */
    public long copyStartNanos() {
        return copyStartNanos;
    }

    /** The copy is done: it took {@code ms} milliseconds (reported in the summary). */
    public void copied(long ms) {
        this.copyMs = ms;
    }

    /** @return how long the copy took, ms (0 if this process did not copy) */
    public long copyMs() {
        return copyMs;
    }

    /** @return what this process did at the cutover (the intent recorded, the RENAME's result) */
    public CutoverProgress cutover() {
        return cutover;
    }

    /** The run ends with {@code result}. */
    public void finish(MoveResult result) {
        this.result = result;
    }

    /** @return the result a step finished the run with */
    public MoveResult result() {
        if (result == null) {
            throw new IllegalStateException("the run ended without a result");
        }
        return result;
    }

    /** Every status line from now on ends with {@code notes} (e.g. the binlog retention guard's), if not empty. */
    public void statusNotes(Supplier<String> notes) {
        this.statusNotes = notes;
    }

    private String statusLine(String note) {
        Replication r = replication;
        String more = statusNotes.get();
        return StatusLine.format(phase, progress, r == null ? null : r.applier(), copyStartNanos,
                more.isEmpty() ? note : note == null || note.isEmpty() ? more : note + " | " + more, plugins.gate().state());
    }

    /** Logs the status line (on the logger of {@link StatusLine}). */
    public void logStatus(String note) {
        status.info(statusLine(note));
    }

    /** Writes the stream checkpoint (the applied GTID set, the last applied event's time) and checks the table locks. */
    public void checkpoint() {
        locks.check();
        var applier = replication().applier();
        store.checkpointStream(token, applier.appliedGtidSet(), applier.lastAppliedSourceMs());
    }

    /** {@link #checkpoint()}, at most every {@code --checkpoint-interval}. */
    public void maybeCheckpoint() {
        if (System.nanoTime() >= nextCheckpointNanos) {
            checkpoint();
            nextCheckpointNanos = System.nanoTime() + config.checkpointInterval().toNanos();
        }
    }

    /**
     * Fails the run (exit code 4) if SIGTERM/SIGINT asked to stop, the {@code panic} command was received or
     * {@code --critical-load} was reached. Called before the RENAME only (after it, a critical load throttles the drain).
     */
    public void checkStopRequested() {
        if (stop.requested()) {
            throw new MoveException(ExitCode.RUNTIME_FAILURE, "stopped by " + stop.signal() + " at phase "
                    + phase.name().toLowerCase(Locale.ROOT) + "; " + Fixes.RESUME_OR_CANCEL, null, null);
        }
        checkPanic(false);
        plugins.gate().checkAbort();
    }

    /** Fails the run (exit 4, source untouched) on the {@code panic} command; {@code lastChance}: from now on refused. */
    public void checkPanic(boolean lastChance) {
        if (plugins.control().panicked(lastChance)) {
            throw new MoveException(ExitCode.RUNTIME_FAILURE, "aborted by the panic command at phase "
                    + phase.name().toLowerCase(Locale.ROOT) + "; " + Fixes.RESUME_OR_CANCEL, null, null);
        }
    }

    /** Stops the replication (buffer, stream, then applier: see {@link Replication}); the run loop releases the locks. */
    @Override
    public void close() {
        Replication r = replication;
        if (r != null) {
            r.close();
        }
    }
}
