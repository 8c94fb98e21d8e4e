package io.tablemover.engine.cutover;

import io.tablemover.engine.apply.Replication;
import io.tablemover.engine.state.Phase;
import io.tablemover.engine.step.FaultInjector;
import io.tablemover.engine.step.MoveResult;
import io.tablemover.engine.step.Renamed;
import io.tablemover.engine.step.RunContext;
import io.tablemover.engine.step.Step;
import io.tablemover.engine.step.VerifySummary;
import io.tablemover.spi.hook.HookEventType;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DRAIN: the source tables are renamed; applies the stream up to the GTID set read with the RENAME
 * ({@link Drain}), writes the last checkpoint, fires {@code success}, records DONE and prints the summary with the
 * RENAME that gives the tables back to the source. A run resumed here drains to the stored GTID set (or, if the
 * RENAME's reply was never recorded, to the source's current {@code gtid_executed}, a superset).
 */
public final class DrainStep implements Step {
    private static final Logger log = LoggerFactory.getLogger(DrainStep.class);

    private final CutoverNames names;
    private final SourceRename rename;
    private final Drain drain;
    private final FaultInjector faults;
    private final VerifySummary verify;

    @Inject
    public DrainStep(CutoverNames names, SourceRename rename, Drain drain, FaultInjector faults, VerifySummary verify) {
        this.verify = verify;
        this.names = names;
        this.rename = rename;
        this.drain = drain;
        this.faults = faults;
    }

    @Override
    public Phase phase() {
        return Phase.DRAIN;
    }

    @Override
    public Phase run(RunContext ctx) throws InterruptedException {
        Renamed renamed = ctx.cutover().renamedHere().orElse(null);
        Replication replication;
        if (renamed == null) {
            // resumed after the RENAME: the replication must read the _del names from its start
            String gtid = ctx.record().drainGtid().orElseGet(rename::currentGtid);
            if (ctx.record().drainGtid().isEmpty()) {
                ctx.store().renamed(ctx.token(), gtid);
            }
            log.info("the source tables are already renamed; draining to {}", gtid);
            ctx.sourceRenamed(names.renames());
            replication = ctx.replication();
            replication.buffer().expectDdl();
            replication.applier().resume(names.renames());
            renamed = new Renamed(gtid, System.nanoTime(), 0);
        } else {
            replication = ctx.replication();
        }
        CutoverResult result = drain.drain(names, replication.applier(), renamed.gtid(), renamed.startNanos(), renamed.renameMs());
        log.info("cutover done: write-unavailability window {} ms (RENAME {} ms), drained to {}",
                result.windowMs(), result.renameMs(), result.drainGtidSet());
        faults.reach("drained");
        ctx.checkpoint();
        // fired before DONE is recorded, so that a crash in between fires it again on resume (at least once)
        ctx.hooks().stopStatus();
        ctx.hooks().fire(HookEventType.SUCCESS, Phase.DONE, Optional.of(result.drainGtidSet()));
        // --reverse-window: the cutover intent stored where the reverse stream starts and when the window ends
        Optional<java.time.LocalDateTime> reverseUntil = ctx.store().reverse(ctx.token()).until();
        if (reverseUntil.isPresent()) {
            ctx.store().reverseBegins(ctx.token(), reverseUntil.get());
        } else {
            ctx.store().phase(ctx.token(), Phase.DONE, "drained to " + result.drainGtidSet());
        }
        Map<String, Long> copied = new LinkedHashMap<>();
        ctx.progress().forEach(p -> copied.put(p.table().name(), p.rowsCopied()));
        MoveResult moved = new MoveResult(true, copied, replication.buffer().rowEvents(), replication.applier().keysApplied(),
                (System.nanoTime() - ctx.startedNanos()) / 1_000_000, ctx.copyMs(), result.windowMs(), result.drainGtidSet());
        printSummary(ctx, moved);
        ctx.finish(moved);
        if (reverseUntil.isPresent()) {
            ctx.out().println("reverse window: until " + reverseUntil.get() + " UTC the target's changes stream back into"
                    + " the source's " + String.join(", ", names.deletedNames()) + "; 'tablemover revert' gives the tables"
                    + " back to the source without losing a write, 'tablemover complete' ends the window");
            ctx.out().flush();
            ctx.close(); // the forward stream has drained: only the reverse streams run from here on
            return Phase.REVERSE;
        }
        return Phase.DONE;
    }

    private void printSummary(RunContext ctx, MoveResult r) {
        var out = ctx.out();
        out.println("done: " + r.totalRowsCopied() + " rows copied ("
                + r.rowsCopied().entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                        .collect(Collectors.joining(", ")) + "), "
                + r.rowEvents() + " row events applied (" + r.keysApplied() + " keys), wall time " + r.wallMs() + " ms, "
                + r.rowsPerSecond() + " rows/s, cutover window " + r.cutoverWindowMs() + " ms");
        out.println("the source tables are now " + String.join(", ", names.renames().values())
                + "; to give them back to the source: " + names.undoStatement());
        out.println(verify.line());
        out.flush();
    }
}
