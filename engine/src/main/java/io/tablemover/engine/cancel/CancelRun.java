package io.tablemover.engine.cancel;

import io.tablemover.engine.config.Endpoint;
import io.tablemover.engine.config.Shard;
import io.tablemover.engine.config.Sharding;
import io.tablemover.engine.cutover.CutoverNames;
import io.tablemover.engine.mysql.ServerPool;
import io.tablemover.engine.sql.SchemaReader;
import io.tablemover.engine.sql.Statements;
import io.tablemover.engine.state.Phase;
import io.tablemover.engine.state.RunRecord;
import io.tablemover.engine.state.RunStore;
import io.tablemover.engine.state.RunToken;
import io.tablemover.engine.state.StateException;
import io.tablemover.engine.state.TableLocks;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Cancels a stored run: drops its target tables on every shard and its run state, so that a move can start again.
 * Refused once the run has renamed any source table (the target is then the tables' only live copy: the refusal
 * prints the RENAME that gives them back) and while the run is in progress (its table locks are held).
 */
public final class CancelRun {
    private final Endpoint source;
    private final Sharding sharding;
    private final List<String> tables;
    private final String token;

    /**
     * @param sharding the run's targets (one for an unsharded move)
     * @param tables the run's tables, checked
     */
    public CancelRun(Endpoint source, Sharding sharding, List<String> tables) {
        this.source = source;
        this.sharding = sharding;
        this.tables = List.copyOf(tables);
        this.token = RunToken.of(source.database(), sharding, tables);
    }

    /**
     * @param execute false: only say what would be dropped
     * @return one line saying what was (or would be) done
     * @throws StateException if the cancel is refused (source renamed, run in progress), exit code 4
     * @throws org.jooq.exception.DataAccessException if a server cannot be read or written
     */
    public String run(boolean execute) {
        Endpoint target = sharding.home();
        try (ServerPool s = new ServerPool("source", source, 2, 5); ServerPool t = new ServerPool("target", target, 2, 5)) {
            RunStore store = new RunStore(t.dsl(), target.database());
            Optional<RunRecord> stored = store.find(token);
            if (stored.isEmpty()) {
                return "no run " + token + " is stored in " + target.database() + ": nothing to cancel";
            }
            RunRecord r = stored.get();
            CutoverNames names = new CutoverNames(source.database(), tables);
            if (r.phase() != Phase.REVERTED && (r.phase().compareTo(Phase.DRAIN) >= 0
                    || (r.phase() == Phase.CUTOVER && names.inspect(s).anyRenamed()))) {
                throw new StateException("run " + token + " has renamed the source tables (phase " + r.phase()
                        + "); the target tables are the live copy. " + (r.phase().compareTo(Phase.REVERSE) >= 0
                        && r.phase() != Phase.DONE ? "To go back to the source without losing a write: 'tablemover revert'"
                        + " with the same options" : "To give the tables back to the source, run on the source: "
                        + names.undoStatement()));
            }
            try (TableLocks locks = TableLocks.acquire(t, source.database(), tables)) {
                String what = dropTargetTables(t, execute);
                if (!execute) {
                    return "would cancel run " + token + " (phase " + r.phase() + "): drop target tables " + what
                            + " and the run's state. Run again with --execute to do it.";
                }
                store.delete(token);
                return "cancelled run " + token + ": dropped target tables " + what + " and the run's state;"
                        + " the source tables were never changed";
            }
        }
    }

    /** @return which tables each shard holds (dropped with {@code execute}), e.g. {@code [t] in jdbc:mysql://...} */
    private String dropTargetTables(ServerPool home, boolean execute) {
        Map<Shard, Set<String>> present = new LinkedHashMap<>();
        for (Shard shard : sharding.shards()) {
            String db = shard.endpoint().database();
            try (ServerPool p = shard.endpoint().equals(home.endpoint()) ? null : new ServerPool("shard", shard.endpoint(), 2, 5)) {
                ServerPool pool = p == null ? home : p;
                Set<String> there = new SchemaReader(pool.dsl()).tableTypes(db, tables).keySet();
                present.put(shard, there);
                if (execute) {
                    for (String table : there) {
                        pool.dsl().dropTableIfExists(Statements.table(db, table)).execute();
                    }
                }
            }
        }
        return present.entrySet().stream().map(e -> e.getValue() + " in " + e.getKey().endpoint().url()
                + sharding.label(e.getKey())).collect(Collectors.joining(", "));
    }
}
