package io.tablemover.engine;

import static io.tablemover.testing.TestData.exec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tablemover.engine.mysql.ServerPool;
import io.tablemover.engine.schema.TableSchema;
import io.tablemover.engine.sql.SchemaReader;
import io.tablemover.engine.state.Phase;
import io.tablemover.engine.state.RunToken;
import io.tablemover.engine.step.MoveListener;
import io.tablemover.testing.MoveHarness;
import io.tablemover.testing.MysqlServers;
import io.tablemover.testing.RowComparer;
import io.tablemover.testing.TestData;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The copy's GTID watermark against the binlog-before-visible race, made wide: the source runs with
 * {@code sync_binlog=0} and {@code binlog_group_commit_sync_delay=30000} µs, so every commit's events reach the binlog
 * stream about 30 ms before the commit is visible to a read; meanwhile eight sessions run small transactions (update,
 * delete, re-insert, insert into gaps, key changes) on the rows just ahead of the copy's low key, while the copy reads
 * small chunks with plain non-locking reads. After the cutover the target must equal the source row by row.
 *
 * <p>Checked by breaking the watermark (making {@code AppliedKeys.enter} return no key to leave out, so chunks are
 * written whole as read): the test failed in both of two runs, the target missing rows the source has and holding
 * older versions of others (e.g. {@code id=192, v=3} on the source, {@code v=2} on the target; the comparison in key
 * order then differed from the first such row on). With the watermark it passed with ~1,000 racing writes in ~3 s.
 */
class WatermarkRaceIT {
    private static final int ROWS = 40_000;
    private static final int CHUNK = 100;
    private final MysqlServers servers = MysqlServers.get();

    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void chunksReadWhileTheirRowsChangeBeforeTheirCommitsAreVisibleConverge() throws Exception {
        String src = servers.source().createDatabase("race_src");
        String tgt = servers.target().createDatabase("race_tgt");
        try (Connection c = servers.source().connect(src)) {
            exec(c, "CREATE TABLE t (id INT PRIMARY KEY, v INT NOT NULL, pad VARCHAR(40) NOT NULL)",
                    "SET SESSION cte_max_recursion_depth = " + (ROWS + 1),
                    "INSERT INTO t WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < " + ROWS + ")"
                            + " SELECT n * 2, 0, CONCAT('row ', n) FROM s"); // even ids: odd ones are free for inserts
        }
        String token = RunToken.of(src, tgt, List.of("t"));
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong writes = new AtomicLong();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> writers = new ArrayList<>();
        try (Connection admin = servers.source().connect(src);
             ServerPool target = MoveHarness.pool(servers.target(), tgt)) {
            exec(admin, "SET GLOBAL sync_binlog = 0", "SET GLOBAL binlog_group_commit_sync_delay = 30000");
            try {
                for (int w = 0; w < 8; w++) {
                    Thread t = new Thread(() -> write(src, target, tgt, token, stop, writes, failure), "race-writer-" + w);
                    t.start();
                    writers.add(t);
                }
                MoveListener copyDone = new MoveListener() {
                    @Override
                    public void phase(Phase phase) {
                        if (phase.compareTo(Phase.COPY) > 0) {
                            stop.set(true); // the race is the copy's; later the writes would meet the RENAME
                        }
                    }
                };
                MoveHarness.Run run = CompletableFuture.supplyAsync(() -> MoveHarness.move(src, tgt, "t", copyDone,
                        "--execute", "--chunk-size", Integer.toString(CHUNK), "--chunk-time", "0", "--copy-threads", "2",
                        "--skip-verify")).get(5, TimeUnit.MINUTES);
                stop.set(true);
                for (Thread t : writers) {
                    t.join();
                }
                assertEquals(null, failure.get());
                assertEquals(0, run.exitCode(), run.out() + run.err());
                System.out.println("WatermarkRaceIT: " + writes.get() + " writes ahead of the copy");
                assertTrue(writes.get() > 300, "too few writes raced the copy: " + writes.get());
            } finally {
                stop.set(true);
                exec(admin, "SET GLOBAL binlog_group_commit_sync_delay = 0", "SET GLOBAL sync_binlog = 1");
            }
            try (ServerPool source = MoveHarness.pool(servers.source(), src)) {
                TableSchema del = new SchemaReader(source.dsl()).read(src, "_t_del");
                RowComparer.Comparison cmp = RowComparer.compare(source, src, "_t_del", target, tgt, "t", del);
                assertTrue(cmp.identical(), cmp.differences() + " rows differ, e.g. " + cmp.examples());
            }
        }
    }

    /** Small transactions on the rows just above the copy's low key (ids 2 * rows copied .. + 3 chunks). */
    private void write(String src, ServerPool target, String tgt, String token, AtomicBoolean stop, AtomicLong writes,
                       AtomicReference<Throwable> failure) {
        try (Connection c = servers.source().connect(src);
             PreparedStatement update = c.prepareStatement("UPDATE t SET v = v + 1 WHERE id = ?");
             PreparedStatement delete = c.prepareStatement("DELETE FROM t WHERE id = ?");
             PreparedStatement insert = c.prepareStatement("INSERT IGNORE INTO t VALUES (?, 1, 'inserted')");
             PreparedStatement move = c.prepareStatement("UPDATE IGNORE t SET id = id + 1 WHERE id = ?")) {
            ThreadLocalRandom r = ThreadLocalRandom.current();
            while (!stop.get()) {
                long copied = Math.max(0, TestData.rowsCopied(target, tgt, token));
                int id = (int) (2 * copied + r.nextInt(6 * CHUNK));
                PreparedStatement s = switch (r.nextInt(5)) {
                    case 0 -> delete;
                    case 1 -> insert;
                    case 2 -> move;
                    default -> update;
                };
                s.setInt(1, id);
                s.executeUpdate();
                writes.incrementAndGet();
            }
        } catch (SQLException e) {
            if (!stop.get()) {
                failure.compareAndSet(null, e);
            }
        } catch (RuntimeException e) {
            failure.compareAndSet(null, e);
        }
    }
}
