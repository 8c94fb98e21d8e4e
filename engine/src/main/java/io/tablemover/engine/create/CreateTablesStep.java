package io.tablemover.engine.create;

import io.tablemover.engine.config.MoveConfig;
import io.tablemover.engine.error.ExitCode;
import io.tablemover.engine.error.Fixes;
import io.tablemover.engine.error.MoveException;
import io.tablemover.engine.mysql.ServerPool;
import io.tablemover.engine.mysql.ServerPools;
import io.tablemover.engine.schema.TableSchema;
import io.tablemover.engine.index.SecondaryIndexes;
import io.tablemover.engine.sql.SchemaReader;
import io.tablemover.engine.sql.Statements;
import io.tablemover.engine.state.Phase;
import io.tablemover.engine.step.FaultInjector;
import io.tablemover.engine.step.RunContext;
import io.tablemover.engine.step.Step;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.jooq.conf.ParamType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CREATE: creates, on every shard, the target tables that do not exist yet, each from the source's
 * {@code SHOW CREATE TABLE} text (so a rerun after a crash creates only what is missing), then records COPY. With
 * {@code --defer-secondary-indexes} it drops the new table's plain secondary indexes at once ({@link SecondaryIndexes});
 * ADD_INDEXES adds them back after the copy.
 */
public final class CreateTablesStep implements Step {
    private static final Logger log = LoggerFactory.getLogger(CreateTablesStep.class);

    private final MoveConfig config;
    private final ServerPools pools;
    private final FaultInjector faults;

    @Inject
    public CreateTablesStep(MoveConfig config, ServerPools pools, FaultInjector faults) {
        this.config = config;
        this.pools = pools;
        this.faults = faults;
    }

    @Override
    public Phase phase() {
        return Phase.CREATE;
    }

    @Override
    public Phase run(RunContext ctx) {
        for (int i = 0; i < pools.shards().size(); i++) {
            String where = config.sharding().label(config.sharding().shards().get(i));
            createMissing(pools.shards().get(i), ctx.tables(), where, config.deferSecondaryIndexes());
        }
        faults.reach("created");
        ctx.store().phase(ctx.token(), Phase.COPY, "target tables created");
        return Phase.COPY;
    }

    private static void createMissing(ServerPool pool, List<TableSchema> tables, String where, boolean deferIndexes) {
        String db = pool.endpoint().database();
        Map<String, String> existing = new SchemaReader(pool.dsl()).tableTypes(db, tables.stream().map(TableSchema::name).toList());
        try (Connection c = pool.connection(); Statement s = c.createStatement()) {
            for (TableSchema t : tables) {
                if (existing.containsKey(t.name())) {
                    log.info("target table {}.{}{} exists (created by this run before it stopped)", db, t.name(), where);
                    continue;
                }
                s.execute(t.createStatement());
                List<String> deferred = deferIndexes ? SecondaryIndexes.deferrable(t.createStatement()).stream()
                        .map(SecondaryIndexes.Index::name).toList() : List.of();
                if (!deferred.isEmpty()) {
                    // on the empty table: instant; a crash before it leaves them in place, which is only slower
                    s.execute(Statements.dropIndexes(db, t.name(), deferred).getSQL(ParamType.INLINED));
                }
                log.info("created target table {}.{}{}{}", db, t.name(), where,
                        deferred.isEmpty() ? "" : " without its secondary indexes " + deferred + " (added after the copy)");
            }
        } catch (SQLException e) {
            throw new MoveException(ExitCode.RUNTIME_FAILURE, "creating the target tables" + where + " failed: "
                    + e.getMessage(), Fixes.RESUME_OR_CANCEL, e);
        }
    }
}
