package io.tablemover.engine.reverse;

import io.tablemover.engine.mysql.ServerPool;
import io.tablemover.engine.mysql.ServerPools;
import io.tablemover.engine.state.Phase;
import io.tablemover.engine.state.ReverseState;
import io.tablemover.engine.step.FaultInjector;
import io.tablemover.engine.step.Renamed;
import io.tablemover.engine.step.RunContext;
import io.tablemover.engine.step.Step;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * REVERT: the revert intent is recorded. On every target renames the moved tables to {@code _t_rev} and reads its
 * {@code gtid_executed} in the same round trip ({@link TargetRename}: from then on writes to the target tables fail,
 * error 1146), then records those GTID sets and phase REVERT_DRAIN in one transaction. A run resumed here looks at
 * each target first, so the RENAME never runs twice. The reverse streams are (re)opened expecting that RENAME.
 */
public final class RevertStep implements Step {
    private static final Logger log = LoggerFactory.getLogger(RevertStep.class);

    private final ServerPools pools;
    private final ReverseStreams streams;
    private final TargetRename rename;
    private final FaultInjector faults;

    @Inject
    RevertStep(ServerPools pools, ReverseStreams streams, TargetRename rename, FaultInjector faults) {
        this.pools = pools;
        this.streams = streams;
        this.rename = rename;
        this.faults = faults;
    }

    @Override
    public Phase phase() {
        return Phase.REVERT;
    }

    @Override
    public Phase run(RunContext ctx) throws InterruptedException {
        try {
            return revert(ctx);
        } catch (RuntimeException | InterruptedException e) {
            streams.close();
            throw e;
        }
    }

    private Phase revert(RunContext ctx) throws InterruptedException {
        ReverseState state = ctx.store().reverse(ctx.token());
        if (streams.isOpen()) {
            streams.expectRename();
        } else {
            streams.open(ctx.token(), state.positions(), ctx.tables(), true);
        }
        faults.reach("revert-intent");
        Map<String, String> renames = RevertNames.renames(ctx.tables());
        List<String> gtids = new ArrayList<>();
        for (ServerPool target : pools.shards()) {
            Renamed r = rename.rename(target, renames);
            if (r.startNanos() != 0 && streams.revertStartNanos() == 0) {
                streams.revertStarts(r.startNanos()); // the write-unavailability window starts with the first RENAME sent
            }
            gtids.add(r.gtid());
            log.info("revert: RENAME on {} in {} ms", target.endpoint().address(), r.renameMs());
        }
        log.info("revert: target tables renamed to {}; draining the reverse stream to {}", renames.values(), gtids);
        faults.reach("target-renamed");
        ctx.store().targetRenamed(ctx.token(), gtids);
        return Phase.REVERT_DRAIN;
    }
}
