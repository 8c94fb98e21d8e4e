package io.tablemover.engine.cutover;

import io.tablemover.engine.apply.Replication;
import io.tablemover.engine.config.MoveConfig;
import io.tablemover.engine.mysql.ServerPool;
import io.tablemover.engine.mysql.ServerPools;
import io.tablemover.engine.sql.MetadataLocks;
import io.tablemover.engine.sql.ServerStatements;
import io.tablemover.engine.sql.Statements;
import io.tablemover.engine.step.Renamed;
import io.tablemover.engine.step.StopSignal;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jooq.exception.DataAccessException;
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
 * <p>A RENAME waits for every transaction holding a metadata lock on the tables, and the application's queries on
 * them queue behind it meanwhile. So before each attempt it looks for such blockers ({@link MetadataLocks}: a
 * transaction or statement older than {@value #BLOCKER_SECONDS} s, or a waiting exclusive lock) and does not send
 * the RENAME while one exists, logging who blocks (no peer checks first; gh-ost, Spirit and Vitess only retry).
 * The RENAME itself runs with a short {@code lock_wait_timeout} ({@code --cutover-lock-timeout-seconds}), so a
 * blocker that appears in between stalls the application at most that long; a timed-out RENAME changed nothing
 * and is retried. All this goes on until {@code --cutover-retry-timeout-seconds} (default 1 h), then the run stops
 * with the source untouched.
 */
public final class SourceRename {
    private static final Logger log = LoggerFactory.getLogger(SourceRename.class);
    /** A transaction or statement at least this old on a moved table counts as a blocker, in seconds. */
    static final long BLOCKER_SECONDS = 1;

    private final ServerPool source;
    private final Duration lockTimeout;
    private final Duration retryTimeout;
    private final StopSignal stop;
    private boolean blockersUnreadable;

    @Inject
    public SourceRename(MoveConfig config, ServerPools pools, StopSignal stop) {
        this.stop = stop;
        this.source = pools.source();
        this.lockTimeout = config.cutoverLockTimeout();
        this.retryTimeout = config.cutoverRetryTimeout();
    }

    /**
     * @return the drain's GTID set, when the RENAME was sent and how long it took
     * @throws CutoverException if the RENAME could not take its locks within the retry timeout or failed otherwise
     *     (source untouched, exit code 4)
     */
    public Renamed rename(CutoverNames names, Replication replication) throws InterruptedException {
        var applier = replication.applier();
        long deadline = System.nanoTime() + retryTimeout.toNanos();
        for (int attempt = 1; ; attempt++) {
            awaitNoBlocker(names, deadline);
            checkStop();
            applier.pause();
            replication.buffer().expectDdl();
            long start = System.nanoTime();
            String gtid;
            try {
                gtid = renameAndReadGtid(names);
            } catch (SQLException e) {
                if (e.getErrorCode() == 1205 && System.nanoTime() < deadline) {
                    applier.resume(Map.of());
                    log.warn("cutover: RENAME waited {} s for a metadata lock (attempt {}); nothing changed, retrying",
                            lockTimeout.toSeconds(), attempt);
                    Thread.sleep(500);
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

    /**
     * Waits while a session holds (or waits for an exclusive) metadata lock on a moved table long enough to block
     * the RENAME, logging the blockers every 10 s.
     *
     * @throws CutoverException (source untouched) if blockers remain at {@code deadline}
     */
    private void awaitNoBlocker(CutoverNames names, long deadline) throws InterruptedException {
        long nextLog = 0;
        while (true) {
            checkStop();
            List<MetadataLocks.Holder> blockers = blockers(names);
            if (blockers.isEmpty()) {
                return;
            }
            String who = blockers.stream().map(MetadataLocks.Holder::describe).collect(Collectors.joining("; "));
            if (System.nanoTime() >= deadline) {
                throw new CutoverException("cutover: the moved tables stayed locked for " + retryTimeout.toSeconds()
                        + " s (--cutover-retry-timeout-seconds) by " + who + "; nothing changed. End or KILL the blocking"
                        + " session, then run the same command again", false, null);
            }
            if (System.nanoTime() >= nextLog) {
                log.warn("cutover: waiting, not renaming while a session holds the moved tables: {}", who);
                nextLog = System.nanoTime() + 10_000_000_000L;
            }
            Thread.sleep(250);
        }
    }

    /** @throws CutoverException (source untouched, exit code 4) once SIGTERM/SIGINT asked to stop */
    private void checkStop() {
        if (stop.requested()) {
            throw new CutoverException("cutover: stopped by " + stop.signal() + " before the RENAME; nothing changed."
                    + " Run the same command again to resume", false, null);
        }
    }

    private List<MetadataLocks.Holder> blockers(CutoverNames names) {
        if (blockersUnreadable) {
            return List.of();
        }
        try {
            if (!MetadataLocks.instrumented(source.dsl())) {
                blockersUnreadable = true;
                log.warn("cutover: performance_schema is OFF on the source, so the cutover cannot see which sessions hold"
                        + " the moved tables before its RENAME; each RENAME attempt may stall the application's queries for"
                        + " up to {} s (--cutover-lock-timeout-seconds). Start the source with performance_schema=ON to"
                        + " enable the check", lockTimeout.toSeconds());
                return List.of();
            }
            return MetadataLocks.on(source.dsl(), names.sourceDb(), names.renames().keySet()).stream()
                    .filter(h -> h.session().transactionSeconds() >= BLOCKER_SECONDS
                            || (h.session().transactionSeconds() < 0 && h.session().statementSeconds() >= BLOCKER_SECONDS)
                            || (h.pending() && "EXCLUSIVE".equals(h.lockType())))
                    .toList();
        } catch (DataAccessException e) {
            blockersUnreadable = true;
            log.warn("cutover: cannot read performance_schema.metadata_locks / information_schema.INNODB_TRX on the source"
                    + " ({}); the RENAME is sent without looking for blockers first (GRANT SELECT ON performance_schema.*"
                    + " and PROCESS to the source user to enable the check)", e.getMessage().split("\n")[0]);
            return List.of();
        }
    }

    /** @return the source's current {@code gtid_executed} */
    public String currentGtid() {
        return source.dsl().fetchOne(ServerStatements.selectGtidExecuted()).get(0, String.class);
    }

    private String renameAndReadGtid(CutoverNames names) throws SQLException {
        try (Connection c = source.multiQueryConnection(); Statement s = c.createStatement()) {
            DSLContext dsl = ServerPool.on(c);
            s.execute(dsl.set(DSL.name("lock_wait_timeout"), DSL.inline(Math.max(1, lockTimeout.toSeconds()))).getSQL());
            String sql = dsl.renderInlined(dsl.queries(
                    Statements.renameTables(dsl, names.sourceDb(), names.renames()), ServerStatements.selectGtidExecuted()));
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
