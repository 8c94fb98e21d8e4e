package io.tablemover.engine.run;

import io.tablemover.engine.apply.Applier;
import io.tablemover.engine.apply.ChangeBuffer;
import io.tablemover.engine.binlog.BinlogStream;
import io.tablemover.engine.config.MoveConfig;
import io.tablemover.engine.copy.ChunkPlanner;
import io.tablemover.engine.copy.Copier;
import io.tablemover.engine.copy.TableProgress;
import io.tablemover.engine.cutover.Cutover;
import io.tablemover.engine.cutover.CutoverResult;
import io.tablemover.engine.mysql.ServerPools;
import io.tablemover.engine.schema.TableSchema;
import io.tablemover.engine.sql.Statements;
import io.tablemover.engine.transfer.RowTransfer;
import io.tablemover.engine.validate.ValidatedMove;
import io.tablemover.engine.validate.Validator;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives one move through its phases: validate → create (binlog stream started first) → copy ∥ apply →
 * wait for cutover (stream caught up, postpone flag absent) → cutover (RENAME + drain) → done.
 *
 * <p>Failures before the RENAME leave the source untouched and throw {@link RunFailedException};
 * failures after it throw {@link io.tablemover.engine.cutover.CutoverException} carrying the undo
 * statement.
 */
public final class MoveRun {
    private static final Logger log = LoggerFactory.getLogger(MoveRun.class);

    private final MoveConfig config;
    private final ServerPools pools;
    private final PrintWriter out;
    private final MoveListener listener;
    private Phase phase = Phase.VALIDATE;

    @Inject
    public MoveRun(MoveConfig config, ServerPools pools, PrintWriter out, MoveListener listener) {
        this.config = config;
        this.pools = pools;
        this.out = out;
        this.listener = listener;
    }

    /**
     * Runs the move (or, without {@code --execute}, validates and prints the plan).
     *
     * @throws io.tablemover.engine.validate.ValidationException if validation fails (nothing changed)
     * @throws RunFailedException if the run fails before the RENAME (source untouched)
     * @throws io.tablemover.engine.cutover.CutoverException if the cutover fails
     */
    public MoveResult run() throws InterruptedException {
        long started = System.nanoTime();
        enter(Phase.VALIDATE);
        ValidatedMove plan = new Validator(config, pools.source(), pools.target()).validate();
        printPlan(plan);
        if (!config.execute()) {
            out.println("dry run: nothing was changed. Run again with --execute to move the tables.");
            out.flush();
            return new MoveResult(false, Map.of(), 0, 0, (System.nanoTime() - started) / 1_000_000, 0, 0, "");
        }
        List<TableSchema> tables = plan.tables();
        List<TableProgress> progress = tables.stream().map(TableProgress::new).toList();
        RowTransfer transfer = new RowTransfer(pools.source(), pools.target());
        ChangeBuffer buffer = new ChangeBuffer(100_000);

        enter(Phase.CREATE);
        String startGtid = pools.source().dsl().fetchOne(Statements.selectGtidExecuted()).get(0, String.class);
        BinlogStream stream;
        try {
            stream = new BinlogStream(config.source(), startGtid, tables, buffer);
        } catch (IOException e) {
            throw new RunFailedException("cannot stream the source's binlog: " + e.getMessage()
                    + "; check that the user has REPLICATION SLAVE and that binlogs are not purged", e);
        }
        try (stream; Applier applier = startApplier(tables, buffer, transfer, startGtid)) {
            long copyStart = System.nanoTime();
            long copyMs;
            enter(Phase.COPY);
            try (Copier copier = new Copier(new ChunkPlanner(pools.source(), progress, config.chunkSize()),
                    transfer, progress, config.copyThreads())) {
                long nextStatus = System.nanoTime();
                while (!copier.finished()) {
                    applier.checkFailure();
                    if (copier.failure().isPresent()) {
                        break;
                    }
                    if (System.nanoTime() >= nextStatus) {
                        log.info(StatusLine.format(phase, progress, applier, copyStart, null));
                        nextStatus = System.nanoTime() + config.statusInterval().toNanos();
                    }
                    Thread.sleep(50);
                }
                copier.await();
                copyMs = (System.nanoTime() - copyStart) / 1_000_000;
            }
            log.info("copy done: {} rows in {} ms", progress.stream().mapToLong(TableProgress::rowsCopied).sum(), copyMs);

            enter(Phase.WAIT_CUTOVER);
            waitForCutover(progress, applier, copyStart);

            enter(Phase.CUTOVER);
            Cutover cutover = new Cutover(pools.source(), pools.target(), applier, buffer, tables,
                    config.cutoverLockTimeout(), config.cutoverDrainTimeout());
            CutoverResult result = cutover.run();
            log.info("cutover done: write-unavailability window {} ms (RENAME {} ms), drained to {}",
                    result.windowMs(), result.renameMs(), result.drainGtidSet());
            enter(Phase.DONE);
            Map<String, Long> copied = new LinkedHashMap<>();
            progress.forEach(p -> copied.put(p.table().name(), p.rowsCopied()));
            MoveResult moved = new MoveResult(true, copied, buffer.rowEvents(), applier.keysApplied(),
                    (System.nanoTime() - started) / 1_000_000, copyMs, result.windowMs(), result.drainGtidSet());
            printSummary(moved, cutover);
            return moved;
        } catch (RuntimeException e) {
            if (e instanceof io.tablemover.engine.cutover.CutoverException c && c.renamed()) {
                throw e;
            }
            throw new RunFailedException(oneLine(e) + ". The source tables are untouched. The target tables "
                    + "created so far stay; drop them before running again: " + dropStatement(tables), e);
        }
    }

    private Applier startApplier(List<TableSchema> tables, ChangeBuffer buffer, RowTransfer transfer, String startGtid) {
        createTargetTables(tables);
        return new Applier(buffer, transfer, startGtid);
    }

    /** Replays each source table's {@code SHOW CREATE TABLE} text on the target (the one verbatim statement). */
    private void createTargetTables(List<TableSchema> tables) {
        try (Connection c = pools.target().connection(); Statement s = c.createStatement()) {
            for (TableSchema t : tables) {
                s.execute(t.createStatement());
                log.info("created target table {}.{}", config.target().database(), t.name());
            }
        } catch (SQLException e) {
            throw new RunFailedException("creating the target tables failed: " + e.getMessage(), e);
        }
    }

    /**
     * Waits until the stream has applied everything the source had committed when we looked, and the
     * postpone flag file (if configured) is gone.
     */
    private void waitForCutover(List<TableProgress> progress, Applier applier, long copyStart) throws InterruptedException {
        long nextStatus = System.nanoTime();
        boolean announced = false;
        while (true) {
            applier.checkFailure();
            boolean postponed = config.postponeCutoverFlagFile().map(Files::exists).orElse(false);
            String sourceGtid = pools.source().dsl().fetchOne(Statements.selectGtidExecuted()).get(0, String.class);
            long deadline = System.nanoTime() + 2_000_000_000L;
            while (!applier.hasApplied(sourceGtid) && System.nanoTime() < deadline) {
                applier.checkFailure();
                Thread.sleep(5);
            }
            boolean caughtUp = applier.hasApplied(sourceGtid);
            if (caughtUp && !postponed) {
                return;
            }
            if (postponed && !announced) {
                out.println("cutover postponed: remove " + config.postponeCutoverFlagFile().get() + " to cut over");
                out.flush();
                announced = true;
            }
            if (System.nanoTime() >= nextStatus) {
                log.info(StatusLine.format(phase, progress, applier, copyStart,
                        postponed ? "cutover postponed by " + config.postponeCutoverFlagFile().get() : "catching up"));
                nextStatus = System.nanoTime() + config.statusInterval().toNanos();
            }
            Thread.sleep(postponed ? 200 : 0);
        }
    }

    private void enter(Phase next) {
        phase = next;
        log.debug("phase {}", next);
        listener.phase(next);
    }

    private void printPlan(ValidatedMove plan) {
        out.println("plan: move " + plan.tables().size() + " table(s) from " + config.source() + " (MySQL "
                + plan.source().version() + ") to " + config.target() + " (MySQL " + plan.target().version() + ")");
        for (TableSchema t : plan.tables()) {
            out.println("  table " + t.name() + ": key " + t.requireKey() + ", ~" + t.estimatedRows() + " rows, "
                    + "renamed on the source to " + Validator.deletedName(t.name()) + " at cutover");
            out.println("    target DDL: " + t.createStatement().replace("\n", "\n      "));
        }
        out.println("  chunk size " + config.chunkSize() + " rows, " + config.copyThreads() + " copy thread(s)"
                + config.postponeCutoverFlagFile().map(p -> ", cutover postponed while " + p + " exists").orElse(""));
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

    private String dropStatement(List<TableSchema> tables) {
        List<String> names = new ArrayList<>();
        tables.forEach(t -> names.add("`" + config.target().database() + "`.`" + t.name() + "`"));
        return "DROP TABLE IF EXISTS " + String.join(", ", names) + ";";
    }

    private static String oneLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.split("\n")[0];
    }
}
