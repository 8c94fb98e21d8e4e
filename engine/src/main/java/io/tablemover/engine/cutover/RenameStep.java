package io.tablemover.engine.cutover;

import io.tablemover.engine.mysql.ServerPools;
import io.tablemover.engine.state.Phase;
import io.tablemover.engine.state.StateException;
import io.tablemover.engine.step.FaultInjector;
import io.tablemover.engine.step.Renamed;
import io.tablemover.engine.step.RunContext;
import io.tablemover.engine.step.Step;
import jakarta.inject.Inject;

/**
 * CUTOVER: the cutover intent is recorded; renames the source tables ({@link SourceRename}) and records the
 * drain's GTID set (phase DRAIN). A run resumed in this phase first looks at the source, so the RENAME never runs
 * twice: every table under its own name means the RENAME did not happen (back to WAIT_CUTOVER, which checks
 * everything again and records the intent anew); every table renamed means it did (on to DRAIN); anything else
 * stops the run with the statements to decide by hand.
 */
public final class RenameStep implements Step {
    private final ServerPools pools;
    private final CutoverNames names;
    private final SourceRename rename;
    private final FaultInjector faults;

    @Inject
    public RenameStep(ServerPools pools, CutoverNames names, SourceRename rename, FaultInjector faults) {
        this.pools = pools;
        this.names = names;
        this.rename = rename;
        this.faults = faults;
    }

    @Override
    public Phase phase() {
        return Phase.CUTOVER;
    }

    @Override
    public Phase run(RunContext ctx) throws InterruptedException {
        if (!ctx.cutover().intentRecordedHere()) {
            CutoverNames.SourceTables seen = names.inspect(pools.source());
            switch (seen.state()) {
                case ORIGINAL:
                    return Phase.WAIT_CUTOVER;
                case RENAMED:
                    return Phase.DRAIN;
                default:
                    throw new StateException("run " + ctx.token() + " stopped at its cutover and the source holds "
                            + seen.original() + " of the tables under their own names and " + seen.renamed() + " renamed:"
                            + " decide by hand, then run again. To undo the rename: " + names.undoStatementsPerTable()
                            + " (for the tables that are renamed)");
            }
        }
        var replication = ctx.replication();
        faults.reach("cutover-intent");
        Renamed r = rename.rename(names, replication);
        faults.reach("renamed");
        ctx.store().renamed(ctx.token(), r.gtid());
        ctx.cutover().renamed(r);
        return Phase.DRAIN;
    }
}
