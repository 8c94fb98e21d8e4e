package io.tablemover.engine.copy;

import io.tablemover.engine.config.MoveConfig;
import io.tablemover.engine.state.Phase;
import io.tablemover.engine.step.RunContext;
import io.tablemover.engine.step.Step;
import io.tablemover.spi.hook.HookEventType;
import jakarta.inject.Inject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * COPY: copies every table in key-ordered chunks from its stored checkpoint while the binlog replication applies
 * every change; each chunk's checkpoint commits with its rows. Meanwhile it logs the status line, writes the stream
 * checkpoint and honours {@code panic} and {@code --critical-load}. Records ADD_INDEXES when every table is copied.
 */
public final class CopyStep implements Step {
    private static final Logger log = LoggerFactory.getLogger(CopyStep.class);

    private final MoveConfig config;
    private final CopierFactory copiers;

    @Inject
    public CopyStep(MoveConfig config, CopierFactory copiers) {
        this.config = config;
        this.copiers = copiers;
    }

    @Override
    public Phase phase() {
        return Phase.COPY;
    }

    @Override
    public Phase run(RunContext ctx) throws InterruptedException {
        var applier = ctx.replication().applier();
        ctx.hooks().fire(HookEventType.BEFORE_ROW_COPY);
        Copier.ChunkCheckpoint checkpoint = (tx, table, lowKey, done, rows) -> ctx.store().chunkCopied(tx, ctx.token(),
                table.table().name(), lowKey, rows, done).execute();
        try (Copier copier = copiers.start(ctx.progress(), checkpoint)) {
            ChunkPlanner planner = copier.planner();
            ctx.plugins().control().chunkSize(planner::chunkSize, planner::chunkSize); // the interactive chunk-size=N
            long nextStatus = System.nanoTime();
            while (!copier.finished()) {
                applier.checkFailure();
                ctx.checkStopRequested();
                if (copier.failure().isPresent()) {
                    break;
                }
                ctx.maybeCheckpoint();
                if (System.nanoTime() >= nextStatus) {
                    ctx.logStatus(copier.lockWaitNote()); // a row lock the copy or the apply waits for, and its holder
                    nextStatus = System.nanoTime() + config.statusInterval().toNanos();
                }
                Thread.sleep(50);
            }
            copier.await();
        } finally {
            ctx.plugins().control().chunkSize(null, null);
        }
        log.info("copy done: {} rows", ctx.rowsCopied());
        ctx.copied((System.nanoTime() - ctx.copyStartNanos()) / 1_000_000);
        ctx.checkpoint();
        ctx.hooks().fire(HookEventType.ROW_COPY_COMPLETE);
        ctx.store().phase(ctx.token(), Phase.ADD_INDEXES, "copy done: " + ctx.rowsCopied() + " rows");
        return Phase.ADD_INDEXES;
    }
}
