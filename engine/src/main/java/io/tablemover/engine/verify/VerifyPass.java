package io.tablemover.engine.verify;

import io.tablemover.engine.apply.Applier;
import io.tablemover.engine.copy.Chunk;
import io.tablemover.engine.copy.ChunkPlanner;
import io.tablemover.engine.mysql.ServerPools;
import io.tablemover.engine.schema.TableSchema;
import io.tablemover.engine.shard.ShardRouter;
import io.tablemover.engine.state.TableProgress;
import io.tablemover.engine.step.RunContext;
import io.tablemover.engine.step.VerifySummary;
import io.tablemover.engine.transfer.RowTransfer;
import io.tablemover.engine.transfer.TransferException;
import java.sql.SQLException;
import io.tablemover.engine.schema.KeyValue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.Executors;

/**
 * One pass of the run's verification over tables, chunk by chunk in key order (chunks of {@value #MIN_CHUNK_ROWS} rows
 * or the copy's maximum chunk size if larger), while the stream keeps applying changes: each chunk is compared, re-compared
 * after the stream caught up, diffed key by key and repaired by {@link ChunkVerifier}. Used by the verify phase (which
 * stores each chunk's progress) and by the re-verification while the cutover is postponed (which does not).
 */
final class VerifyPass {
    static final int MIN_CHUNK_ROWS = 10_000;

    /** Told after each verified chunk (e.g. to store the progress); may throw to stop the pass. */
    @FunctionalInterface
    interface ChunkDone {
        void verified(Chunk chunk, ChunkVerifier.Outcome outcome, long rowsSoFar, long repairedSoFar);
    }

    private final ServerPools pools;
    private final ShardRouter router;
    private final RowTransfer transfer;
    private final int chunkRows;
    private final long chunkMaxBytes;

    VerifyPass(ServerPools pools, ShardRouter router, RowTransfer transfer, int copyChunkSize, long chunkMaxBytes) {
        this.pools = pools;
        this.chunkMaxBytes = chunkMaxBytes;
        this.router = router;
        this.transfer = transfer;
        this.chunkRows = Math.max(MIN_CHUNK_ROWS, copyChunkSize);
    }

    /**
     * Verifies every key of {@code tables} above each table's resume point.
     *
     * @return rows compared, time taken (ms), chunks re-compared, keys found different and repaired, the longest
     *     source lock of a repair (ms), the first differing keys
     * @throws VerifyException if a difference persists after its repair, or a server fails
     * @throws InterruptedException if interrupted
     */
    VerifySummary.Figures run(RunContext ctx, Applier applier, List<TableProgress> tables, ChunkDone done)
            throws InterruptedException {
        long start = System.nanoTime();
        // chunks by rows only (an index-only boundary query: no chunk's rows are read but by the digests, and the
        // repair bounds its own reads by bytes); two in flight: the chunk being compared, and the next one, planned
        // meanwhile; chunks are still compared and recorded in key order
        ChunkPlanner planner = new ChunkPlanner(pools.source(), tables, chunkRows, Long.MAX_VALUE, 2, Duration.ZERO);
        long rows = 0;
        long recompared = 0;
        long repaired = 0;
        long found = 0;
        long lockMs = 0;
        List<String> shown = new ArrayList<>();
        ExecutorService reads = Executors.newFixedThreadPool(pools.shards().size() + 2, r -> {
            Thread th = new Thread(r, "verify-read");
            th.setDaemon(true);
            return th;
        });
        Future<Optional<Chunk>> ahead = null;
        try {
            ChunkVerifier verifier = new ChunkVerifier(pools.source(), pools.shards(), router, transfer,
                    CatchUp.applier(pools.source(), applier), reads, chunkMaxBytes);
            ahead = reads.submit(planner::next);
            for (Optional<Chunk> next = planned(ahead); next.isPresent(); next = planned(ahead)) {
                Chunk chunk = next.get();
                ahead = reads.submit(planner::next);
                applier.checkFailure();
                ctx.checkStopRequested();
                ctx.maybeCheckpoint();
                TableSchema t = chunk.table().table();
                ChunkVerifier.Outcome o = verifier.verify(t, t.name(), chunk.range());
                rows += o.rowsCompared();
                recompared += o.recompared() ? 1 : 0;
                repaired += o.keysRepaired();
                lockMs = Math.max(lockMs, o.sourceLockMillis());
                Set<KeyValue> differing = ChunkVerifier.keysOf(o.confirmed());
                found += differing.size();
                differing.stream().limit(VerifySummary.Figures.KEYS_SHOWN - shown.size())
                        .forEach(k -> shown.add(t.name() + " " + k));
                if (!o.remaining().isEmpty()) {
                    Set<KeyValue> persisting = ChunkVerifier.keysOf(o.remaining());
                    throw new VerifyException("table " + t.name() + ": " + persisting.size()
                            + " keys still differ from the source after their repair (something on the target changes"
                            + " the rows written, e.g. a trigger): " + ChunkVerifier.shown(List.copyOf(persisting)),
                            new VerifySummary.Figures(rows, (System.nanoTime() - start) / 1_000_000, recompared,
                                    repaired, found, persisting.size(), lockMs, shown));
                }
                done.verified(chunk, o, rows, repaired);
                planner.release(chunk);
            }
        } catch (SQLException | TransferException e) {
            throw new VerifyException("verify failed: " + e.getMessage());
        } finally {
            if (ahead != null) {
                ahead.cancel(true);
            }
            reads.shutdownNow();
        }
        return new VerifySummary.Figures(rows, (System.nanoTime() - start) / 1_000_000, recompared, repaired, found, 0,
                lockMs, shown);
    }

    /** @return the chunk planned ahead, once planned */
    private static Optional<Chunk> planned(Future<Optional<Chunk>> ahead) throws SQLException, InterruptedException {
        try {
            return ahead.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SQLException sql) {
                throw sql;
            }
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        }
    }
}
