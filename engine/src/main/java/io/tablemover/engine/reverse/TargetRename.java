package io.tablemover.engine.reverse;

import io.tablemover.engine.config.MoveConfig;
import io.tablemover.engine.mysql.ServerPool;
import io.tablemover.engine.sql.SchemaReader;
import io.tablemover.engine.sql.ServerStatements;
import io.tablemover.engine.sql.Statements;
import io.tablemover.engine.state.StateException;
import io.tablemover.engine.step.Renamed;
import io.tablemover.engine.step.StopSignal;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The revert's RENAME on one target: {@code RENAME TABLE t1 TO _t1_rev, t2 TO _t2_rev, ...} and
 * {@code SELECT @@global.gtid_executed} in one round trip (the mirror of the cutover's {@code SourceRename}), with
 * {@code --cutover-lock-timeout-seconds} as its {@code lock_wait_timeout}; a RENAME that timed out changed nothing and
 * is retried until {@code --cutover-retry-timeout-seconds}. It looks first, so it never runs twice: a target whose
 * tables are all renamed already only has its {@code gtid_executed} read (a superset of the RENAME's).
 */
final class TargetRename {
    private static final Logger log = LoggerFactory.getLogger(TargetRename.class);

    private final MoveConfig config;
    private final StopSignal stop;

    @Inject
    TargetRename(MoveConfig config, StopSignal stop) {
        this.config = config;
        this.stop = stop;
    }

    /**
     * @param renames {@code t → _t_rev}
     * @return the target's {@code gtid_executed} read with (or, if the RENAME ran before, after) the RENAME, when the
     *     RENAME was sent ({@link System#nanoTime()}; 0 if it ran before) and its round trip in ms
     * @throws StateException if the target holds some tables renamed and some not (decide by hand), or the RENAME
     *     could not take its locks in time
     */
    Renamed rename(ServerPool target, Map<String, String> renames) throws InterruptedException {
        String db = target.endpoint().database();
        SchemaReader reader = new SchemaReader(target.dsl());
        int original = reader.tableTypes(db, List.copyOf(renames.keySet())).size();
        int renamed = reader.tableTypes(db, List.copyOf(renames.values())).size();
        if (renamed == renames.size() && original == 0) {
            log.info("revert: the tables on {} are renamed already", target.endpoint().address());
            return new Renamed(target.dsl().fetchOne(ServerStatements.selectGtidExecuted()).get(0, String.class), 0, 0);
        }
        if (original != renames.size() || renamed != 0) {
            throw new StateException("revert: target " + target.endpoint().url() + " holds " + original + " of the moved"
                    + " tables under their own names and " + renamed + " renamed to _rev: decide by hand (rename them all"
                    + " one way, " + render(db, renames) + "), then run the revert again");
        }
        long deadline = System.nanoTime() + config.cutoverRetryTimeout().toNanos();
        for (int attempt = 1; ; attempt++) {
            long sent = System.nanoTime();
            try {
                String gtid = renameAndReadGtid(target, db, renames);
                return new Renamed(gtid, sent, (System.nanoTime() - sent) / 1_000_000);
            } catch (SQLException e) {
                if (e.getErrorCode() == 1205 && System.nanoTime() < deadline && !stop.requested()) {
                    log.warn("revert: RENAME on {} waited {} s for a metadata lock (attempt {}); nothing changed, retrying",
                            target.endpoint().address(), config.cutoverLockTimeout().toSeconds(), attempt);
                    Thread.sleep(500);
                    continue;
                }
                if (reader.tableTypes(db, List.copyOf(renames.values())).size() == renames.size()) {
                    log.warn("revert: the RENAME's reply from {} was lost but the tables are renamed",
                            target.endpoint().address());
                    return new Renamed(target.dsl().fetchOne(ServerStatements.selectGtidExecuted()).get(0, String.class),
                            sent, 0);
                }
                throw new StateException("revert: RENAME on target " + target.endpoint().url() + " failed: "
                        + e.getMessage() + "; find the transaction holding the tables (SHOW PROCESSLIST) and run the"
                        + " revert again");
            }
        }
    }

    private static String render(String db, Map<String, String> renames) {
        return renames.entrySet().stream().map(e -> "rename table `" + db + "`.`" + e.getKey() + "` to `" + db + "`.`"
                + e.getValue() + "`;").collect(Collectors.joining(" "));
    }

    private String renameAndReadGtid(ServerPool target, String db, Map<String, String> renames) throws SQLException {
        try (Connection c = target.multiQueryConnection(); Statement s = c.createStatement()) {
            DSLContext dsl = ServerPool.on(c);
            s.execute(dsl.set(DSL.name("lock_wait_timeout"), DSL.inline(Math.max(1, config.cutoverLockTimeout().toSeconds())))
                    .getSQL());
            s.execute(dsl.renderInlined(dsl.queries(Statements.renameTables(dsl, db, renames),
                    ServerStatements.selectGtidExecuted())));
            while (!s.getMoreResults() && s.getUpdateCount() != -1) {
                // skip the RENAME's update count
            }
            try (ResultSet rs = s.getResultSet()) {
                if (rs == null || !rs.next()) {
                    throw new SQLException("no gtid_executed in the RENAME's reply");
                }
                return rs.getString(1);
            }
        }
    }
}
