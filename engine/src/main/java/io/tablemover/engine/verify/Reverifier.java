package io.tablemover.engine.verify;

import io.tablemover.engine.config.MoveConfig;
import io.tablemover.engine.mysql.ServerPools;
import io.tablemover.engine.shard.ShardRouter;
import io.tablemover.engine.state.TableProgress;
import io.tablemover.engine.step.Reverification;
import io.tablemover.engine.step.RunContext;
import io.tablemover.engine.step.VerifySummary;
import io.tablemover.engine.transfer.RowTransfer;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;

/**
 * {@link Reverification} by a {@link VerifyPass} over every moved table from its first key, storing nothing. A
 * difference that persists after its repair is handed to the hooks ({@code RunProgress.lastVerify} of the
 * {@code failure} event) before the run fails.
 */
public final class Reverifier implements Reverification {
    private final VerifyPass pass;

    @Inject
    public Reverifier(MoveConfig config, ServerPools pools, ShardRouter router, RowTransfer transfer) {
        this.pass = new VerifyPass(pools, router, transfer, config.chunkSize(), config.chunkMaxBytes());
    }

    @Override
    public VerifySummary.Figures reverify(RunContext ctx) throws InterruptedException {
        List<TableProgress> tables = ctx.tables().stream().map(TableProgress::new).toList();
        try {
            return pass.run(ctx, ctx.replication().applier(), tables, (chunk, outcome, rows, repaired) -> { });
        } catch (VerifyException e) {
            if (e.figures() != null) { // the failure event tells the hooks what persisted
                ctx.hooks().verified(e.figures().toHookResult(Instant.now()));
            }
            throw e;
        }
    }
}
