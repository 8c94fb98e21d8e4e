package io.tablemover.engine.verify;

import io.tablemover.engine.apply.Applier;
import io.tablemover.engine.config.MoveConfig;
import io.tablemover.engine.mysql.ServerPools;
import io.tablemover.engine.schema.TableSchema;
import io.tablemover.engine.shard.ShardRouter;
import io.tablemover.engine.state.Phase;
import io.tablemover.engine.state.TableProgress;
import io.tablemover.engine.state.VerifyCheckpoint;
import io.tablemover.engine.step.FaultInjector;
import io.tablemover.engine.step.RunContext;
import io.tablemover.engine.step.Step;
import io.tablemover.engine.step.VerifyProgress;
import io.tablemover.engine.step.VerifySummary;
import io.tablemover.engine.transfer.RowTransfer;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * VERIFY: compares every moved table with the source, chunk by chunk in key order (the copy's {@link ChunkPlanner},
 * with chunks of {@value VerifyPass#MIN_CHUNK_ROWS} rows or the copy's chunk size if larger), while the stream keeps applying
 * changes; repairs confirmed differences ({@link ChunkVerifier}). Each verified chunk's progress is stored
 * ({@code _tablemover_verify}), so a resumed run goes on at the next unverified chunk. Prints its figures, records
 * WAIT_CUTOVER. With {@code --skip-verify} it only records WAIT_CUTOVER (the summary then says nothing was verified).
 */
public final class VerifyStep implements Step {
    private static final Logger log = LoggerFactory.getLogger(VerifyStep.class);

    private final MoveConfig config;
    private final ServerPools pools;
    private final ShardRouter router;
    private final RowTransfer transfer;
    private final VerifySummary summary;
    private final FaultInjector faults;
    private final VerifyProgress verified;

    @Inject
    public VerifyStep(MoveConfig config, ServerPools pools, ShardRouter router, RowTransfer transfer,
                      VerifySummary summary, FaultInjector faults, VerifyProgress verified) {
        this.verified = verified;
        this.config = config;
        this.pools = pools;
        this.router = router;
        this.transfer = transfer;
        this.summary = summary;
        this.faults = faults;
    }

    @Override
    public Phase phase() {
        return Phase.VERIFY;
    }

    @Override
    public Phase run(RunContext ctx) throws InterruptedException {
        if (config.skipVerify()) {
            summary.skipped();
            ctx.store().phase(ctx.token(), Phase.WAIT_CUTOVER, "verify skipped (--skip-verify): nothing was verified");
            return Phase.WAIT_CUTOVER;
        }
        Applier applier = ctx.replication().applier();
        Map<String, VerifyCheckpoint> stored = new HashMap<>();
        ctx.store().verified(ctx.token()).forEach(v -> stored.put(v.table(), v));
        Map<TableSchema, VerifyCheckpoint> progress = new HashMap<>();
        List<TableProgress> tables = new ArrayList<>();
        for (TableSchema t : ctx.tables()) {
            VerifyCheckpoint v = stored.getOrDefault(t.name(), new VerifyCheckpoint(t.name(), Optional.empty(), 0, 0, 0, false));
            progress.put(t, v);
            verified.compared(t.name(), v.rowsCompared(), v.done());
            tables.add(new TableProgress(t, v.lowKey(), v.rowsCompared(), v.chunksCompared(), v.done()));
        }
        long[] nextStatus = {System.nanoTime() + config.statusInterval().toNanos()};
        VerifySummary.Figures figures;
        try {
            figures = new VerifyPass(pools, router, transfer, config.chunkSize(), config.chunkMaxBytes()).run(ctx,
                    applier, tables, (chunk, o, rows, repaired) -> {
                    TableSchema t = chunk.table().table();
                    VerifyCheckpoint before = progress.get(t);
                    VerifyCheckpoint after = new VerifyCheckpoint(t.name(),
                            chunk.range().upperInclusive().or(before::lowKey), before.rowsCompared() + o.rowsCompared(),
                            before.chunksCompared() + 1, before.keysRepaired() + o.keysRepaired(), chunk.range().openEnded());
                    ctx.store().verified(ctx.token(), after);
                    progress.put(t, after);
                    verified.compared(t.name(), after.rowsCompared(), after.done());
                    faults.reach("chunk-verified");
                    if (System.nanoTime() >= nextStatus[0]) {
                        ctx.logStatus("verify: " + rows + " rows compared, " + repaired + " keys repaired");
                        nextStatus[0] = System.nanoTime() + config.statusInterval().toNanos();
                    }
                });
        } catch (VerifyException e) {
            if (e.figures() != null) { // the failure event tells the hooks what persisted
                ctx.hooks().verified(e.figures().toHookResult(Instant.now()));
            }
            throw e;
        }
        summary.verified(figures);
        ctx.hooks().verified(figures.toHookResult(Instant.now()));
        log.info("verify done: {} rows compared, {} rows/s, {} chunks re-compared, {} keys repaired, longest source"
                + " lock {} ms", figures.rowsCompared(), figures.rowsPerSecond(), figures.chunksRecompared(),
                figures.keysRepaired(), figures.longestSourceLockMs());
        ctx.checkpoint();
        ctx.store().phase(ctx.token(), Phase.WAIT_CUTOVER, summary.line());
        return Phase.WAIT_CUTOVER;
    }
}
