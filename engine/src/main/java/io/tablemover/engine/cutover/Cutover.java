package io.tablemover.engine.cutover;

import io.tablemover.engine.apply.Applier;
import io.tablemover.engine.apply.ChangeBuffer;
import io.tablemover.engine.mysql.ServerPool;
import io.tablemover.engine.schema.TableSchema;
import io.tablemover.engine.sql.Statements;
import io.tablemover.engine.step.FaultInjector;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The atomic cutover: pause the applier, then in one round trip on the source run a single
 * {@code RENAME TABLE t1 TO _t1_del, t2 TO _t2_del, ...} and read {@code @@global.gtid_executed}, then
 * drain: apply the stream until the target holds every transaction of that GTID set. From the RENAME on,
 * writes to the source tables fail (error 1146): the signal for applications to switch to the target.
 *
 * <p>The RENAME runs with a short {@code lock_wait_timeout} so that a long transaction holding a
 * metadata lock cannot queue the application's queries behind it for long (gh-ost's
 * {@code --cut-over-lock-timeout-seconds}); on timeout nothing has changed and the cutover is retried,
 * up to 3 times.
 */
public final class Cutover {
    private static final Logger log = LoggerFactory.getLogger(Cutover.class);
    private static final int ATTEMPTS = 3;

    private final ServerPool source;
    private final List<ServerPool> targets;
    private final Applier applier;
    private final ChangeBuffer buffer;
    private final List<TableSchema> tables;
    private final Duration lockTimeout;
    private final Duration drainTimeout;
    private final CutoverNames names;
    private final FaultInjector faults;

    /**
     * @param targets every target shard (one for an unsharded move): the drain waits for the applier, which
     *     writes all of them, and each gets its AUTO_INCREMENT counters aligned
     */
    public Cutover(ServerPool source, List<ServerPool> targets, Applier applier, ChangeBuffer buffer, List<TableSchema> tables,
                   Duration lockTimeout, Duration drainTimeout, FaultInjector faults) {
        this.source = source;
        this.targets = List.copyOf(targets);
        this.applier = applier;
        this.buffer = buffer;
        this.tables = tables;
        this.lockTimeout = lockTimeout;
        this.drainTimeout = drainTimeout;
        this.names = new CutoverNames(source.endpoint().database(), tables.stream().map(TableSchema::name).toList());
        this.faults = faults;
    }

    /** @return table → {@code _table_del}, in the order of the moved tables */
    public Map<String, String> renames() {
        return names.renames();
    }

    /** @return the statement that undoes the cutover's RENAME on the source */
    public String undoStatement() {
        return names.undoStatement();
    }

    /**
     * @param gtid the drain GTID set read with the RENAME
     * @param startNanos {@link System#nanoTime()} when the RENAME was sent
     * @param renameMs the RENAME round trip, ms
     */
    public record Renamed(String gtid, long startNanos, long renameMs) {}

    /**
     * Pauses the applier, renames the source tables and reads {@code gtid_executed} in one round trip,
     * then resumes the applier on the {@code _del} names.
     *
     * @throws CutoverException if the RENAME could not take its locks in {@value #ATTEMPTS} attempts or
     *     failed otherwise (source untouched)
     */
    public Renamed rename() throws InterruptedException {
        String db = source.endpoint().database();
        for (int attempt = 1; ; attempt++) {
            applier.pause();
            buffer.expectDdl();
            long start = System.nanoTime();
            String gtid;
            try {
                gtid = renameAndReadGtid(db);
            } catch (SQLException e) {
                if (e.getErrorCode() == 1205 && attempt < ATTEMPTS) {
                    applier.resume(Map.of());
                    log.warn("cutover: RENAME waited {} s for a metadata lock (attempt {} of {}); retrying",
                            lockTimeout.toSeconds(), attempt, ATTEMPTS);
                    Thread.sleep(1_000);
                    continue;
                }
                if (sourceState() != CutoverNames.SourceState.RENAMED) {
                    applier.resume(Map.of());
                    throw new CutoverException("cutover: RENAME on the source failed, nothing changed: " + e.getMessage()
                            + "; find the long transaction holding the tables (SHOW PROCESSLIST) and run again", false, e);
                }
                gtid = currentGtid();
                log.warn("cutover: the RENAME's reply was lost but the tables are renamed; draining to {}", gtid);
            }
            long renameMs = (System.nanoTime() - start) / 1_000_000;
            applier.resume(renames());
            log.info("cutover: source tables renamed in {} ms; draining to GTID set {}", renameMs, gtid);
            return new Renamed(gtid, start, renameMs);
        }
    }

    /**
     * Drains: waits until the target has applied {@code gtid}, then aligns AUTO_INCREMENT counters.
     * The applier must read the {@code _del} names (after {@link #rename()}, or {@link #resumeRenamed()}).
     *
     * @throws CutoverException if the drain fails or times out; the message carries the undo RENAME
     */
    public CutoverResult drain(String gtid, long startNanos, long renameMs) throws InterruptedException {
        faults.reach("draining");
        long deadline = System.nanoTime() + drainTimeout.toNanos();
        while (!applier.hasApplied(gtid)) {
            try {
                applier.checkFailure();
            } catch (RuntimeException e) {
                throw drainFailed("the binlog apply failed: " + e.getMessage(), e);
            }
            if (System.nanoTime() > deadline) {
                throw drainFailed("the drain did not reach GTID set " + gtid + " within "
                        + drainTimeout.toSeconds() + " s", null);
            }
            Thread.sleep(2);
        }
        long windowMs = (System.nanoTime() - startNanos) / 1_000_000;
        alignAutoIncrement(source.endpoint().database());
        return new CutoverResult(gtid, windowMs, renameMs);
    }

    /** A resumed run whose source is already renamed: the applier reads the {@code _del} names. */
    public void resumeRenamed() {
        buffer.expectDdl();
        applier.resume(renames());
    }

    /** @return whether the source shows the moved tables under their own names, renamed, or mixed */
    public CutoverNames.SourceState sourceState() {
        return names.inspect(source).state();
    }

    /** @return the source's current {@code gtid_executed} */
    public String currentGtid() {
        return source.dsl().fetchOne(Statements.selectGtidExecuted()).get(0, String.class);
    }

    /**
     * Raises each target table's AUTO_INCREMENT counter (on every shard) to the source's, so that ids the source handed
     * out and then deleted are not handed out again by the target. InnoDB ignores a value at or below
     * the table's current maximum, so this never lowers a counter.
     */
    private void alignAutoIncrement(String db) {
        for (Map.Entry<String, String> e : renames().entrySet()) {
            long sourceNext = autoIncrement(source, db, e.getValue());
            for (ServerPool target : targets) {
                long targetNext = autoIncrement(target, target.endpoint().database(), e.getKey());
                if (sourceNext > targetNext) {
                    target.dsl().query("alter table {0} auto_increment = {1}",
                            Statements.table(target.endpoint().database(), e.getKey()), DSL.inline(sourceNext)).execute();
                    log.info("cutover: target {}.{} AUTO_INCREMENT raised to {} (the source's)",
                            target.endpoint().database(), e.getKey(), sourceNext);
                }
            }
        }
    }

    private static final java.util.regex.Pattern AUTO_INCREMENT = java.util.regex.Pattern.compile("\\) ENGINE=\\S+ AUTO_INCREMENT=(\\d+)");

    /** @return the table's next AUTO_INCREMENT value from {@code SHOW CREATE TABLE}, 0 if it has none */
    private static long autoIncrement(ServerPool pool, String db, String table) {
        String ddl = pool.dsl().fetchOne(Statements.showCreateTable(db, table)).get(1, String.class);
        java.util.regex.Matcher m = AUTO_INCREMENT.matcher(ddl);
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    private CutoverException drainFailed(String why, Throwable cause) {
        return new CutoverException("cutover: " + why + ". The source tables are renamed and the target may lack"
                + " the last changes. To give the tables back to the source, run on the source: "
                + undoStatement(), true, cause);
    }

    private String renameAndReadGtid(String db) throws SQLException {
        try (Connection c = source.connection(); Statement s = c.createStatement()) {
            DSLContext dsl = ServerPool.on(c);
            s.execute(dsl.set(DSL.name("lock_wait_timeout"), DSL.inline(Math.max(1, lockTimeout.toSeconds()))).getSQL());
            String sql = dsl.renderInlined(dsl.queries(
                    Statements.renameTables(dsl, db, renames()), Statements.selectGtidExecuted()));
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
