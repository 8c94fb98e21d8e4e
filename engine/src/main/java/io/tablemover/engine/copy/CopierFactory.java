package io.tablemover.engine.copy;

import io.tablemover.engine.config.MoveConfig;
import io.tablemover.engine.mysql.ServerPools;
import io.tablemover.engine.plugin.ThrottleGate;
import io.tablemover.engine.state.TableProgress;
import io.tablemover.engine.step.FaultInjector;
import io.tablemover.engine.transfer.RowTransfer;
import jakarta.inject.Inject;
import java.util.List;

/** Starts the run's {@link Copier}: {@code --copy-threads} workers taking {@code --chunk-size} (and at most {@code --chunk-max-bytes}) chunks from a {@link ChunkPlanner}. */
public final class CopierFactory {
    private final MoveConfig config;
    private final ServerPools pools;
    private final RowTransfer transfer;
    private final ThrottleGate gate;
    private final FaultInjector faults;

    @Inject
    public CopierFactory(MoveConfig config, ServerPools pools, RowTransfer transfer, ThrottleGate gate, FaultInjector faults) {
        this.config = config;
        this.pools = pools;
        this.transfer = transfer;
        this.gate = gate;
        this.faults = faults;
    }

    /**
     * @param progress the tables to copy, each from its stored checkpoint
     * @param checkpoint writes each chunk's checkpoint in the chunk's target transaction
     * @return the running copy; the caller closes it
     */
    public Copier start(List<TableProgress> progress, Copier.ChunkCheckpoint checkpoint) {
        ChunkPlanner planner = new ChunkPlanner(pools.source(), progress, config.chunkSize(), config.chunkMaxBytes(),
                config.copyThreads(), config.chunkTime());
        return new Copier(planner, transfer, progress, config.copyThreads(), checkpoint, gate, faults);
    }
}
