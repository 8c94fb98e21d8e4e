package io.tablemover.engine.index;

import io.tablemover.engine.config.MoveConfig;
import io.tablemover.engine.error.ExitCode;
import io.tablemover.engine.error.Fixes;
import io.tablemover.engine.error.MoveException;
import io.tablemover.engine.mysql.ServerPool;
import io.tablemover.engine.mysql.ServerPools;
import io.tablemover.engine.schema.TableSchema;
import io.tablemover.engine.sql.CatalogQueries;
import io.tablemover.engine.sql.Statements;
import io.tablemover.engine.state.Phase;
import io.tablemover.engine.step.FaultInjector;
import io.tablemover.engine.step.RunContext;
import io.tablemover.engine.step.Step;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Set;
import org.jooq.exception.DataAccessException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ADD_INDEXES: after the copy, adds to every target table (on every shard) the secondary indexes of its source table
 * that it lacks, one {@code ALTER TABLE ... ADD KEY ..., ADD KEY ...} per table, while the stream keeps applying
 * changes (InnoDB adds indexes online). Then records VERIFY.
 *
 * <p>Only {@code --defer-secondary-indexes} leaves indexes out ({@link SecondaryIndexes}); without it nothing is
 * missing and the step only checks. Resumable at every point: what is missing is read from the target each time, and
 * each ALTER is atomic (MySQL 8.0 atomic DDL), so a run stopped during an ALTER adds that table's indexes again and
 * skips the tables done. A failure (e.g. the target's disk is full) stops the run before the cutover (exit 4,
 * resumable).
 */
public final class AddIndexesStep implements Step {
    private static final Logger log = LoggerFactory.getLogger(AddIndexesStep.class);

    private final MoveConfig config;
    private final ServerPools pools;
    private final FaultInjector faults;

    @Inject
    public AddIndexesStep(MoveConfig config, ServerPools pools, FaultInjector faults) {
        this.config = config;
        this.pools = pools;
        this.faults = faults;
    }

    @Override
    public Phase phase() {
        return Phase.ADD_INDEXES;
    }

    @Override
    public Phase run(RunContext ctx) {
        int added = 0;
        long start = System.nanoTime();
        for (int i = 0; i < pools.shards().size(); i++) {
            String where = config.sharding().label(config.sharding().shards().get(i));
            for (TableSchema t : ctx.tables()) {
                added += addMissing(pools.shards().get(i), t, where);
            }
        }
        faults.reach("indexes-added");
        String note = added == 0 ? "no secondary index to add"
                : added + " secondary indexes added in " + (System.nanoTime() - start) / 1_000_000 + " ms";
        ctx.store().phase(ctx.token(), Phase.VERIFY, note);
        return Phase.VERIFY;
    }

    private int addMissing(ServerPool pool, TableSchema t, String where) {
        String db = pool.endpoint().database();
        try {
            Set<String> present = CatalogQueries.indexNames(pool.dsl(), db, t.name());
            List<SecondaryIndexes.Index> missing = SecondaryIndexes.deferrable(t.createStatement()).stream()
                    .filter(ix -> !present.contains(ix.name())).toList();
            if (missing.isEmpty()) {
                return 0;
            }
            long start = System.nanoTime();
            pool.dsl().execute(Statements.addIndexes(db, t.name(), missing.stream().map(SecondaryIndexes.Index::clause).toList()));
            log.info("added {} secondary index(es) to {}.{}{} in {} ms", missing.size(), db, t.name(), where,
                    (System.nanoTime() - start) / 1_000_000);
            return missing.size();
        } catch (DataAccessException e) {
            throw new MoveException(ExitCode.RUNTIME_FAILURE, "adding the secondary indexes of " + db + "." + t.name()
                    + where + " failed: " + Fixes.oneLine(e), Fixes.RESUME_OR_CANCEL, e);
        }
    }
}
