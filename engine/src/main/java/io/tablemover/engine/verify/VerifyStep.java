package io.tablemover.engine.verify;

import io.tablemover.engine.apply.Applier;
import io.tablemover.engine.config.MoveConfig;
import io.tablemover.engine.copy.Chunk;
import io.tablemover.engine.copy.ChunkPlanner;
import io.tablemover.engine.mysql.ServerPools;
import io.tablemover.engine.schema.TableSchema;
import io.tablemover.engine.shard.ShardRouter;
import io.tablemover.engine.state.Phase;
import io.tablemover.engine.state.TableProgress;
import io.tablemover.engine.state.VerifyCheckpoint;
import io.tablemover.engine.step.FaultInjector;
import io.tablemover.engine.step.RunContext;
import io.tablemover.engine.step.Step;
import io.tablemover.engine.step.VerifySummary;
import io.tablemover.engine.transfer.RowTransfer;
import io.tablemover.engine.transfer.TransferException;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * VERIFY: compares every moved table with the source, chunk by chunk in key order (the copy's {@link ChunkPlanner},
 * with chunks of {@value #MIN_CHUNK_ROWS} rows or the copy's chunk size if larger), while the stream keeps applying
 * changes; repairs confirmed differences ({@link ChunkVerifier}). Each verified chunk's progress is stored
 * ({@code _tablemover_verify}), so a resumed run goes on at the next unverified chunk. Prints its figures, records
 * WAIT_CUTOVER. With {@code --skip-verify} it only records WAIT_CUTOVER (the summary then says nothing was verified).
 */
public final class VerifyStep implements Step {
    private static final Logger log = LoggerFactory.getLogger(VerifyStep.class);
    static final int MIN_CHUNK_ROWS = 10_000;

    private final MoveConfig config;
    private final ServerPools pools;
    private final ShardRouter router;
    private final RowTransfer transfer;
    private final VerifySummary summary;
    private final FaultInjector faults;

    @Inject
    public VerifyStep(MoveConfig config, ServerPools pools, ShardRouter router, RowTransfer transfer,
                      VerifySummary summary, FaultInjector faults) {
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
        long start = System.nanoTime();
        Map<String, VerifyCheckpoint> stored = new HashMap<>();
        ctx.store().verified(ctx.token()).forEach(v -> stored.put(v.table(), v));
        Map<TableSchema, VerifyCheckpoint> progress = new HashMap<>();
        List<TableProgress> tables = new ArrayList<>();
        for (TableSchema t : ctx.tables()) {
            VerifyCheckpoint v = stored.getOrDefault(t.name(), new VerifyCheckpoint(t.name(), Optional.empty(), 0, 0, 0, false));
            progress.put(t, v);
            tables.add(new TableProgress(t, v.lowKey(), v.rowsCompared(), v.chunksCompared(), v.done()));
        }
        ChunkPlanner planner = new ChunkPlanner(pools.source(), tables, Math.max(MIN_CHUNK_ROWS, config.chunkSize()),
                config.chunkMaxBytes());
        long rows = 0;
        long recompared = 0;
        long repaired = 0;
        long nextStatus = System.nanoTime() + config.statusInterval().toNanos();
        ExecutorService reads = Executors.newFixedThreadPool(pools.shards().size() + 1, r -> {
            Thread th = new Thread(r, "verify-read");
            th.setDaemon(true);
            return th;
        });
        try {
            ChunkVerifier verifier = new ChunkVerifier(pools.source(), pools.shards(), router, transfer, applier, reads);
            for (Optional<Chunk> next = planner.next(); next.isPresent(); next = planner.next()) {
                Chunk chunk = next.get();
                applier.checkFailure();
                ctx.checkStopRequested();
                ctx.maybeCheckpoint();
                TableSchema t = chunk.table().table();
                ChunkVerifier.Outcome o = verifier.verify(t, chunk.range());
                rows += o.rowsCompared();
                recompared += o.recompared() ? 1 : 0;
                repaired += o.keysRepaired();
                VerifyCheckpoint before = progress.get(t);
                VerifyCheckpoint after = new VerifyCheckpoint(t.name(),
                        chunk.range().upperInclusive().or(before::lowKey), before.rowsCompared() + o.rowsCompared(),
                        before.chunksCompared() + 1, before.keysRepaired() + o.keysRepaired(), chunk.range().openEnded());
                ctx.store().verified(ctx.token(), after);
                progress.put(t, after);
                planner.release(chunk);
                faults.reach("chunk-verified");
                if (System.nanoTime() >= nextStatus) {
                    ctx.logStatus("verify: " + rows + " rows compared, " + repaired + " keys repaired");
                    nextStatus = System.nanoTime() + config.statusInterval().toNanos();
                }
            }
        } catch (SQLException | TransferException e) {
            throw new VerifyException("verify failed: " + e.getMessage());
        } finally {
            reads.shutdownNow();
        }
        VerifySummary.Figures figures = new VerifySummary.Figures(rows, (System.nanoTime() - start) / 1_000_000,
                recompared, repaired);
        summary.verified(figures);
        log.info("verify done: {} rows compared, {} rows/s, {} chunks re-compared, {} keys repaired", rows,
                figures.rowsPerSecond(), recompared, repaired);
        ctx.checkpoint();
        ctx.store().phase(ctx.token(), Phase.WAIT_CUTOVER, summary.line());
        return Phase.WAIT_CUTOVER;
    }
}
