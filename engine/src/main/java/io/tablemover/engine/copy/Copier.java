package io.tablemover.engine.copy;

import io.tablemover.engine.error.Fixes;
import io.tablemover.engine.error.MoveException;
import io.tablemover.engine.schema.KeyValue;
import io.tablemover.engine.state.TableProgress;
import io.tablemover.engine.transfer.TargetTransactionHook;
import io.tablemover.engine.step.FaultInjector;
import io.tablemover.engine.plugin.ThrottleGate;
import io.tablemover.engine.transfer.RowTransfer;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies all tables with {@code threads} chunk workers in parallel; each worker takes the next chunk from
 * the {@link ChunkPlanner} (several chunks of one table may be in flight) and transfers it with
 * {@link RowTransfer#copyRange}; each table's checkpoint is kept exact by its {@link CommitWindow}. The first failure stops
 * every worker and is rethrown by {@link #await()}. Before each chunk a worker waits while the
 * {@link ThrottleGate} is throttled (holding no chunk, no transaction and no lock meanwhile).
 */
public final class Copier implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Copier.class);

    private final ChunkPlanner planner;
    private final RowTransfer transfer;
    private final ThrottleGate gate;
    private final List<TableProgress> tables;
    private final ExecutorService workers;
    private final List<Future<?>> futures = new ArrayList<>();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final AtomicInteger inFlight = new AtomicInteger();

    /** Writes a chunk's checkpoint inside the chunk's target transaction. */
    @FunctionalInterface
    public interface ChunkCheckpoint {
        /**
         * @param targetTx the chunk's target transaction
         * @param table the chunk's table
         * @param lowKey the table's new low key (every key at or below it is copied once this transaction commits),
         *     empty if it does not move or moves to the end of the table
         * @param done true if the table's copy is complete once this transaction commits
         * @param rows rows the chunk wrote
         */
        void write(org.jooq.DSLContext targetTx, TableProgress table, Optional<KeyValue> lowKey, boolean done, int rows);
    }

    private final ChunkCheckpoint checkpoint;
    private final FaultInjector faults;
    private final Map<TableProgress, CommitWindow> windows = new IdentityHashMap<>();

    /**
     * @param gate consulted before each chunk: workers wait while it is throttled
     * @param faults reached as {@code chunk-copied} after each committed chunk
     */
    public Copier(ChunkPlanner planner, RowTransfer transfer, List<TableProgress> tables, int threads,
                  ChunkCheckpoint checkpoint, ThrottleGate gate, FaultInjector faults) {
        this.planner = planner;
        this.faults = faults;
        this.transfer = transfer;
        this.gate = gate;
        this.checkpoint = checkpoint;
        this.tables = tables;
        tables.forEach(t -> windows.put(t, new CommitWindow(t.chunksCopied())));
        AtomicInteger n = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "copy-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        for (int i = 0; i < threads; i++) {
            futures.add(workers.submit(this::work));
        }
        workers.shutdown();
    }

    private void work() {
        try {
            while (failure.get() == null) {
                gate.awaitOpen();
                if (failure.get() != null) {
                    return;
                }
                Optional<Chunk> next = planner.next();
                if (next.isEmpty()) {
                    return;
                }
                Chunk chunk = next.get();
                inFlight.incrementAndGet();
                try {
                    var t = chunk.table().table();
                    long started = System.nanoTime();
                    var result = transfer.copyRange(t, t.name(), t.name(), chunk.range(), hook(chunk));
                    planner.chunkTook(chunk, result.rowsWritten(), System.nanoTime() - started);
                    chunk.table().chunkCopied(result.rowsWritten());
                    planner.release(chunk);
                    faults.reach("chunk-copied");
                    log.debug("copied {}: {} rows", chunk, result.rowsWritten());
                } finally {
                    inFlight.decrementAndGet();
                }
            }
        } catch (Throwable e) {
            failure.compareAndSet(null, e);
        }
    }

    /** The chunk's checkpoint, written in its target transaction under its table's {@link CommitWindow}. */
    private TargetTransactionHook hook(Chunk chunk) {
        CommitWindow window = windows.get(chunk.table());
        return new TargetTransactionHook() {
            @Override
            public void beforeCommit(org.jooq.DSLContext tx, int rows) {
                CommitWindow.Advance a = window.beforeCommit(chunk);
                checkpoint.write(tx, chunk.table(), a.lowKey(), a.done(), rows);
            }

            @Override
            public void finished(boolean committed) {
                window.finished(chunk, committed);
            }
        };
    }

    /** @return the planner handing out the chunks (the interactive {@code chunk-size=N} changes its size) */
    public ChunkPlanner planner() {
        return planner;
    }

    /** @return true when every table is copied (or a worker failed) */
    public boolean finished() {
        return workers.isTerminated();
    }

    /**
     * Waits for the copy to finish.
     *
     * @throws CopyException with the first worker failure; a failure that is a {@link MoveException} itself (e.g. a
     *     {@code transfer.RowLockWaitException}) as it is
     */
    public void await() throws InterruptedException {
        while (!workers.awaitTermination(200, TimeUnit.MILLISECONDS)) {
            if (failure.get() != null) {
                break;
            }
        }
        Throwable f = failure.get();
        if (f instanceof MoveException m) {
            throw m; // says what failed and what to do already (e.g. a row lock held past the retry timeout)
        }
        if (f != null) {
            throw new CopyException("copy failed: " + Fixes.ofWorker(f), f);
        }
        for (TableProgress t : tables) {
            if (!t.done()) {
                throw new CopyException("copy of " + t.table().name() + " did not finish", null);
            }
        }
    }

    /**
     * @return for the status line: the transfer waiting longest for a row lock and who holds it, or null while none
     *     waits
     */
    public String lockWaitNote() {
        return transfer.lockWaits().note().orElse(null);
    }

    /** @return the first worker failure, if any */
    public Optional<Throwable> failure() {
        return Optional.ofNullable(failure.get());
    }

    @Override
    public void close() {
        failure.compareAndSet(null, new CopyException("copy stopped", null));
        workers.shutdownNow();
    }
}
