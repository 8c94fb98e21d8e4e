package io.tablemover.engine;

import static io.tablemover.testing.TestData.exec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tablemover.engine.error.ExitCode;
import io.tablemover.engine.mysql.ServerPool;
import io.tablemover.engine.step.MoveListener;
import io.tablemover.engine.state.Phase;
import io.tablemover.engine.sql.SchemaReader;
import io.tablemover.engine.schema.TableSchema;
import io.tablemover.engine.state.RunRecord;
import io.tablemover.engine.state.RunStore;
import io.tablemover.engine.state.RunToken;
import io.tablemover.testing.BundledPlugins;
import io.tablemover.testing.MoveHarness;
import io.tablemover.testing.MysqlServers;
import io.tablemover.testing.RowComparer;
import io.tablemover.spi.hook.HookEventType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Shell hooks fired by real moves: the events in order with their environment, a vetoing
 * {@code before-cut-over} that leaves the run resumable, the once-per-run events not fired again on resume,
 * and a broken plugins folder refused at start-up.
 */
class HooksIT {
    private static final List<String> ONCE = List.of("startup", "validated", "before-cut-over", "success");

    private final MysqlServers servers = MysqlServers.get();

    @TempDir
    Path temp;

    private Path plugins;
    private Path hooks;
    private Path events;

    @BeforeEach
    void hooksFolder() throws IOException {
        plugins = BundledPlugins.assemble(temp.resolve("plugins"), "hooks-shell");
        hooks = Files.createDirectories(temp.resolve("hooks"));
        events = temp.resolve("events.log");
        for (HookEventType type : HookEventType.values()) {
            hook(type.eventName(), "");
        }
    }

    /** A hook that appends "{@code <event> <phase> <rows copied>}" to the events log and dumps its environment. */
    private void hook(String event, String more) throws IOException {
        Path file = hooks.resolve("tablemover-on-" + event);
        Files.writeString(file, "#!/bin/sh\n"
                + "echo \"$TABLEMOVER_EVENT $TABLEMOVER_PHASE $TABLEMOVER_ROWS_COPIED\" >> '" + events + "'\n"
                + "env > '" + temp + "/env-'\"$TABLEMOVER_EVENT\"\n"
                + more);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private List<String> firedEvents() throws IOException {
        return Files.exists(events) ? Files.readAllLines(events).stream().map(l -> l.split(" ")[0]).toList() : List.of();
    }

    private List<String> firedEventsButStatus() throws IOException {
        return firedEvents().stream().filter(e -> !e.equals("status")).toList();
    }

    /** @return the environment a hook saw at {@code event}, multi-line values joined with \n */
    private Map<String, String> env(String event) throws IOException {
        Map<String, String> env = new LinkedHashMap<>();
        String key = null;
        for (String line : Files.readAllLines(temp.resolve("env-" + event))) {
            int eq = line.indexOf('=');
            if (eq > 0 && line.substring(0, eq).matches("[A-Za-z_][A-Za-z0-9_]*")) {
                key = line.substring(0, eq);
                env.put(key, line.substring(eq + 1));
            } else if (key != null) {
                env.put(key, env.get(key) + "\n" + line);
            }
        }
        return env;
    }


    private String[] hookArgs(String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("--execute", "--hooks-path", hooks.toString(),
                "--plugins-dir", plugins.toString(), "--hooks-timeout-seconds", "10"));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    @Test
    void everyEventFiresInOrderWithTheRunInItsEnvironment() throws Exception {
        String src = servers.source().createDatabase("hooks_src");
        String tgt = servers.target().createDatabase("hooks_tgt");
        Path flag = Files.createFile(temp.resolve("postpone"));
        try (Connection c = servers.source().connect(src);
             ServerPool source = MoveHarness.pool(servers.source(), src);
             ServerPool target = MoveHarness.pool(servers.target(), tgt)) {
            exec(c, "CREATE TABLE t1 (id INT PRIMARY KEY, v VARCHAR(20))",
                    "CREATE TABLE t2 (id BIGINT PRIMARY KEY, v VARCHAR(20))",
                    "INSERT INTO t1 WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < 300)"
                            + " SELECT n, CONCAT('a', n) FROM s",
                    "INSERT INTO t2 WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < 200)"
                            + " SELECT n, CONCAT('b', n) FROM s");
            // hold the cutover until begin-postponed and then a status event have fired
            AtomicReference<Throwable> helperFailure = new AtomicReference<>();
            MoveListener listener = new MoveListener() {
                @Override
                public void phase(Phase phase) {
                    if (phase == Phase.WAIT_CUTOVER) {
                        Thread t = new Thread(() -> {
                            try {
                                long deadline = System.nanoTime() + 15_000_000_000L;
                                while (System.nanoTime() < deadline) {
                                    List<String> fired = firedEvents();
                                    int postponed = fired.indexOf("begin-postponed");
                                    if (postponed >= 0 && fired.subList(postponed, fired.size()).contains("status")) {
                                        break;
                                    }
                                    Thread.sleep(50);
                                }
                                Files.delete(flag);
                            } catch (Throwable e) {
                                helperFailure.set(e);
                            }
                        });
                        t.setDaemon(true);
                        t.start();
                    }
                }
            };
            MoveHarness.Run run = MoveHarness.move(src, tgt, "t1,t2", listener, hookArgs("--chunk-size", "100",
                    "--hooks-status-interval", "1", "--postpone-cutover-flag-file", flag.toString()));
            assertEquals(0, run.exitCode(), run.err());
            assertEquals(null, helperFailure.get());

            assertEquals(List.of("startup", "validated", "before-row-copy", "row-copy-complete", "begin-postponed",
                    "before-cut-over", "success"), firedEventsButStatus(), Files.readString(events));
            assertTrue(firedEvents().contains("status"), Files.readString(events));

            String token = RunToken.of(src, tgt, List.of("t1", "t2"));
            RunRecord stored = new RunStore(target.dsl(), tgt).find(token).orElseThrow();
            for (String event : List.of("startup", "validated", "before-row-copy", "row-copy-complete", "begin-postponed",
                    "before-cut-over", "success", "status")) {
                Map<String, String> env = env(event);
                assertEquals(event, env.get("TABLEMOVER_EVENT"));
                assertEquals(token, env.get("TABLEMOVER_RUN_TOKEN"), event);
                assertEquals(servers.source().host(), env.get("TABLEMOVER_SOURCE_HOST"), event);
                assertEquals(Integer.toString(servers.source().port()), env.get("TABLEMOVER_SOURCE_PORT"), event);
                assertEquals(src, env.get("TABLEMOVER_SOURCE_DATABASE"), event);
                assertEquals(servers.target().host(), env.get("TABLEMOVER_TARGET_HOST"), event);
                assertEquals(Integer.toString(servers.target().port()), env.get("TABLEMOVER_TARGET_PORT"), event);
                assertEquals(tgt, env.get("TABLEMOVER_TARGET_DATABASE"), event);
                assertEquals("t1,t2", env.get("TABLEMOVER_TABLES"), event);
                assertEquals("_t1_del,_t2_del", env.get("TABLEMOVER_DEL_TABLES"), event);
                // no password anywhere: no such variable, no value equal to one
                for (Map.Entry<String, String> e : env.entrySet()) {
                    assertFalse(e.getKey().contains("PASSWORD") || e.getKey().equals("MYSQL_PWD"), event + ": " + e.getKey());
                    for (String password : List.of(servers.source().password(), servers.target().password())) {
                        assertFalse(!password.isEmpty() && e.getValue().equals(password), event + ": " + e.getKey());
                    }
                }
            }
            assertEquals("validate", env("startup").get("TABLEMOVER_PHASE"));
            assertEquals("copy", env("before-row-copy").get("TABLEMOVER_PHASE"));
            assertEquals("0", env("before-row-copy").get("TABLEMOVER_ROWS_COPIED"));
            assertEquals("500", env("row-copy-complete").get("TABLEMOVER_ROWS_COPIED"));
            assertEquals("100.0", env("row-copy-complete").get("TABLEMOVER_PROGRESS_PCT"));
            assertEquals("wait_cutover", env("before-cut-over").get("TABLEMOVER_PHASE"));
            assertEquals("", env("before-cut-over").get("TABLEMOVER_DRAIN_GTID_SET"));
            // the verify phase's outcome reaches every later event; none before it
            assertEquals("", env("row-copy-complete").get("TABLEMOVER_LAST_VERIFY_AT"));
            assertEquals("500", env("before-cut-over").get("TABLEMOVER_LAST_VERIFY_ROWS_COMPARED"));
            assertEquals("0", env("before-cut-over").get("TABLEMOVER_LAST_VERIFY_DIFFERENCES"));
            assertEquals("0", env("before-cut-over").get("TABLEMOVER_LAST_VERIFY_LONGEST_SOURCE_LOCK_MILLIS"));
            assertFalse(env("before-cut-over").get("TABLEMOVER_LAST_VERIFY_AT").isEmpty());
            Map<String, String> success = env("success");
            assertEquals("done", success.get("TABLEMOVER_PHASE"));
            assertEquals("500", success.get("TABLEMOVER_ROWS_COPIED"));
            assertFalse(success.get("TABLEMOVER_DRAIN_GTID_SET").isBlank());
            assertEquals(stored.drainGtid().orElseThrow(), success.get("TABLEMOVER_DRAIN_GTID_SET"));
            assertEquals(ONCE, new RunStore(target.dsl(), tgt).hooksFired(token));

            for (String t : List.of("t1", "t2")) {
                TableSchema del = new SchemaReader(source.dsl()).read(src, "_" + t + "_del");
                assertTrue(RowComparer.compare(source, src, "_" + t + "_del", target, tgt, t, del).identical(), t);
            }
        }
    }

    @Test
    void thePeriodicReVerifyWhilePostponedFiresAStatusEventNamingItsRepair() throws Exception {
        String src = servers.source().createDatabase("hooks_reverify_src");
        String tgt = servers.target().createDatabase("hooks_reverify_tgt");
        Path flag = Files.createFile(temp.resolve("postpone"));
        Path verified = temp.resolve("verified.log");
        hook("status", "echo \"$TABLEMOVER_LAST_VERIFY_DIFFERENCES|$TABLEMOVER_LAST_VERIFY_KEYS_REPAIRED"
                + "|$TABLEMOVER_LAST_VERIFY_PERSISTENT|$TABLEMOVER_LAST_VERIFY_KEYS\" >> '" + verified + "'\n");
        try (Connection c = servers.source().connect(src);
             ServerPool source = MoveHarness.pool(servers.source(), src);
             ServerPool target = MoveHarness.pool(servers.target(), tgt)) {
            exec(c, "CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(20))",
                    "INSERT INTO t WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < 1000)"
                            + " SELECT n, CONCAT('a', n) FROM s");
            // at the cutover wait: a row vanishes from the target behind the run's back; once a status event
            // (the status interval is an hour: only the one fired after a re-verify) names its repair, cut over
            AtomicReference<Throwable> helperFailure = new AtomicReference<>();
            MoveListener listener = new MoveListener() {
                @Override
                public void phase(Phase phase) {
                    if (phase == Phase.WAIT_CUTOVER) {
                        Thread t = new Thread(() -> {
                            try (Connection tc = servers.target().connect(tgt)) {
                                exec(tc, "DELETE FROM t WHERE id = 777");
                                long deadline = System.nanoTime() + 30_000_000_000L;
                                while (System.nanoTime() < deadline && !(Files.exists(verified)
                                        && Files.readAllLines(verified).contains("1|1|0|t 777"))) {
                                    Thread.sleep(50);
                                }
                                Files.delete(flag);
                            } catch (Throwable e) {
                                helperFailure.set(e);
                            }
                        });
                        t.setDaemon(true);
                        t.start();
                    }
                }
            };
            MoveHarness.Run run = MoveHarness.move(src, tgt, "t", listener, hookArgs("--hooks-status-interval", "3600",
                    "--reverify-interval-seconds", "1", "--postpone-cutover-flag-file", flag.toString()));
            assertEquals(0, run.exitCode(), run.err());
            assertEquals(null, helperFailure.get());
            assertTrue(Files.readAllLines(verified).contains("1|1|0|t 777"), Files.readString(verified));
            TableSchema del = new SchemaReader(source.dsl()).read(src, "_t_del");
            assertTrue(RowComparer.compare(source, src, "_t_del", target, tgt, "t", del).identical());
        }
    }

    @Test
    void aDifferenceThatPersistsReachesTheFailureEvent() throws Exception {
        String src = servers.source().createDatabase("hooks_persist_src");
        String tgt = servers.target().createDatabase("hooks_persist_tgt");
        try (Connection c = servers.source().connect(src)) {
            exec(c, "CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(20))",
                    "INSERT INTO t WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < 1000)"
                            + " SELECT n, CONCAT('a', n) FROM s");
        }
        // when the verify phase starts, a target trigger changes every row written and a row goes missing: its
        // repair cannot make it equal
        AtomicReference<Throwable> helperFailure = new AtomicReference<>();
        MoveListener tamper = new MoveListener() {
            @Override
            public void phase(Phase phase) {
                if (phase == Phase.VERIFY) {
                    try (Connection t = servers.target().connect(tgt)) {
                        exec(t, "CREATE TRIGGER tamper BEFORE INSERT ON t FOR EACH ROW SET NEW.v = 'tampered'",
                                "DELETE FROM t WHERE id = 7");
                    } catch (Throwable e) {
                        helperFailure.set(e);
                    }
                }
            }
        };
        MoveHarness.Run run = MoveHarness.move(src, tgt, "t", tamper, hookArgs());
        assertEquals(null, helperFailure.get());
        assertEquals(ExitCode.RUNTIME_FAILURE.code(), run.exitCode(), run.err());
        Map<String, String> failure = env("failure");
        assertEquals("1", failure.get("TABLEMOVER_LAST_VERIFY_DIFFERENCES"), failure.toString());
        assertEquals("1", failure.get("TABLEMOVER_LAST_VERIFY_KEYS_REPAIRED"));
        assertEquals("1", failure.get("TABLEMOVER_LAST_VERIFY_PERSISTENT"));
        assertEquals("t 7", failure.get("TABLEMOVER_LAST_VERIFY_KEYS"));
    }

    @Test
    void aVetoAtBeforeCutOverLeavesTheRunResumableAndOnceEventsDoNotFireAgain() throws Exception {
        String src = servers.source().createDatabase("hooks_veto_src");
        String tgt = servers.target().createDatabase("hooks_veto_tgt");
        hook("before-cut-over", "echo 'no cutover now'\nexit 1\n");
        try (Connection c = servers.source().connect(src);
             ServerPool source = MoveHarness.pool(servers.source(), src);
             ServerPool target = MoveHarness.pool(servers.target(), tgt)) {
            exec(c, "CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(20))",
                    "INSERT INTO t WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < 100)"
                            + " SELECT n, CONCAT('v', n) FROM s");
            MoveHarness.Run vetoed = MoveHarness.move(src, tgt, "t", MoveListener.NONE, hookArgs());
            assertEquals(ExitCode.RUNTIME_FAILURE.code(), vetoed.exitCode(), vetoed.err());
            assertTrue(vetoed.err().contains("the cutover was vetoed by a before-cut-over hook"), vetoed.err());
            assertTrue(vetoed.err().contains("no cutover now"), vetoed.err());
            assertTrue(vetoed.err().contains("The source tables are untouched"), vetoed.err());
            assertEquals(List.of("startup", "validated", "before-row-copy", "row-copy-complete", "before-cut-over", "failure"),
                    firedEventsButStatus());

            SchemaReader reader = new SchemaReader(source.dsl());
            assertEquals(1, reader.tableTypes(src, List.of("t")).size(), "t is not renamed");
            assertTrue(reader.tableTypes(src, List.of("_t_del")).isEmpty(), "no _t_del");
            String token = RunToken.of(src, tgt, List.of("t"));
            RunStore store = new RunStore(target.dsl(), tgt);
            RunRecord stored = store.find(token).orElseThrow();
            assertEquals(Phase.WAIT_CUTOVER, stored.phase(), "not the cutover intent");
            assertTrue(stored.lastError().orElse("").contains("vetoed"), stored.lastError().toString());
            assertEquals(List.of("startup", "validated"), store.hooksFired(token));
            assertTrue(store.journal(token).stream().anyMatch(l -> l.contains("hook failed at before-cut-over (vetoes)")),
                    store.journal(token).toString());

            // the operator lifts the veto: the resumed run cuts over, without startup and validated again
            hook("before-cut-over", "");
            Files.delete(events);
            MoveHarness.Run resumed = MoveHarness.move(src, tgt, "t", MoveListener.NONE, hookArgs());
            assertEquals(0, resumed.exitCode(), resumed.err());
            assertTrue(resumed.out().contains("resuming run " + token + ": phase WAIT_CUTOVER"), resumed.out());
            assertEquals(List.of("before-cut-over", "success"), firedEventsButStatus());
            assertEquals(ONCE, store.hooksFired(token));
            assertTrue(reader.tableTypes(src, List.of("t")).isEmpty(), "t is renamed now");
            TableSchema del = reader.read(src, "_t_del");
            assertTrue(RowComparer.compare(source, src, "_t_del", target, tgt, "t", del).identical());
        }
    }

    @Test
    void aBrokenPluginsFolderFailsStartupBeforeAnyServerIsTouched() throws Exception {
        String src = servers.source().createDatabase("hooks_broken_src");
        String tgt = servers.target().createDatabase("hooks_broken_tgt");
        try (Connection c = servers.source().connect(src); ServerPool target = MoveHarness.pool(servers.target(), tgt)) {
            exec(c, "CREATE TABLE t (id INT PRIMARY KEY)", "INSERT INTO t VALUES (1)");
            Path broken = Files.createDirectories(temp.resolve("broken"));
            Files.write(broken.resolve("stray.jar"), new byte[] {1, 2, 3});
            MoveHarness.Run run = MoveHarness.move(src, tgt, "t", MoveListener.NONE, "--execute",
                    "--hooks-path", hooks.toString(), "--plugins-dir", broken.toString());
            assertEquals(ExitCode.INVALID_INPUT.code(), run.exitCode(), run.err());
            assertEquals("error: plugins folder " + broken + ": stray.jar must be in a folder of its own, e.g. "
                    + broken.resolve("stray").resolve("stray.jar"), run.err().strip());

            MoveHarness.Run missing = MoveHarness.move(src, tgt, "t", MoveListener.NONE, "--execute",
                    "--throttle-http", "http://127.0.0.1:9/check", "--plugins-dir", temp.resolve("nope").toString());
            assertEquals(ExitCode.INVALID_INPUT.code(), missing.exitCode(), missing.err());
            assertTrue(missing.err().contains("plugins folder " + temp.resolve("nope") + " does not exist"), missing.err());

            MoveHarness.Run noHooksFolder = MoveHarness.move(src, tgt, "t", MoveListener.NONE, "--execute",
                    "--hooks-path", temp.resolve("no-hooks").toString(), "--plugins-dir", plugins.toString());
            assertEquals(ExitCode.INVALID_INPUT.code(), noHooksFolder.exitCode(), noHooksFolder.err());
            assertTrue(noHooksFolder.err().contains("hooks-path '" + temp.resolve("no-hooks") + "' is not a folder"),
                    noHooksFolder.err());

            assertTrue(new SchemaReader(target.dsl()).tableTypes(tgt, List.of("t", "_tablemover_runs")).isEmpty(),
                    "nothing created on the target");
            assertFalse(Files.exists(events), "no hook ran");
        }
    }
}
