package io.tablemover.engine.state;

import static io.tablemover.testing.TestData.exec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tablemover.engine.error.ExitCode;
import io.tablemover.engine.mysql.ServerPool;
import io.tablemover.engine.step.MoveListener;
import io.tablemover.engine.state.Phase;
import io.tablemover.engine.schema.KeyRange;
import io.tablemover.engine.schema.KeyValue;
import io.tablemover.engine.sql.SchemaReader;
import io.tablemover.engine.schema.TableSchema;
import io.tablemover.engine.sql.Statements;
import io.tablemover.testing.MoveHarness;
import io.tablemover.testing.MysqlServers;
import io.tablemover.engine.transfer.ValueReader;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** The run state on a real target: migrations, key serialization, locks, and the run commands around it. */
class RunStateIT {
    private final MysqlServers servers = MysqlServers.get();


    @Test
    void keysOfEveryKindRoundTripThroughTheStateTable() throws Exception {
        String db = servers.target().createDatabase("state_keys");
        try (Connection c = servers.target().connect(db); ServerPool pool = MoveHarness.pool(servers.target(), db)) {
            exec(c, "CREATE TABLE k (a BIGINT UNSIGNED NOT NULL, b VARCHAR(20) NOT NULL, c BINARY(4) NOT NULL,"
                            + " d DATETIME(6) NOT NULL, PRIMARY KEY (a, b, c, d)) DEFAULT CHARSET=utf8mb4 COLLATE utf8mb4_bin",
                    "INSERT INTO k VALUES (18446744073709551615, 'x  ', X'00010000', '2024-02-29 23:59:59.000001'),"
                            + " (18446744073709551615, 'x', X'00000000', '1000-01-01 00:00:00.000000'),"
                            + " (0, '', X'00000000', '9999-12-31 23:59:59.999999')");
            StateSchema.migrate(pool.dsl(), db, StateSchema.LATEST);
            TableSchema k = new SchemaReader(pool.dsl()).read(db, "k");
            RunStore store = new RunStore(pool.dsl(), db);
            store.create(new io.tablemover.engine.state.RunRecord("abcdef012345", db, db, List.of("k"), "u1", "u2", Phase.COPY,
                    "", "", Optional.empty(), "test", java.time.LocalDateTime.now(), java.time.LocalDateTime.now(), Optional.empty()),
                    List.of("a,b,c,d"));
            List<KeyValue> keys = new ArrayList<>();
            try (ResultSet rs = pool.dsl().select(Statements.fields(k.requireKey().columns())).from(Statements.table(db, "k"))
                    .orderBy(Statements.fields(k.requireKey().columns())).fetchResultSet()) {
                while (rs.next()) {
                    keys.add(ValueReader.keyOf(ValueReader.readRow(rs, k.requireKey().columns()), new int[] {0, 1, 2, 3}, k.requireKey()));
                }
            }
            assertEquals(3, keys.size());
            for (KeyValue key : keys) {
                pool.dsl().transaction(cfg -> store.chunkCopied(cfg.dsl(), "abcdef012345", "k", Optional.of(key), 1, false).execute());
                KeyValue stored = store.tables("abcdef012345").get(0).lowKey().orElseThrow();
                assertEquals(key, stored);
                // the stored key finds exactly the same row again: everything up to it, nothing beyond
                int upTo = pool.dsl().fetchCount(pool.dsl().selectOne().from(Statements.table(db, "k"))
                        .where(Statements.range(k.requireKey(), new KeyRange(Optional.empty(), Optional.of(stored)))));
                assertEquals(keys.indexOf(key) + 1, upTo, "keys up to " + key);
            }
        }
    }

    @Test
    void olderStateIsMigratedAndNewerStateIsRefused() throws Exception {
        String db = servers.target().createDatabase("state_migrate");
        try (ServerPool pool = MoveHarness.pool(servers.target(), db)) {
            StateSchema.migrate(pool.dsl(), db, 1);
            assertEquals(1, StateSchema.installedVersion(pool.dsl(), db));
            StateSchema.migrate(pool.dsl(), db, StateSchema.LATEST);
            assertEquals(StateSchema.LATEST, StateSchema.installedVersion(pool.dsl(), db));
            assertEquals(StateSchema.LATEST, pool.dsl().fetchCount(Statements.table(db, StateTables.HISTORY)));
            assertTrue(pool.dsl().meta().getTables(StateTables.RUNS).stream()
                    .anyMatch(t -> t.field(StateTables.HOOKS_FIRED.getName()) != null), "migration 2 added hooks_fired");
            // idempotent
            StateSchema.migrate(pool.dsl(), db, StateSchema.LATEST);

            pool.dsl().insertInto(Statements.table(db, StateTables.HISTORY), StateTables.H_VERSION, StateTables.H_DESCRIPTION,
                    StateTables.H_CHECKSUM, StateTables.H_INSTALLED_ON, StateTables.H_SUCCESS)
                    .values(99, "from the future", "0".repeat(64), java.time.LocalDateTime.now(), true).execute();
            StateException e = assertThrows(StateException.class, () -> StateSchema.migrate(pool.dsl(), db, StateSchema.LATEST));
            assertTrue(e.getMessage().contains("schema version 99, newer than this tablemover knows (" + StateSchema.LATEST + ")"),
                    e.getMessage());
        }
    }

    @Test
    void stateWrittenByRelease01IsStillReadAndResumed() throws Exception {
        String src = servers.source().createDatabase("state_r01_src");
        String tgt = servers.target().createDatabase("state_r01_tgt");
        try (Connection c = servers.source().connect(src); ServerPool pool = MoveHarness.pool(servers.target(), tgt)) {
            exec(c, "CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(10))", "INSERT INTO t VALUES (1, 'a'), (2, 'b')");
            MoveListener crash = new MoveListener() {
                @Override
                public void phase(Phase p) {
                    if (p == Phase.WAIT_CUTOVER) {
                        throw new IllegalStateException("simulated crash");
                    }
                }
            };
            assertEquals(ExitCode.RUNTIME_FAILURE.code(), MoveHarness.move(src, tgt, "t", crash, "--execute").exitCode());
            // this build records the checksums of the migrations' definitions
            assertEquals(StateSchema.MIGRATIONS.stream().map(StateMigration::checksum).toList(),
                    pool.dsl().select(StateTables.H_CHECKSUM).from(Statements.table(tgt, StateTables.HISTORY))
                            .orderBy(StateTables.H_VERSION).fetch(StateTables.H_CHECKSUM));
            // the history as release 0.1.0 wrote it: the SHA-256 of jOOQ's rendering
            for (int v = 1; v <= 2; v++) {
                pool.dsl().update(Statements.table(tgt, StateTables.HISTORY))
                        .set(StateTables.H_CHECKSUM, StateSchema.RELEASE_0_1_CHECKSUMS.get(v))
                        .where(StateTables.H_VERSION.eq(v)).execute();
            }

            MoveHarness.Run resumed = MoveHarness.move(src, tgt, "t", MoveListener.NONE, "--execute");
            assertEquals(0, resumed.exitCode(), resumed.err());
            assertTrue(resumed.out().contains("resuming"), resumed.out());
            // (the migrations after 0.1.0's, e.g. 3, are recorded with their own checksums)
            List<String> expected = new java.util.ArrayList<>(List.of(StateSchema.RELEASE_0_1_CHECKSUMS.get(1),
                    StateSchema.RELEASE_0_1_CHECKSUMS.get(2)));
            StateSchema.MIGRATIONS.stream().skip(2).forEach(m -> expected.add(m.checksum()));
            assertEquals(expected,
                    pool.dsl().select(StateTables.H_CHECKSUM).from(Statements.table(tgt, StateTables.HISTORY))
                            .orderBy(StateTables.H_VERSION).fetch(StateTables.H_CHECKSUM),
                    "the history is left as 0.1.0 wrote it, so that 0.1.0 can still read it");

            // any other checksum is refused
            pool.dsl().update(Statements.table(tgt, StateTables.HISTORY)).set(StateTables.H_CHECKSUM, "0".repeat(64))
                    .where(StateTables.H_VERSION.eq(1)).execute();
            StateException e = assertThrows(StateException.class, () -> StateSchema.migrate(pool.dsl(), tgt, StateSchema.LATEST));
            assertEquals("state migration 1 in " + tgt + " has checksum " + "0".repeat(64) + ", this tablemover expects "
                    + StateSchema.MIGRATIONS.get(0).checksum() + ": the state was written by an incompatible build", e.getMessage());
        }
    }

    @Test
    void aMoveIntoNewerStateIsRefusedWithoutChangingAnything() throws Exception {
        String src = servers.source().createDatabase("state_new_src");
        String tgt = servers.target().createDatabase("state_new_tgt");
        try (Connection c = servers.source().connect(src); ServerPool pool = MoveHarness.pool(servers.target(), tgt)) {
            exec(c, "CREATE TABLE t (id INT PRIMARY KEY)", "INSERT INTO t VALUES (1), (2)");
            StateSchema.migrate(pool.dsl(), tgt, StateSchema.LATEST);
            pool.dsl().insertInto(Statements.table(tgt, StateTables.HISTORY), StateTables.H_VERSION, StateTables.H_DESCRIPTION,
                    StateTables.H_CHECKSUM, StateTables.H_INSTALLED_ON, StateTables.H_SUCCESS)
                    .values(StateSchema.LATEST + 1, "next", "0".repeat(64), java.time.LocalDateTime.now(), true).execute();
            MoveHarness.Run run = MoveHarness.move(src, tgt, "t", MoveListener.NONE, "--execute");
            assertEquals(ExitCode.RUNTIME_FAILURE.code(), run.exitCode(), run.err());
            assertTrue(run.err().contains("newer than this tablemover knows"), run.err());
            assertTrue(new SchemaReader(pool.dsl()).tableTypes(tgt, List.of("t")).isEmpty(), "no target table created");
        }
    }

    @Test
    void anOverlappingRunIsRefusedNamingTheTableAndTheHolder() throws Exception {
        String src = servers.source().createDatabase("state_lock_src");
        String tgt = servers.target().createDatabase("state_lock_tgt");
        try (Connection c = servers.source().connect(src); ServerPool target = MoveHarness.pool(servers.target(), tgt)) {
            exec(c, "CREATE TABLE t (id INT PRIMARY KEY)", "CREATE TABLE u (id INT PRIMARY KEY)", "INSERT INTO t VALUES (1)");
            String gtidBefore = target.dsl().fetchOne("select @@global.gtid_executed").get(0, String.class);
            // a first run of (t) holds its locks
            try (TableLocks first = TableLocks.acquire(target, src, List.of("t"))) {
                MoveHarness.Run second = MoveHarness.move(src, tgt, "u,t", MoveListener.NONE, "--execute");
                assertEquals(ExitCode.RUNTIME_FAILURE.code(), second.exitCode(), second.err());
                assertTrue(second.err().contains("table t is being moved by another tablemover run"), second.err());
                assertTrue(second.err().contains("holds lock 'tablemover:" + src + ".t'"), second.err());
                first.check();
            }
            assertTrue(new SchemaReader(target.dsl()).tableTypes(tgt, List.of("t", "u", StateTables.RUNS)).isEmpty(),
                    "the refused run created nothing");
            assertEquals(gtidBefore, target.dsl().fetchOne("select @@global.gtid_executed").get(0, String.class));
        }
    }

    @Test
    void freshIsRefusedWhileARunExistsAndStatusAndCancelWork() throws Exception {
        String src = servers.source().createDatabase("state_cmd_src");
        String tgt = servers.target().createDatabase("state_cmd_tgt");
        try (Connection c = servers.source().connect(src); ServerPool target = MoveHarness.pool(servers.target(), tgt)) {
            exec(c, "CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(10))", "INSERT INTO t VALUES (1, 'a'), (2, 'b'), (3, 'c')");
            // a run that stops in WAIT_CUTOVER: the listener throws there, like a crash after the copy
            MoveListener crash = new MoveListener() {
                @Override
                public void phase(Phase p) {
                    if (p == Phase.WAIT_CUTOVER) {
                        throw new IllegalStateException("simulated crash");
                    }
                }
            };
            MoveHarness.Run first = MoveHarness.move(src, tgt, "t", crash, "--execute");
            assertEquals(ExitCode.RUNTIME_FAILURE.code(), first.exitCode(), first.err());
            String token = RunToken.of(src, tgt, List.of("t"));
            RunRecord stored = new RunStore(target.dsl(), tgt).find(token).orElseThrow();
            assertEquals(Phase.WAIT_CUTOVER, stored.phase());
            assertTrue(stored.lastError().orElse("").contains("simulated crash"));

            MoveHarness.Run fresh = MoveHarness.move(src, tgt, "t", MoveListener.NONE, "--execute", "--fresh");
            assertEquals(ExitCode.INVALID_INPUT.code(), fresh.exitCode(), fresh.err());
            assertTrue(fresh.err().contains("--fresh: run " + token + " exists"), fresh.err());

            MoveHarness.Run status = MoveHarness.run(List.of("status", "--target", MoveHarness.url(servers.target(), tgt),
                    "--target-user", servers.target().user()), Map.of("TABLEMOVER_TARGET_PASSWORD", servers.target().password()), MoveListener.NONE);
            assertEquals(0, status.exitCode(), status.err());
            assertTrue(status.out().contains("run " + token + ": " + src + " -> " + tgt), status.out());
            assertTrue(status.out().contains("phase WAIT_CUTOVER"), status.out());
            assertTrue(status.out().contains("t: 3 rows in 1 chunks, copied"), status.out());
            assertTrue(status.out().contains("last error: simulated crash"), status.out());

            List<String> cancel = List.of("cancel", "--source", MoveHarness.url(servers.source(), src), "--target",
                    MoveHarness.url(servers.target(), tgt), "--tables", "t", "--source-user", "root");
            Map<String, String> env = Map.of("TABLEMOVER_SOURCE_PASSWORD", servers.source().password(),
                    "TABLEMOVER_TARGET_PASSWORD", servers.target().password());
            MoveHarness.Run dry = MoveHarness.run(cancel, env, MoveListener.NONE);
            assertEquals(0, dry.exitCode(), dry.err());
            assertTrue(dry.out().contains("would cancel run " + token), dry.out());
            List<String> execute = new ArrayList<>(cancel);
            execute.add("--execute");
            MoveHarness.Run cancelled = MoveHarness.run(execute, env, MoveListener.NONE);
            assertEquals(0, cancelled.exitCode(), cancelled.err());
            assertTrue(new RunStore(target.dsl(), tgt).find(token).isEmpty());
            assertTrue(new SchemaReader(target.dsl()).tableTypes(tgt, List.of("t")).isEmpty());

            // now the move can start afresh, and a rerun of a finished run is a no-op
            MoveHarness.Run again = MoveHarness.move(src, tgt, "t", MoveListener.NONE, "--execute");
            assertEquals(0, again.exitCode(), again.err());
            assertFalse(again.out().contains("resuming"), again.out());
            MoveHarness.Run done = MoveHarness.move(src, tgt, "t", MoveListener.NONE, "--execute");
            assertEquals(0, done.exitCode(), done.err());
            assertTrue(done.out().contains("is already complete"), done.out());
            MoveHarness.Run refused = MoveHarness.run(execute, env, MoveListener.NONE);
            assertEquals(ExitCode.RUNTIME_FAILURE.code(), refused.exitCode());
            assertTrue(refused.err().contains("cancel refused"), refused.err());
            assertTrue(refused.err().contains("rename table `" + src + "`.`_t_del` to `" + src + "`.`t`"), refused.err());
        }
    }


    @Test
    void aResumeIsRefusedWhenTheSourcePurgedTheBinlogsItNeeds() throws Exception {
        String src = servers.source().createDatabase("state_purge_src");
        String tgt = servers.target().createDatabase("state_purge_tgt");
        try (Connection c = servers.source().connect(src); ServerPool target = MoveHarness.pool(servers.target(), tgt)) {
            exec(c, "CREATE TABLE t (id INT PRIMARY KEY)", "INSERT INTO t VALUES (1), (2)");
            MoveListener crash = new MoveListener() {
                @Override
                public void phase(Phase p) {
                    if (p == Phase.WAIT_CUTOVER) {
                        throw new IllegalStateException("simulated crash");
                    }
                }
            };
            assertEquals(ExitCode.RUNTIME_FAILURE.code(), MoveHarness.move(src, tgt, "t", crash, "--execute").exitCode());
            // changes the stopped run has not streamed yet, then their binlog is purged. PURGE keeps a file that a
            // binlog dump thread still reads, so first wait until the stopped run's dump thread has gone
            awaitNoBinlogDump(c);
            exec(c, "INSERT INTO t VALUES (3)", "FLUSH BINARY LOGS");
            String current;
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW BINARY LOGS")) {
                String last = null;
                while (rs.next()) {
                    last = rs.getString(1);
                }
                current = last;
            }
            exec(c, "PURGE BINARY LOGS TO '" + current + "'");
            // status --source sees it before a resume does
            MoveHarness.Run status = MoveHarness.run(List.of("status", "--target", MoveHarness.url(servers.target(), tgt),
                    "--target-user", servers.target().user(), "--source", MoveHarness.url(servers.source(), src),
                    "--source-user", servers.source().user(), "--format", "json"), Map.of("TABLEMOVER_TARGET_PASSWORD",
                    servers.target().password(), "TABLEMOVER_SOURCE_PASSWORD", servers.source().password()), MoveListener.NONE);
            assertEquals(0, status.exitCode(), status.err());
            var lag = new com.fasterxml.jackson.databind.ObjectMapper().readTree(status.out()).get("runs").get(0).get("liveLag");
            assertTrue(lag.get("positionPurged").asBoolean(), lag.toString());
            assertEquals(1, lag.get("missingTransactions").asLong(), lag.toString());
            MoveHarness.Run resume = MoveHarness.move(src, tgt, "t", MoveListener.NONE, "--execute");
            assertEquals(ExitCode.RUNTIME_FAILURE.code(), resume.exitCode(), resume.err());
            assertTrue(resume.err().contains("the source has purged binlogs that run"), resume.err());
            assertTrue(resume.err().contains("cancel it"), resume.err());
            try (ServerPool source = MoveHarness.pool(servers.source(), src)) {
                assertTrue(new SchemaReader(source.dsl()).tableTypes(src, List.of("_t_del")).isEmpty(), "the source was not touched");
            }
        }
    }

    private static void awaitNoBinlogDump(Connection c) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                    "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE COMMAND LIKE 'Binlog Dump%'")) {
                rs.next();
                if (rs.getLong(1) == 0) {
                    return;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("a binlog dump thread is still connected 10 s after the run stopped");
    }
}
