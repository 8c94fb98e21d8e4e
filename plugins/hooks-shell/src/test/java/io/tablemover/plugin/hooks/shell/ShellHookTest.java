package io.tablemover.plugin.hooks.shell;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tablemover.spi.PluginContext;
import io.tablemover.spi.PluginLog;
import io.tablemover.spi.hook.DatabaseEndpoint;
import io.tablemover.spi.hook.Hook;
import io.tablemover.spi.hook.HookEvent;
import io.tablemover.spi.hook.HookEventType;
import io.tablemover.spi.hook.HookException;
import io.tablemover.spi.hook.RunInfo;
import io.tablemover.spi.hook.RunProgress;
import io.tablemover.spi.hook.VerifyResult;
import io.tablemover.spi.hook.TargetShard;
import io.tablemover.spi.sharding.KeyRange;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShellHookTest {
    private static final RunInfo RUN = new RunInfo("run-42", new DatabaseEndpoint("src.example", 3306, "app"),
            new DatabaseEndpoint("dst.example", 3307, "app_new"), List.of("t1", "t2"), List.of("_t1_del", "_t2_del"),
            "copy", new RunProgress(1500, 3000, 50.0, 12, OptionalLong.of(12), OptionalLong.of(250)),
            Optional.empty());

    @TempDir
    Path dir;

    private final List<String> info = new CopyOnWriteArrayList<>();
    private final List<String> warnings = new CopyOnWriteArrayList<>();
    private final PluginLog log = new PluginLog() {
        @Override
        public void info(String message) {
            info.add(message);
        }

        @Override
        public void warn(String message) {
            warnings.add(message);
        }
    };

    private Path script(String name, String body) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        return p;
    }

    private Hook hook(long timeoutSeconds) {
        return new ShellHookFactory().create(Map.of("hooks-path", dir.toString(), "timeout-seconds",
                Long.toString(timeoutSeconds)), new PluginContext("hooks-shell", dir, log));
    }

    @Test
    void runsTheEventsExecutablesInNameOrderAndNoOthers() throws Exception {
        Path out = dir.resolve("out.txt");
        for (String name : List.of("tablemover-on-startup-20-b", "tablemover-on-startup", "tablemover-on-startup-10-a",
                "tablemover-on-status", "tablemover-on-success")) {
            script(name, "echo " + name + " >> '" + out + "'");
        }
        Files.createDirectory(dir.resolve("tablemover-on-startup-dir"));
        hook(10).handle(HookEvent.of(HookEventType.STARTUP, RUN));
        assertEquals(List.of("tablemover-on-startup", "tablemover-on-startup-10-a", "tablemover-on-startup-20-b"),
                Files.readAllLines(out));
    }

    @Test
    void passesEveryVariableAndNoPassword() throws Exception {
        Path out = dir.resolve("env.txt");
        script("tablemover-on-success", "env > '" + out + "'");
        Map<String, String> base = new HashMap<>(System.getenv());
        base.put("TABLEMOVER_SOURCE_PASSWORD", "s3cret");
        base.put("TABLEMOVER_TARGET_PASSWORD", "s3cret");
        base.put("MYSQL_PWD", "s3cret");
        base.put("TABLEMOVER_STALE", "x");
        Hook hook = new ShellHook(dir, Duration.ofSeconds(10), log, base);

        hook.handle(HookEvent.of(HookEventType.SUCCESS, RUN.withPhase("done").withDrainGtidSet("uuid-1:1-77")
                .withTargets(List.of(new TargetShard(RUN.target(), KeyRange.parse("-80")),
                        new TargetShard(new DatabaseEndpoint("dst2.example", 3308, "app_new"), KeyRange.parse("80-"))))));

        Map<String, String> env = Files.readAllLines(out).stream().filter(l -> l.contains("="))
                .collect(Collectors.toMap(l -> l.substring(0, l.indexOf('=')), l -> l.substring(l.indexOf('=') + 1),
                        (a, b) -> b));
        Map<String, String> expected = new HashMap<>();
        expected.put("TABLEMOVER_EVENT", "success");
        expected.put("TABLEMOVER_RUN_TOKEN", "run-42");
        expected.put("TABLEMOVER_SOURCE_HOST", "src.example");
        expected.put("TABLEMOVER_SOURCE_PORT", "3306");
        expected.put("TABLEMOVER_SOURCE_DATABASE", "app");
        expected.put("TABLEMOVER_TARGET_HOST", "dst.example");
        expected.put("TABLEMOVER_TARGET_PORT", "3307");
        expected.put("TABLEMOVER_TARGET_DATABASE", "app_new");
        expected.put("TABLEMOVER_TARGETS", "dst.example:3307/app_new@-80,dst2.example:3308/app_new@80-");
        expected.put("TABLEMOVER_TABLES", "t1,t2");
        expected.put("TABLEMOVER_DEL_TABLES", "_t1_del,_t2_del");
        expected.put("TABLEMOVER_PHASE", "done");
        expected.put("TABLEMOVER_ROWS_COPIED", "1500");
        expected.put("TABLEMOVER_ROWS_ESTIMATED", "3000");
        expected.put("TABLEMOVER_PROGRESS_PCT", "50.0");
        expected.put("TABLEMOVER_ELAPSED_SECONDS", "12");
        expected.put("TABLEMOVER_ETA_SECONDS", "12");
        expected.put("TABLEMOVER_BINLOG_LAG_MILLIS", "250");
        expected.put("TABLEMOVER_DRAIN_GTID_SET", "uuid-1:1-77");
        expected.put("TABLEMOVER_COMMAND", "");
        for (String v : List.of("AT", "ROWS_COMPARED", "DIFFERENCES", "KEYS_REPAIRED", "PERSISTENT",
                "LONGEST_SOURCE_LOCK_MILLIS", "KEYS")) {
            expected.put("TABLEMOVER_LAST_VERIFY_" + v, ""); // no verification yet
        }
        Map<String, String> actual = new HashMap<>(env);
        actual.keySet().removeIf(k -> !k.startsWith("TABLEMOVER_"));
        assertEquals(expected, actual);
        assertFalse(env.containsKey("MYSQL_PWD"));
        assertTrue(env.containsKey("PATH"), "the rest of the environment is inherited");
        assertFalse(Files.readString(out).contains("s3cret"));
    }

    @Test
    void unknownValuesAreEmptyAndTheCommandIsPassed() throws Exception {
        Path out = dir.resolve("cmd.txt");
        script("tablemover-on-interactive-command",
                "printf '%s|%s|%s\\n' \"$TABLEMOVER_COMMAND\" \"$TABLEMOVER_ETA_SECONDS\" \"$TABLEMOVER_BINLOG_LAG_MILLIS\" > '"
                        + out + "'");
        hook(10).handle(HookEvent.interactiveCommand(RUN.withProgress(RunProgress.NONE), "throttle now"));
        assertEquals("throttle now||", Files.readString(out).strip());
    }

    @Test
    void theLastVerificationIsPassed() throws Exception {
        Path out = dir.resolve("verify.txt");
        script("tablemover-on-status", "printf '%s|%s|%s|%s|%s|%s|%s\\n' \"$TABLEMOVER_LAST_VERIFY_AT\""
                + " \"$TABLEMOVER_LAST_VERIFY_ROWS_COMPARED\" \"$TABLEMOVER_LAST_VERIFY_DIFFERENCES\""
                + " \"$TABLEMOVER_LAST_VERIFY_KEYS_REPAIRED\" \"$TABLEMOVER_LAST_VERIFY_PERSISTENT\""
                + " \"$TABLEMOVER_LAST_VERIFY_LONGEST_SOURCE_LOCK_MILLIS\" \"$TABLEMOVER_LAST_VERIFY_KEYS\" > '" + out + "'");
        RunProgress p = RUN.progress().withLastVerify(new VerifyResult(java.time.Instant.parse("2026-11-29T13:44:31.250Z"),
                2000, 3, 3, 0, 4, List.of("t 5", "t 1500", "t 9999")));
        hook(10).handle(HookEvent.of(HookEventType.STATUS, RUN.withProgress(p)));
        assertEquals("2026-11-29T13:44:31Z|2000|3|3|0|4|t 5; t 1500; t 9999", Files.readString(out).strip());
    }

    @Test
    void anUnshardedRunBuiltWithTheSpi11ConstructorHasItsOneTargetWithTheWholeRange() throws Exception {
        Path out = dir.resolve("targets.txt");
        script("tablemover-on-status", "printf '%s\\n' \"$TABLEMOVER_TARGETS\" > '" + out + "'");
        hook(10).handle(HookEvent.of(HookEventType.STATUS, RUN));
        assertEquals("dst.example:3307/app_new@-", Files.readString(out).strip());
    }

    @Test
    void nonZeroExitAtBeforeCutOverIsAVetoAndStopsTheRest() throws Exception {
        Path out = dir.resolve("ran.txt");
        script("tablemover-on-before-cut-over-1", "echo 'replica lag too high' >&2; exit 3");
        script("tablemover-on-before-cut-over-2", "echo ran > '" + out + "'");

        HookException e = assertThrows(HookException.class,
                () -> hook(10).handle(HookEvent.of(HookEventType.BEFORE_CUT_OVER, RUN)));

        assertTrue(e.veto());
        assertTrue(e.getMessage().startsWith("hook tablemover-on-before-cut-over-1 exited with code 3 after "),
                e.getMessage());
        assertTrue(e.getMessage().endsWith("; last output: replica lag too high"), e.getMessage());
        assertFalse(Files.exists(out), "the second before-cut-over hook must not run");
        assertTrue(info.contains("tablemover-on-before-cut-over-1: replica lag too high"), info.toString());
    }

    @Test
    void failuresAtOtherEventsAreNoVetoAndTheRestStillRuns() throws Exception {
        Path out = dir.resolve("ran.txt");
        script("tablemover-on-failure-1-page", "exit 1");
        script("tablemover-on-failure-2-cleanup", "echo ran > '" + out + "'");
        script("tablemover-on-failure-3-more", "exit 2");

        HookException e = assertThrows(HookException.class,
                () -> hook(10).handle(HookEvent.of(HookEventType.FAILURE, RUN)));

        assertFalse(e.veto());
        assertTrue(Files.exists(out));
        assertTrue(e.getMessage().startsWith("2 hooks failed at failure: hook tablemover-on-failure-1-page exited"
                + " with code 1"), e.getMessage());
        assertEquals(2, e.getSuppressed().length);
    }

    @Test
    void aHookThatRunsTooLongIsKilledWithItsChildren() throws Exception {
        Path pids = dir.resolve("pids.txt");
        script("tablemover-on-status", "sleep 60 & echo $! > '" + pids + "'; echo $$ >> '" + pids
                + "'; echo started; sleep 60");

        long start = System.nanoTime();
        HookException e = assertThrows(HookException.class,
                () -> hook(1).handle(HookEvent.of(HookEventType.STATUS, RUN)));
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertTrue(e.getMessage().startsWith("hook tablemover-on-status timed out after 1 s and was killed"),
                e.getMessage());
        assertTrue(e.getMessage().endsWith("last output: started"), e.getMessage());
        assertTrue(millis < 10_000, "took " + millis + " ms");
        for (String pid : Files.readAllLines(pids)) {
            Optional<ProcessHandle> p = ProcessHandle.of(Long.parseLong(pid.strip()));
            if (p.isPresent()) {
                assertDoesNotThrow(() -> p.get().onExit().get(5, java.util.concurrent.TimeUnit.SECONDS));
            }
        }
    }

    @Test
    void stdinIsClosed() throws Exception {
        script("tablemover-on-validated", "cat > /dev/null");
        assertDoesNotThrow(() -> hook(5).handle(HookEvent.of(HookEventType.VALIDATED, RUN)));
    }

    @Test
    void skipsNonExecutableFilesWithOneWarning() throws Exception {
        Path p = dir.resolve("tablemover-on-startup");
        Files.writeString(p, "#!/bin/sh\nexit 1\n");
        Hook hook = hook(5);
        hook.handle(HookEvent.of(HookEventType.STARTUP, RUN));
        hook.handle(HookEvent.of(HookEventType.STARTUP, RUN));
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains("not executable"), warnings.get(0));
    }

    @Test
    void noExecutablesIsFine() {
        assertDoesNotThrow(() -> hook(5).handle(HookEvent.of(HookEventType.BEFORE_CUT_OVER, RUN)));
    }

    @Test
    void refusesBadSettings() {
        PluginContext ctx = new PluginContext("hooks-shell", dir, log);
        ShellHookFactory f = new ShellHookFactory();
        assertEquals("shell hooks: hooks-path is required: the folder of the tablemover-on-<event> executables",
                assertThrows(IllegalArgumentException.class, () -> f.create(Map.of(), ctx)).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> f.create(Map.of("hooks-path", dir.resolve("missing").toString()), ctx))
                .getMessage().contains("is not a folder"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> f.create(Map.of("hooks-path", dir.toString(), "timeout-seconds", "0"), ctx))
                .getMessage().contains("timeout-seconds"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> f.create(Map.of("hooks-path", dir.toString(), "timeout", "5"), ctx))
                .getMessage().contains("unknown setting(s) [timeout]"));
    }
}
