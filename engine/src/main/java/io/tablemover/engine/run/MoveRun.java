package io.tablemover.engine.run;

import io.tablemover.engine.cutover.CutoverNames;
import com.github.shyiko.mysql.binlog.GtidSet;
import io.tablemover.engine.apply.Applier;
import io.tablemover.engine.apply.ChangeBuffer;
import io.tablemover.engine.binlog.BinlogStream;
import io.tablemover.engine.config.Extensions;
import io.tablemover.engine.config.InvalidInputException;
import io.tablemover.engine.config.MoveConfig;
import io.tablemover.engine.copy.ChunkPlanner;
import io.tablemover.engine.copy.Copier;
import io.tablemover.engine.copy.TableProgress;
import io.tablemover.engine.cutover.Cutover;
import io.tablemover.engine.cutover.CutoverNames;
import io.tablemover.engine.error.ExitCode;
import io.tablemover.engine.error.Fixes;
import io.tablemover.engine.error.MoveException;
import io.tablemover.engine.state.Phase;
import io.tablemover.engine.config.Version;
import io.tablemover.engine.step.FaultInjector;
import io.tablemover.engine.step.FaultInjectors;
import io.tablemover.engine.step.MoveListener;
import io.tablemover.engine.step.MoveResult;
import io.tablemover.engine.cutover.CutoverException;
import io.tablemover.engine.cutover.CutoverResult;
import io.tablemover.engine.mysql.ServerPools;
import io.tablemover.engine.plugin.HookOutcome;
import io.tablemover.engine.plugin.RunExtensions;
import io.tablemover.engine.schema.Column;
import io.tablemover.engine.sql.SchemaReader;
import io.tablemover.engine.schema.TableSchema;
import io.tablemover.engine.shard.ShardRouter;
import io.tablemover.engine.sql.Statements;
import io.tablemover.engine.state.RunRecord;
import io.tablemover.engine.state.RunStore;
import io.tablemover.engine.state.RunToken;
import io.tablemover.engine.state.StateException;
import io.tablemover.engine.state.StateSchema;
import io.tablemover.engine.state.TableCheckpoint;
import io.tablemover.engine.state.TableLocks;
import io.tablemover.engine.transfer.RowTransfer;
import io.tablemover.engine.validate.ValidatedMove;
import io.tablemover.engine.validate.Validator;
import io.tablemover.spi.hook.HookEventType;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives one move through its phases: validate → create (binlog stream started first) → copy ∥ apply →
 * wait for cutover (stream caught up, postpone flag absent) → cutover intent → RENAME → drain → done.
 *
 * <p>Every phase is recorded in the run state on the target ({@link RunStore}) and is idempotent, so
 * running the same command again after a crash resumes the run: the stream restarts from the stored
 * GTID set (re-applying is idempotent), each table's copy from its stored key, and a run stopped
 * around the RENAME inspects the source to learn whether the RENAME happened — it never runs twice.
 *
 * <p>Failures before the RENAME leave the source untouched and throw a {@link MoveException} with exit code 4;
 * failures after it throw {@link CutoverException} carrying the undo statement.
 *
 * <p>An executing run fires its hook events ({@link RunHooks}): startup, validated, before-row-copy,
 * row-copy-complete, begin-postponed, before-cut-over (a veto fails the run before the cutover intent is
 * recorded: it stays resumable in WAIT_CUTOVER), success or failure, and status periodically. The copy
 * workers and the applier wait while the run's {@link io.tablemover.engine.plugin.ThrottleGate} is throttled.
 */
public final class MoveRun {
    private static final Logger log = LoggerFactory.getLogger(MoveRun.class);

    private final MoveConfig config;
    private final Extensions extensions;
    private final RunExtensions plugins;
    private final ServerPools pools;
    private final PrintWriter out;
    private final MoveListener listener;
    private volatile Phase phase = Phase.VALIDATE;
    private String token;
    private RunStore store;
    private TableLocks locks;
    private RunHooks hooks;
    private long nextCheckpointNanos;
    private final FaultInjector faults = FaultInjectors.configured();

    /**
     * @param extensions the hook and throttle settings ({@link Extensions#NONE} for none)
     * @param plugins the hooks and throttlers built from them; the caller closes them
     */
    @Inject
    public MoveRun(MoveConfig config, Extensions extensions, RunExtensions plugins, ServerPools pools, PrintWriter out,
                   MoveListener listener) {
        this.config = config;
        this.extensions = extensions;
        this.plugins = plugins;
        this.pools = pools;
        this.out = out;
        this.listener = listener;
    }

    /**
     * Runs (or resumes) the move; without {@code --execute}, validates and prints the plan.
     *
     * @throws io.tablemover.engine.validate.ValidationException if validation fails (nothing changed)
     * @throws InvalidInputException for {@code --fresh} while a run exists
     * @throws StateException if the stored run cannot be used (other servers, newer state, locks held)
     * @throws MoveException (exit code 4) if the run fails before the RENAME (source untouched)
     * @throws CutoverException if the cutover fails
     */
    public MoveResult run() throws InterruptedException {
        long started = System.nanoTime();
        enter(Phase.VALIDATE);
        token = RunToken.of(config.source().database(), config.sharding(), config.tables());
        store = new RunStore(pools.target().dsl(), config.target().database());
        Optional<RunRecord> existing = findRun();
        if (existing.isPresent() && config.fresh()) {
            throw new InvalidInputException("--fresh: run " + token + " exists (phase " + existing.get().phase()
                    + "); leave out --fresh to resume it, or cancel it first with 'tablemover cancel' and the same options");
        }
        if (existing.isPresent() && existing.get().phase() == Phase.DONE) {
            out.println("run " + token + " is already complete (finished " + existing.get().updatedAt() + " UTC); nothing to do");
            out.flush();
            return new MoveResult(false, Map.of(), 0, 0, 0, 0, 0, existing.get().drainGtid().orElse(""));
        }
        // an executing run takes its table locks first, so that a run overlapping a live one is refused
        // for that reason (naming the holder), before anything else; a dry run takes none
        TableLocks held = config.execute() ? TableLocks.tryAcquire(pools.target(), config.source().database(), config.tables()) : null;
        try (TableLocks ignored = held) {
            // hooks fire for executing runs only, once this process owns the run (its table locks)
            hooks = new RunHooks(plugins.hooks(), plugins.hasHooks() && config.execute(), token, config.source(),
                    config.target(), config.tables(), config.tables().stream().map(CutoverNames::deletedName).toList(),
                    () -> phase, started);
            plugins.control().attach(config.postponeCutoverFlagFile(), hooks::fireCommand);
            if (existing.isPresent() && hooks.enabled()) {
                hooks.alreadyFired(store.hooksFired(token));
            }
            hooks.fire(HookEventType.STARTUP);
            try {
                return validateAndExecute(existing, held, started);
            } catch (RuntimeException | InterruptedException e) {
                hooks.stopStatus();
                hooks.fire(HookEventType.FAILURE);
                throw e;
            } finally {
                hooks.stopStatus();
            }
        } finally {
            if (locks != null && locks != held) {
                locks.close();
            }
        }
    }

    private MoveResult validateAndExecute(Optional<RunRecord> existing, TableLocks held, long started) throws InterruptedException {
        ValidatedMove plan = new Validator(config, pools.source(), pools.shards(), plugins::shardingFunction).validate(existing);
        plugins.startServerThrottlers(config.source()); // max-load, critical-load, max-lag: checked by dry runs too
        printPlan(plan, existing);
        if (!config.execute()) {
            out.println("dry run: nothing was changed. Run again with --execute to " + (existing.isPresent() ? "resume" : "move") + " the tables.");
            out.flush();
            return new MoveResult(false, Map.of(), 0, 0, (System.nanoTime() - started) / 1_000_000, 0, 0, "");
        }
        faults.reach("validated");
        hooks.fire(HookEventType.VALIDATED);
        locks = held != null ? held : TableLocks.acquire(pools.target(), config.source().database(), config.tables());
        StateSchema.migrate(pools.target().dsl(), config.target().database(), StateSchema.LATEST);
        RunRecord run = existing.isPresent() ? resumable(existing.get(), plan) : start(plan);
        // the run state exists now: record the hook events fired so far (a new run's startup and validated)
        hooks.attach(store);
        hooks.startStatus(extensions.hooksStatusInterval());
        try {
            return execute(run, plan.tables(), existing.isPresent(), started);
        } catch (RuntimeException e) {
            recordError(e);
            if (e instanceof CutoverException c && c.renamed()) {
                throw e;
            }
            if (e instanceof MoveException) {
                throw e;
            }
            throw new MoveException(ExitCode.RUNTIME_FAILURE, oneLine(e), Fixes.RESUME_OR_CANCEL, e);
        }
    }

    private Optional<RunRecord> findRun() {
        try {
            return store.find(token);
        } catch (org.jooq.exception.DataAccessException e) {
            return Optional.empty(); // unreachable target or missing database: validation reports it
        }
    }

    /** Checks that a stored run belongs to these servers. */
    private RunRecord resumable(RunRecord run, ValidatedMove plan) {
        if (!run.sourceUuid().equals(plan.source().serverUuid()) || !run.targetUuid().equals(plan.target().serverUuid())) {
            throw new StateException("run " + token + " was started from source server " + run.sourceUuid() + " to target server "
                    + run.targetUuid() + ", but these are " + plan.source().serverUuid() + " and " + plan.target().serverUuid()
                    + ": check --source/--target, or cancel the stored run ('tablemover cancel ... --execute')");
        }
        store.resumedBy(token, Version.VERSION);
        return run;
    }

    private RunRecord start(ValidatedMove plan) {
        String startGtid = pools.source().dsl().fetchOne(Statements.selectGtidExecuted()).get(0, String.class);
        LocalDateTime now = LocalDateTime.now(java.time.ZoneOffset.UTC);
        RunRecord run = new RunRecord(token, config.source().database(), config.target().database(), config.tables(),
                plan.source().serverUuid(), plan.target().serverUuid(), Phase.CREATE, startGtid, startGtid, Optional.empty(),
                Version.VERSION, now, now, Optional.empty());
        store.create(run, plan.tables().stream()
                .map(t -> t.requireKey().columns().stream().map(Column::name).collect(Collectors.joining(","))).toList());
        out.println("run " + token + " started (state in " + config.target().database() + "._tablemover_runs)");
        out.flush();
        return run;
    }

    private MoveResult execute(RunRecord run, List<TableSchema> tables, boolean resumed, long started) throws InterruptedException {
        Map<String, TableCheckpoint> checkpoints = new LinkedHashMap<>();
        store.tables(token).forEach(c -> checkpoints.put(c.table(), c));
        List<TableProgress> progress = tables.stream().map(t -> progressOf(t, checkpoints.get(t.name()))).toList();
        if (resumed) {
            out.println("resuming run " + token + ": phase " + run.phase() + ", "
                    + progress.stream().mapToLong(TableProgress::rowsCopied).sum() + " rows copied so far");
            out.flush();
        }
        long copiedBefore = progress.stream().mapToLong(TableProgress::rowsCopied).sum();
        hooks.progress(() -> hooks.progressOf(progress, null, 0, copiedBefore, false));
        Map<String, String> renames = new LinkedHashMap<>();
        tables.forEach(t -> renames.put(t.name(), CutoverNames.deletedName(t.name())));
        boolean renamed = run.phase() == Phase.DRAIN || (run.phase() == Phase.CUTOVER && sourceRenamed(renames));

        enter(Phase.CREATE);
        if (run.phase() == Phase.CREATE) {
            createMissingTargetTables(tables);
            faults.reach("created");
            store.phase(token, Phase.COPY, "target tables created");
        }
        checkNotPurged(run.appliedGtid());
        RowTransfer transfer = new RowTransfer(pools.source(), pools.shards(),
                new ShardRouter(config.sharding(), plugins::shardingFunction));
        ChangeBuffer buffer = new ChangeBuffer(100_000);
        if (renamed) {
            // the stream restarts from the stored GTID set, which may precede the cutover's own RENAME: expect
            // that DDL before the stream starts (Cutover.resumeRenamed() below comes too late, a race)
            buffer.expectDdl();
        }
        BinlogStream stream;
        try {
            stream = new BinlogStream(config.source(), run.appliedGtid(), tables, buffer);
        } catch (IOException e) {
            throw new MoveException(ExitCode.RUNTIME_FAILURE, "cannot stream the source's binlog: " + e.getMessage(),
                    "check that the user has REPLICATION SLAVE and that binlogs are not purged", e);
        }
        try (stream; Applier applier = new Applier(buffer, transfer, run.appliedGtid(), renamed ? renames : Map.of(),
                plugins.gate())) {
            Cutover cutover = new Cutover(pools.source(), pools.shards(), applier, buffer, tables,
                    config.cutoverLockTimeout(), config.cutoverDrainTimeout(), faults);
            long copyStart = System.nanoTime();
            hooks.progress(() -> hooks.progressOf(progress, applier, copyStart, copiedBefore, phase == Phase.COPY));
            plugins.control().status(() -> StatusLine.format(phase, progress, applier, copyStart, null, plugins.gate().state()),
                    () -> StatusLine.brief(phase, progress, plugins.gate().state()));
            long copyMs = 0;
            CutoverResult result;
            if (!renamed) {
                if (run.phase().compareTo(Phase.COPY) <= 0) {
                    enter(Phase.COPY);
                    hooks.fire(HookEventType.BEFORE_ROW_COPY);
                    copy(progress, transfer, applier, copyStart);
                    copyMs = (System.nanoTime() - copyStart) / 1_000_000;
                    checkpoint(applier);
                    hooks.fire(HookEventType.ROW_COPY_COMPLETE);
                    store.phase(token, Phase.WAIT_CUTOVER, "copy done: "
                            + progress.stream().mapToLong(TableProgress::rowsCopied).sum() + " rows");
                }
                enter(Phase.WAIT_CUTOVER);
                faults.reach("waiting-cutover");
                waitForCutover(progress, applier, copyStart);
                // before the cutover intent is recorded: a veto leaves the run resumable where it waits
                HookOutcome beforeCutOver = hooks.fire(HookEventType.BEFORE_CUT_OVER);
                if (beforeCutOver.vetoed()) {
                    throw new MoveException(ExitCode.RUNTIME_FAILURE, "the cutover was vetoed by a before-cut-over hook ("
                            + String.join("; ", beforeCutOver.failures()) + ")", Fixes.RESUME_OR_CANCEL, null);
                }
                checkPanic(true); // the last moment a panic is honoured: none is accepted from here on
                locks.check();
                checkpoint(applier);
                store.phase(token, Phase.CUTOVER, "cutover intent: RENAME " + renames);
                enter(Phase.CUTOVER);
                faults.reach("cutover-intent");
                Cutover.Renamed r = cutover.rename();
                faults.reach("renamed");
                store.renamed(token, r.gtid());
                enter(Phase.DRAIN);
                result = cutover.drain(r.gtid(), r.startNanos(), r.renameMs());
            } else {
                String drainGtid = run.drainGtid().orElseGet(cutover::currentGtid);
                if (run.drainGtid().isEmpty()) {
                    store.renamed(token, drainGtid);
                }
                log.info("the source tables are already renamed; draining to {}", drainGtid);
                enter(Phase.DRAIN);
                cutover.resumeRenamed();
                result = cutover.drain(drainGtid, System.nanoTime(), 0);
            }
            log.info("cutover done: write-unavailability window {} ms (RENAME {} ms), drained to {}",
                    result.windowMs(), result.renameMs(), result.drainGtidSet());
            faults.reach("drained");
            checkpoint(applier);
            // fired before DONE is recorded, so that a crash in between fires it again on resume (at least once)
            hooks.stopStatus();
            hooks.fire(HookEventType.SUCCESS, Phase.DONE, Optional.of(result.drainGtidSet()));
            store.phase(token, Phase.DONE, "drained to " + result.drainGtidSet());
            enter(Phase.DONE);
            Map<String, Long> copied = new LinkedHashMap<>();
            progress.forEach(p -> copied.put(p.table().name(), p.rowsCopied()));
            MoveResult moved = new MoveResult(true, copied, buffer.rowEvents(), applier.keysApplied(),
                    (System.nanoTime() - started) / 1_000_000, copyMs, result.windowMs(), result.drainGtidSet());
            printSummary(moved, cutover);
            return moved;
        }
    }

    private TableProgress progressOf(TableSchema t, TableCheckpoint c) {
        return c == null ? new TableProgress(t)
                : new TableProgress(t, c.lowKey(), c.rowsCopied(), c.chunksCopied(), c.done());
    }

    private boolean sourceRenamed(Map<String, String> renames) {
        CutoverNames names = new CutoverNames(config.source().database(), List.copyOf(renames.keySet()));
        CutoverNames.SourceTables seen = names.inspect(pools.source());
        if (seen.state() != CutoverNames.SourceState.MIXED) {
            return seen.state() == CutoverNames.SourceState.RENAMED;
        }
        String db = config.source().database();
        throw new StateException("run " + token + " stopped at its cutover and the source holds " + seen.original() + " of the tables"
                + " under their own names and " + seen.renamed() + " renamed: decide by hand, then run again. To undo the rename: "
                + names.undoStatementsPerTable() + " (for the tables that are renamed)");
    }

    /** Fails early if the source purged binlogs that the stored stream position still needs. */
    private void checkNotPurged(String from) {
        String purged = pools.source().dsl().select(org.jooq.impl.DSL.field("@@global.gtid_purged", String.class)).fetchOne(0, String.class);
        if (purged != null && !purged.isBlank() && !new GtidSet(purged).isContainedWithin(new GtidSet(from))) {
            throw new StateException("the source has purged binlogs that run " + token + " needs (gtid_purged " + purged
                    + " is not within the run's stream position " + from + "): the run cannot continue; cancel it"
                    + " ('tablemover cancel' with the same options and --execute) and start again");
        }
    }

    private void copy(List<TableProgress> progress, RowTransfer transfer, Applier applier, long copyStart) throws InterruptedException {
        Copier.ChunkCheckpoint checkpoint = (tx, chunk, rows) -> store.chunkCopied(tx, token, chunk.table().table().name(),
                chunk.range().upperInclusive(), rows, chunk.range().openEnded()).execute();
        ChunkPlanner planner = new ChunkPlanner(pools.source(), progress, config.chunkSize());
        plugins.control().chunkSize(planner::chunkSize, planner::chunkSize); // the interactive chunk-size=N
        try (Copier copier = new Copier(planner, transfer, progress, config.copyThreads(), checkpoint, plugins.gate(), faults)) {
            long nextStatus = System.nanoTime();
            while (!copier.finished()) {
                applier.checkFailure();
                checkStopRequested();
                if (copier.failure().isPresent()) {
                    break;
                }
                maybeCheckpoint(applier);
                if (System.nanoTime() >= nextStatus) {
                    log.info(StatusLine.format(phase, progress, applier, copyStart, null, plugins.gate().state()));
                    nextStatus = System.nanoTime() + config.statusInterval().toNanos();
                }
                Thread.sleep(50);
            }
            copier.await();
        } finally {
            plugins.control().chunkSize(null, null);
        }
        log.info("copy done: {} rows", progress.stream().mapToLong(TableProgress::rowsCopied).sum());
    }

    /** Creates, on every shard, the target tables that do not exist yet from the source's {@code SHOW CREATE TABLE} text. */
    private void createMissingTargetTables(List<TableSchema> tables) {
        for (int i = 0; i < pools.shards().size(); i++) {
            var pool = pools.shards().get(i);
            String db = pool.endpoint().database();
            String where = config.sharding().sharded() ? " (shard " + config.sharding().shards().get(i).name() + ")" : "";
            var existing = new SchemaReader(pool.dsl()).tableTypes(db, tables.stream().map(TableSchema::name).toList());
            try (Connection c = pool.connection(); Statement s = c.createStatement()) {
                for (TableSchema t : tables) {
                    if (existing.containsKey(t.name())) {
                        log.info("target table {}.{}{} exists (created by this run before it stopped)", db, t.name(), where);
                        continue;
                    }
                    s.execute(t.createStatement());
                    log.info("created target table {}.{}{}", db, t.name(), where);
                }
            } catch (SQLException e) {
                throw new MoveException(ExitCode.RUNTIME_FAILURE, "creating the target tables" + where + " failed: " + e.getMessage(),
                        Fixes.RESUME_OR_CANCEL, e);
            }
        }
    }

    /**
     * Waits until the stream has applied everything the source had committed when we looked, the
     * postpone flag file (if configured) is gone, and the run is not throttled (like gh-ost, no cutover
     * while throttled: its drain would wait for the throttled applier with the tables renamed).
     */
    private void waitForCutover(List<TableProgress> progress, Applier applier, long copyStart) throws InterruptedException {
        long nextStatus = System.nanoTime();
        boolean announced = false;
        while (true) {
            applier.checkFailure();
            checkStopRequested();
            maybeCheckpoint(applier);
            boolean postponed = config.postponeCutoverFlagFile().map(Files::exists).orElse(false);
            String sourceGtid = pools.source().dsl().fetchOne(Statements.selectGtidExecuted()).get(0, String.class);
            long deadline = System.nanoTime() + 2_000_000_000L;
            while (!applier.hasApplied(sourceGtid) && System.nanoTime() < deadline) {
                applier.checkFailure();
                Thread.sleep(5);
            }
            boolean caughtUp = applier.hasApplied(sourceGtid);
            boolean throttled = plugins.gate().throttled();
            if (caughtUp && !postponed && !throttled) {
                return;
            }
            if (postponed && !announced) {
                out.println("cutover postponed: remove " + config.postponeCutoverFlagFile().get() + " to cut over");
                out.flush();
                announced = true;
                hooks.fire(HookEventType.BEGIN_POSTPONED);
            }
            if (System.nanoTime() >= nextStatus) {
                log.info(StatusLine.format(phase, progress, applier, copyStart,
                        postponed ? "cutover postponed by " + config.postponeCutoverFlagFile().get()
                                : caughtUp ? "cutover waits until not throttled" : "catching up",
                        plugins.gate().state()));
                nextStatus = System.nanoTime() + config.statusInterval().toNanos();
            }
            Thread.sleep(postponed || throttled ? 200 : 0);
        }
    }

    /**
     * Fails the run if the {@code panic} command was received or {@code --critical-load} was reached. Called
     * before the RENAME only: after it, a critical load just throttles the drain.
     */
    private void checkStopRequested() {
        checkPanic(false);
        plugins.gate().checkAbort();
    }

    /**
     * Fails the run if the interactive {@code panic} command was received (before the RENAME only).
     *
     * @param lastChance true just before the cutover intent: from then on panic is refused
     */
    private void checkPanic(boolean lastChance) {
        if (plugins.control().panicked(lastChance)) {
            throw new MoveException(ExitCode.RUNTIME_FAILURE, "aborted by the panic command at phase "
                    + phase.name().toLowerCase(java.util.Locale.ROOT), Fixes.RESUME_OR_CANCEL, null);
        }
    }

    /** Writes the stream checkpoint and checks the table locks, at most every checkpoint interval. */
    private void maybeCheckpoint(Applier applier) {
        if (System.nanoTime() >= nextCheckpointNanos) {
            checkpoint(applier);
            nextCheckpointNanos = System.nanoTime() + config.checkpointInterval().toNanos();
        }
    }

    private void checkpoint(Applier applier) {
        locks.check();
        store.checkpointStream(token, applier.appliedGtidSet());
    }

    private void recordError(RuntimeException e) {
        try {
            store.error(token, oneLine(e));
        } catch (RuntimeException ignored) {
            log.debug("could not record the error in the run state: {}", ignored.getMessage());
        }
    }

    private void enter(Phase next) {
        phase = next;
        plugins.control().phase(next);
        log.debug("phase {}", next);
        listener.phase(next);
    }

    private void printPlan(ValidatedMove plan, Optional<RunRecord> existing) {
        out.println("plan: move " + plan.tables().size() + " table(s) from " + config.source() + " (MySQL "
                + plan.source().version() + ") to " + config.target() + " (MySQL " + plan.target().version() + ")");
        existing.ifPresent(r -> out.println("  resumes run " + r.token() + " (phase " + r.phase() + ", started "
                + r.createdAt() + " UTC" + r.lastError().map(e -> ", last error: " + e).orElse("") + ")"));
        if (config.sharding().sharded()) {
            out.println("  resharded onto " + config.sharding().shards().size() + " shards (run state on the first):");
            config.sharding().shards().forEach(sh -> out.println("    shard " + sh.name() + ": " + sh.endpoint()));
        }
        for (TableSchema t : plan.tables()) {
            var shardingKey = config.sharding().keys().get(t.name());
            String placement = !config.sharding().sharded() ? ""
                    : shardingKey != null ? ", rows placed by " + shardingKey.vindex() + "(" + shardingKey.column() + ")"
                    : ", reference table: copied whole to every shard";
            out.println("  table " + t.name() + ": key " + t.requireKey() + ", ~" + t.estimatedRows() + " rows"
                    + placement + ", renamed on the source to " + CutoverNames.deletedName(t.name()) + " at cutover");
            out.println("    target DDL: " + t.createStatement().replace("\n", "\n      "));
        }
        out.println("  chunk size " + config.chunkSize() + " rows, " + config.copyThreads() + " copy thread(s)"
                + config.postponeCutoverFlagFile().map(p -> ", cutover postponed while " + p + " exists").orElse(""));
        extensions.hooksPath().ifPresent(p -> out.println("  hooks: " + p + "/tablemover-on-<event>* (timeout "
                + extensions.hooksTimeout().toSeconds() + " s, status every " + extensions.hooksStatusInterval().toSeconds()
                + " s)" + (config.execute() ? "" : "; not run by a dry run")));
        if (!extensions.throttleConditions().isEmpty()) {
            out.println("  copy and binlog apply pause while " + String.join(" or ", extensions.throttleConditions()));
        }
        out.flush();
    }

    private void printSummary(MoveResult r, Cutover cutover) {
        out.println("done: " + r.totalRowsCopied() + " rows copied ("
                + r.rowsCopied().entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                        .collect(Collectors.joining(", ")) + "), "
                + r.rowEvents() + " row events applied (" + r.keysApplied() + " keys), wall time " + r.wallMs() + " ms, "
                + r.rowsPerSecond() + " rows/s, cutover window " + r.cutoverWindowMs() + " ms");
        out.println("the source tables are now " + String.join(", ", cutover.renames().values())
                + "; to give them back to the source: " + cutover.undoStatement());
        out.flush();
    }

    private static String oneLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.split("\n")[0];
    }
}
