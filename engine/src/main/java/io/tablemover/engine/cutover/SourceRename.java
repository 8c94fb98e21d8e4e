package io.tablemover.engine.cutover;

import io.tablemover.engine.apply.Replication;
import io.tablemover.engine.config.MoveConfig;
import io.tablemover.engine.mysql.ServerPool;
import io.tablemover.engine.mysql.ServerPools;
import io.tablemover.engine.sql.Statements;
import io.tablemover.engine.step.Renamed;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The atomic RENAME of the cutover: pauses the applier, then in one round trip on the source runs a single
 * {@code RENAME TABLE t1 TO _t1_del, t2 TO _t2_del, ...} and reads {@code @@global.gtid_executed}, then resumes the
 * applier on the {@code _del} names. From the RENAME on, writes to the source tables fail (error 1146): the signal
 * for applications to switch to the target.
 *
 * <p>The RENAME runs with a short {@code lock_wait_timeout} so that a long transaction holding a metadata lock
 * cannot queue the application's queries behind it for long (gh-ost's {@code --cut-over-lock-timeout-seconds}); on
 * timeout nothing has changed and the RENAME is retried, up to {@value #ATTEMPTS} times.
 */
public final class SourceRename {
    private static final Logger log = LoggerFactory.getLogger(SourceRename.class);
    private static final int ATTEMPTS = 3;

    private final ServerPool source;
    private final Duration lockTimeout;

    @Inject
    public SourceRename(MoveConfig config, ServerPools pools) {
        this.source = pools.source();
        this.lockTimeout = config.cutoverLockTimeout();
    }

    /**
     * @return the drain's GTID set, when the RENAME was sent and how long it took
     * @throws CutoverException if the RENAME could not take its locks in {@value #ATTEMPTS} attempts or failed
     *     otherwise (source untouched, exit code 4)
     */
    public Renamed rename(CutoverNames names, Replication replication) throws InterruptedException {
        var applier = replication.applier();
        for (int attempt = 1; ; attempt++) {
            applier.pause();
            replication.buffer().expectDdl();
            long start = System.nanoTime();
            String gtid;
            try {
                gtid = renameAndReadGtid(names);
            } catch (SQLException e) {
                if (e.getErrorCode() == 1205 && attempt < ATTEMPTS) {
                    applier.resume(Map.of());
                    log.warn("cutover: RENAME waited {} s for a metadata lock (attempt {} of {}); retrying",
                            lockTimeout.toSeconds(), attempt, ATTEMPTS);
                    Thread.sleep(1_000);
                    continue;
                }
                if (names.inspect(source).state() != CutoverNames.SourceState.RENAMED) {
                    applier.resume(Map.of());
                    throw new CutoverException("cutover: RENAME on the source failed, nothing changed: " + e.getMessage()
                            + "; find the long transaction holding the tables (SHOW PROCESSLIST) and run again", false, e);
                }
                gtid = currentGtid();
                log.warn("cutover: the RENAME's reply was lost but the tables are renamed; draining to {}", gtid);
            }
            long renameMs = (System.nanoTime() - start) / 1_000_000;
            applier.resume(names.renames());
            log.info("cutover: source tables renamed in {} ms; draining to GTID set {}", renameMs, gtid);
            return new Renamed(gtid, start, renameMs);
        }
    }

    /** @return the source's current {@code gtid_executed} */
    public String currentGtid() {
        return source.dsl().fetchOne(Statements.selectGtidExecuted()).get(0, String.class);
    }

    private String renameAndReadGtid(CutoverNames names) throws SQLException {
        try (Connection c = source.connection(); Statement s = c.createStatement()) {
            DSLContext dsl = ServerPool.on(c);
            s.execute(dsl.set(DSL.name("lock_wait_timeout"), DSL.inline(Math.max(1, lockTimeout.toSeconds()))).getSQL());
            String sql = dsl.renderInlined(dsl.queries(
                    Statements.renameTables(dsl, names.sourceDb(), names.renames()), Statements.selectGtidExecuted()));
            s.execute(sql);
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
