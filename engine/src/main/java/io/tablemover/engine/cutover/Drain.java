package io.tablemover.engine.cutover;

import io.tablemover.engine.apply.Applier;
import io.tablemover.engine.config.MoveConfig;
import io.tablemover.engine.mysql.ServerPool;
import io.tablemover.engine.mysql.ServerPools;
import io.tablemover.engine.sql.Statements;
import io.tablemover.engine.step.FaultInjector;
import io.tablemover.engine.step.StopSignal;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The drain after the RENAME: waits until the target holds every transaction of the GTID set read with the
 * RENAME, then raises each target table's AUTO_INCREMENT (on every shard) to the source's.
 */
public final class Drain {
    private static final Logger log = LoggerFactory.getLogger(Drain.class);
    private static final Pattern AUTO_INCREMENT = Pattern.compile("\\) ENGINE=\\S+ AUTO_INCREMENT=(\\d+)");

    private final ServerPool source;
    private final List<ServerPool> targets;
    private final Duration timeout;
    private final FaultInjector faults;
    private final StopSignal stop;

    @Inject
    public Drain(MoveConfig config, ServerPools pools, FaultInjector faults, StopSignal stop) {
        this.stop = stop;
        this.source = pools.source();
        this.targets = pools.shards();
        this.timeout = config.cutoverDrainTimeout();
        this.faults = faults;
    }

    /**
     * Waits until {@code applier} has applied {@code gtid} (the applier reads the {@code _del} names already), then
     * aligns AUTO_INCREMENT counters. A stop request (SIGTERM/SIGINT) does not end the drain: it goes on for
     * {@link StopSignal#DRAIN_GRACE_MS} more, since the tables are renamed already.
     *
     * @param startNanos {@link System#nanoTime()} when the RENAME was sent: the window is measured from it
     * @param renameMs the RENAME round trip, ms
     * @throws CutoverException (exit code 5) if the drain fails or times out; the message carries the undo RENAME
     */
    public CutoverResult drain(CutoverNames names, Applier applier, String gtid, long startNanos, long renameMs)
            throws InterruptedException {
        faults.reach("draining");
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!applier.hasApplied(gtid)) {
            try {
                applier.checkFailure();
            } catch (RuntimeException e) {
                throw failed(names, "the binlog apply failed: " + e.getMessage(), e);
            }
            if (System.nanoTime() > deadline) {
                throw failed(names, "the drain did not reach GTID set " + gtid + " within " + timeout.toSeconds() + " s", null);
            }
            if (stop.requested() && System.nanoTime() - stop.requestedAtNanos() > StopSignal.DRAIN_GRACE_MS * 1_000_000) {
                throw failed(names, "stopped by " + stop.signal() + ": the drain did not reach GTID set " + gtid
                        + " within " + StopSignal.DRAIN_GRACE_MS / 1000 + " s of it", null);
            }
            Thread.sleep(2);
        }
        long windowMs = (System.nanoTime() - startNanos) / 1_000_000;
        alignAutoIncrement(names);
        return new CutoverResult(gtid, windowMs, renameMs);
    }

    /**
     * Raises each target table's AUTO_INCREMENT counter (on every shard) to the source's, so that ids the source
     * handed out and then deleted are not handed out again by the target. InnoDB ignores a value at or below the
     * table's current maximum, so this never lowers a counter.
     */
    private void alignAutoIncrement(CutoverNames names) {
        for (Map.Entry<String, String> e : names.renames().entrySet()) {
            long sourceNext = autoIncrement(source, names.sourceDb(), e.getValue());
            for (ServerPool target : targets) {
                String db = target.endpoint().database();
                if (sourceNext > autoIncrement(target, db, e.getKey())) {
                    target.dsl().execute(Statements.alterAutoIncrement(db, e.getKey(), sourceNext));
                    log.info("cutover: target {}.{} AUTO_INCREMENT raised to {} (the source's)", db, e.getKey(), sourceNext);
                }
            }
        }
    }

    /** @return the table's next AUTO_INCREMENT value from {@code SHOW CREATE TABLE}, 0 if it has none */
    private static long autoIncrement(ServerPool pool, String db, String table) {
        String ddl = pool.dsl().fetchOne(Statements.showCreateTable(db, table)).get(1, String.class);
        Matcher m = AUTO_INCREMENT.matcher(ddl);
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    private static CutoverException failed(CutoverNames names, String why, Throwable cause) {
        return new CutoverException("cutover: " + why + ". The source tables are renamed and the target may lack"
                + " the last changes. To give the tables back to the source, run on the source: "
                + names.undoStatement(), true, cause);
    }
}
