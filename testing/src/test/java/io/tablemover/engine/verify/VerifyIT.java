package io.tablemover.engine.verify;

import static io.tablemover.testing.TestData.exec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tablemover.engine.error.ExitCode;
import io.tablemover.engine.mysql.ServerPool;
import io.tablemover.engine.schema.TableSchema;
import io.tablemover.engine.sql.SchemaReader;
import io.tablemover.engine.state.Phase;
import io.tablemover.engine.state.RunStore;
import io.tablemover.engine.state.RunToken;
import io.tablemover.engine.step.MoveListener;
import io.tablemover.testing.MoveHarness;
import io.tablemover.testing.MysqlServers;
import io.tablemover.testing.RowComparer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The verify phase against real servers: it finds and repairs corruption, reports none under load, fails on what it cannot repair. */
class VerifyIT {
    private final MysqlServers servers = MysqlServers.get();

    private static String seed(String table, int rows) {
        return "INSERT INTO " + table + " WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < " + rows
                + ") SELECT n, CONCAT('row ', n), n * 7 FROM s";
    }

    private static void create(Connection c, String table, int rows) throws Exception {
        exec(c, "CREATE TABLE " + table + " (id INT PRIMARY KEY, v VARCHAR(64) NOT NULL, w BIGINT NULL)",
                "SET SESSION cte_max_recursion_depth = " + (rows + 1), seed(table, rows));
    }

    /** Runs {@code atVerify} on the run's thread when the run enters VERIFY (before the step runs). */
    private static MoveListener atVerify(ThrowingRunnable atVerify, AtomicReference<Throwable> failure) {
        return new MoveListener() {
            @Override
            public void phase(Phase phase) {
                if (phase == Phase.VERIFY) {
                    try {
                        atVerify.run();
                    } catch (Throwable e) {
                        failure.set(e);
                    }
                }
            }
        };
    }

    private interface ThrowingRunnable {
        void run() throws Exception;
    }

    private void assertIdentical(String src, String tgt, String table) throws Exception {
        try (ServerPool source = MoveHarness.pool(servers.source(), src);
             ServerPool target = MoveHarness.pool(servers.target(), tgt)) {
            String del = "_" + table + "_del";
            TableSchema schema = new SchemaReader(source.dsl()).read(src, del);
            RowComparer.Comparison cmp = RowComparer.compare(source, src, del, target, tgt, table, schema);
            assertTrue(cmp.identical(), table + ": " + cmp);
        }
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void corruptionOnTheTargetIsFoundRepairedAndCounted() throws Exception {
        String src = servers.source().createDatabase("verify_fix_src");
        String tgt = servers.target().createDatabase("verify_fix_tgt");
        try (Connection c = servers.source().connect(src)) {
            create(c, "a", 30_000);
            create(c, "b", 5_000);
        }
        AtomicReference<Throwable> failure = new AtomicReference<>();
        MoveListener corrupt = atVerify(() -> {
            try (Connection t = servers.target().connect(tgt)) {
                exec(t, "DELETE FROM a WHERE id IN (10, 15000)",          // 2 missing (two verify chunks)
                        "UPDATE a SET v = 'corrupt' WHERE id = 20",         // 1 changed value
                        "UPDATE a SET w = NULL WHERE id = 29999",           // 1 value changed to NULL
                        "INSERT INTO a VALUES (100000, 'extra', 1)",        // 1 extra, past the source's last key
                        "DELETE FROM b WHERE id = 5",                       // 1 missing
                        "UPDATE b SET v = 'row 1501 ' WHERE id = 1501",     // 1 changed (a trailing space)
                        "INSERT INTO b VALUES (0, 'extra', NULL), (5000000, 'extra', 2)"); // 2 extra
            }
        }, failure);
        long started = System.nanoTime();
        MoveHarness.Run run = MoveHarness.move(src, tgt, "a,b", corrupt, "--execute");
        long runMs = (System.nanoTime() - started) / 1_000_000;
        assertEquals(null, failure.get());
        assertEquals(0, run.exitCode(), run.out() + run.err());
        System.out.println(run.out());
        assertTrue(run.out().contains(", 9 keys repaired"), run.out());
        // the repair's locking reads held their source locks for a measured, plausible time
        java.util.regex.Matcher lock = java.util.regex.Pattern.compile("keys repaired, longest source lock (\\d+) ms")
                .matcher(run.out());
        assertTrue(lock.find(), run.out());
        long lockMs = Long.parseLong(lock.group(1));
        assertTrue(lockMs >= 0 && lockMs < runMs, lockMs + " ms of a " + runMs + " ms run");
        assertIdentical(src, tgt, "a");
        assertIdentical(src, tgt, "b");
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void aDifferenceThatPersistsAfterItsRepairFailsBeforeTheRename() throws Exception {
        String src = servers.source().createDatabase("verify_trigger_src");
        String tgt = servers.target().createDatabase("verify_trigger_tgt");
        try (Connection c = servers.source().connect(src)) {
            create(c, "t", 1_000);
        }
        AtomicReference<Throwable> failure = new AtomicReference<>();
        MoveListener tamper = atVerify(() -> {
            try (Connection t = servers.target().connect(tgt)) {
                exec(t, "CREATE TRIGGER tamper BEFORE INSERT ON t FOR EACH ROW SET NEW.v = 'tampered'",
                        "DELETE FROM t WHERE id = 7");
            }
        }, failure);
        MoveHarness.Run run = MoveHarness.move(src, tgt, "t", tamper, "--execute");
        assertEquals(null, failure.get());
        assertEquals(ExitCode.RUNTIME_FAILURE.code(), run.exitCode(), run.out() + run.err());
        assertTrue(run.err().contains("table t: 1 keys still differ from the source after their repair"), run.err());
        assertTrue(run.err().contains("The source tables are untouched"), run.err());
        try (ServerPool source = MoveHarness.pool(servers.source(), src);
             ServerPool target = MoveHarness.pool(servers.target(), tgt)) {
            SchemaReader reader = new SchemaReader(source.dsl());
            assertEquals(1, reader.tableTypes(src, List.of("t")).size(), "t is not renamed");
            assertTrue(reader.tableTypes(src, List.of("_t_del")).isEmpty(), "no _t_del");
            assertEquals(1000, source.dsl().fetchCount(io.tablemover.engine.sql.Statements.table(src, "t")));
            RunStore store = new RunStore(target.dsl(), tgt);
            assertEquals(Phase.VERIFY, store.find(RunToken.of(src, tgt, List.of("t"))).orElseThrow().phase());
        }
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void aRunThatFailedMidVerifyResumesAtItsFirstUnverifiedChunk() throws Exception {
        String src = servers.source().createDatabase("verify_resume_src");
        String tgt = servers.target().createDatabase("verify_resume_tgt");
        try (Connection c = servers.source().connect(src)) {
            create(c, "t", 30_000); // three verify chunks of 10,000 rows
        }
        AtomicReference<Throwable> failure = new AtomicReference<>();
        MoveListener tamper = atVerify(() -> {
            try (Connection t = servers.target().connect(tgt)) {
                exec(t, "CREATE TRIGGER tamper BEFORE INSERT ON t FOR EACH ROW SET NEW.v = 'tampered'",
                        "DELETE FROM t WHERE id = 25000");
            }
        }, failure);
        MoveHarness.Run failed = MoveHarness.move(src, tgt, "t", tamper, "--execute");
        assertEquals(null, failure.get());
        assertEquals(ExitCode.RUNTIME_FAILURE.code(), failed.exitCode(), failed.out() + failed.err());
        String token = RunToken.of(src, tgt, List.of("t"));
        try (ServerPool target = MoveHarness.pool(servers.target(), tgt)) {
            var stored = new RunStore(target.dsl(), tgt).verified(token);
            assertEquals(1, stored.size(), stored.toString());
            assertEquals(20_000, stored.get(0).rowsCompared(), "two chunks verified before the failing one: " + stored);
            assertTrue(!stored.get(0).done(), stored.toString());
            exec(servers.target().connect(tgt), "DROP TRIGGER tamper"); // the operator removes the cause
        }
        MoveHarness.Run resumed = MoveHarness.move(src, tgt, "t", MoveListener.NONE, "--execute");
        assertEquals(0, resumed.exitCode(), resumed.out() + resumed.err());
        assertTrue(resumed.out().contains("resuming run " + token + ": phase VERIFY"), resumed.out());
        assertTrue(resumed.out().contains("verified: 10000 rows compared"), resumed.out());
        assertTrue(resumed.out().contains(", 1 keys repaired"), resumed.out());
        assertIdentical(src, tgt, "t");
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void aCleanMoveUnderWriteLoadReportsNoDifference() throws Exception {
        String src = servers.source().createDatabase("verify_load_src");
        String tgt = servers.target().createDatabase("verify_load_tgt");
        int rows = 100_000;
        try (Connection c = servers.source().connect(src)) {
            create(c, "t", rows);
        }
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong writes = new AtomicLong();
        AtomicLong writesInVerify = new AtomicLong();
        AtomicBoolean verifying = new AtomicBoolean();
        AtomicReference<Throwable> loadFailure = new AtomicReference<>();
        List<Thread> load = new java.util.ArrayList<>();
        for (int w = 0; w < 2; w++) {
            int seed = w;
            Thread th = new Thread(() -> {
                Random r = new Random(seed);
                long next = System.nanoTime();
                try (Connection c = servers.source().connect(src);
                     PreparedStatement upd = c.prepareStatement("UPDATE t SET v = ?, w = w + 1 WHERE id = ?");
                     PreparedStatement ins = c.prepareStatement("INSERT INTO t VALUES (?, 'new', NULL)");
                     PreparedStatement del = c.prepareStatement("DELETE FROM t WHERE id = ?")) {
                    long fresh = rows + 1 + seed;
                    while (!stop.get()) {
                        int op = r.nextInt(10);
                        if (op < 7) {
                            upd.setString(1, "u" + r.nextInt());
                            upd.setInt(2, 1 + r.nextInt(rows));
                            upd.executeUpdate();
                        } else if (op < 9) {
                            ins.setLong(1, fresh);
                            fresh += 2;
                            ins.executeUpdate();
                        } else {
                            del.setInt(1, 1 + r.nextInt(rows));
                            del.executeUpdate();
                        }
                        writes.incrementAndGet();
                        if (verifying.get()) {
                            writesInVerify.incrementAndGet();
                        }
                        next += 6_666_667L; // 150 writes/s per thread
                        long wait = next - System.nanoTime();
                        if (wait > 0) {
                            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                        }
                    }
                } catch (Throwable e) {
                    loadFailure.set(e);
                }
            }, "verify-load-" + w);
            th.setDaemon(true);
            load.add(th);
            th.start();
        }
        long started = System.nanoTime();
        MoveListener listener = new MoveListener() {
            @Override
            public void phase(Phase phase) {
                verifying.set(phase == Phase.VERIFY);
                if (phase == Phase.CUTOVER) {
                    stop.set(true);
                }
            }
        };
        MoveHarness.Run run;
        try {
            run = MoveHarness.move(src, tgt, "t", listener, "--execute");
        } finally {
            stop.set(true);
            for (Thread th : load) {
                th.join(10_000);
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.println(run.out());
        System.out.printf("load: %d writes in %.1f s (%.0f/s), %d during verify%n", writes.get(), seconds,
                writes.get() / seconds, writesInVerify.get());
        assertEquals(null, loadFailure.get());
        assertEquals(0, run.exitCode(), run.out() + run.err());
        assertTrue(writesInVerify.get() > 0, "the load wrote during the verify phase");
        assertTrue(run.out().contains(", 0 keys repaired"), run.out());
        assertIdentical(src, tgt, "t");
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void skipVerifySaysSoInTheSummarysLastLine() throws Exception {
        String src = servers.source().createDatabase("verify_skip_src");
        String tgt = servers.target().createDatabase("verify_skip_tgt");
        try (Connection c = servers.source().connect(src)) {
            create(c, "t", 100);
        }
        MoveHarness.Run run = MoveHarness.move(src, tgt, "t", MoveListener.NONE, "--execute", "--skip-verify");
        assertEquals(0, run.exitCode(), run.out() + run.err());
        List<String> lines = run.out().strip().lines().toList();
        assertEquals("nothing was verified: the verify phase was skipped (--skip-verify)", lines.get(lines.size() - 1));
    }
}
