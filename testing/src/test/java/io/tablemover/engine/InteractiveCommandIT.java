package io.tablemover.engine;

import static io.tablemover.testing.TestData.exec;
import static io.tablemover.testing.TestData.seed;
import static io.tablemover.testing.TestData.rowsCopied;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tablemover.engine.error.ExitCode;
import io.tablemover.engine.mysql.ServerPool;
import io.tablemover.engine.step.MoveListener;
import io.tablemover.engine.sql.SchemaReader;
import io.tablemover.engine.schema.TableSchema;
import io.tablemover.engine.state.RunToken;
import io.tablemover.testing.BundledPlugins;
import io.tablemover.testing.MoveHarness;
import io.tablemover.testing.MysqlServers;
import io.tablemover.testing.RowComparer;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The interactive commands of a real move over its unix socket ({@code --serve-socket-file}): {@code status},
 * {@code throttle} / {@code no-throttle} pausing and resuming the copy, {@code chunk-size=N}, the
 * {@code interactive-command} hook event, and {@code panic} failing the run before its RENAME so that the same
 * command resumes it.
 */
class InteractiveCommandIT {
    private static final int ROWS = 20_000;

    private final MysqlServers servers = MysqlServers.get();

    @TempDir
    Path temp;

    private Path plugins;
    private Path hooks;
    private Path commandsLog;
    private Path socket;

    @BeforeEach
    void hooksFolder() throws IOException {
        plugins = BundledPlugins.assemble(temp.resolve("plugins"), "hooks-shell");
        hooks = Files.createDirectories(temp.resolve("hooks"));
        commandsLog = temp.resolve("commands.log");
        socket = temp.resolve("tm.sock");
        Path hook = hooks.resolve("tablemover-on-interactive-command");
        Files.writeString(hook, "#!/bin/sh\n"
                + "echo \"$TABLEMOVER_EVENT|$TABLEMOVER_COMMAND|$TABLEMOVER_PHASE\" >> '" + commandsLog + "'\n");
        Files.setPosixFilePermissions(hook, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** {@code echo LINE | nc -U SOCKET}: one command per connection, the whole reply. */
    private String send(String line) throws IOException {
        try (SocketChannel c = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            c.write(ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8)));
            ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
            while (c.read(buffer) >= 0) {
                // until the server closes the connection
            }
            return new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8).strip();
        }
    }




    private static void await(String what, CompletableFuture<?> run, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "not within 15 s: " + what);
            assertFalse(run.isDone(), "the move ended before " + what + ": " + run.getNow(null));
            Thread.sleep(25);
        }
    }

    private static List<String> statusLines(Path log) {
        try {
            return Files.exists(log) ? Files.readAllLines(log) : List.of();
        } catch (IOException e) {
            return List.of();
        }
    }

    private String sup() {
        try {
            return send("sup");
        } catch (IOException e) {
            return "";
        }
    }

    private String[] args(String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("--execute", "--serve-socket-file", socket.toString(),
                "--hooks-path", hooks.toString(), "--plugins-dir", plugins.toString(), "--hooks-timeout-seconds", "10"));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    @Test
    void statusThrottleAndChunkSizeSteerARunningMoveAndFireTheHook() throws Exception {
        String src = servers.source().createDatabase("command_src");
        String tgt = servers.target().createDatabase("command_tgt");
        try (Connection c = servers.source().connect(src);
             ServerPool source = MoveHarness.pool(servers.source(), src);
             ServerPool target = MoveHarness.pool(servers.target(), tgt)) {
            seed(c, ROWS);
            String token = RunToken.of(src, tgt, List.of("t"));
            CompletableFuture<MoveHarness.Run> run = CompletableFuture.supplyAsync(() -> MoveHarness.move(src, tgt, "t",
                    MoveListener.NONE, args("--chunk-size", "1000", "--copy-threads", "2")));

            // the socket is served from start-up: throttle before the copy starts
            await("the socket file", run, () -> Files.exists(socket));
            assertTrue(send("throttle").startsWith("throttled by user command"));
            await("the copy phase", run, () -> sup().startsWith("copy "));
            Thread.sleep(300);
            assertEquals(0, rowsCopied(target, tgt, token), "nothing copied while throttled by user command");
            String status = send("status");
            assertTrue(status.startsWith("copy 0% | t 0/"), status);
            assertTrue(status.contains("rows/s | binlog lag"), status);
            assertTrue(status.contains("| throttled by user command: send no-throttle to resume"), status);
            assertTrue(send("help").contains("no-throttle"));
            assertTrue(send("frobnicate").startsWith("error: unknown command 'frobnicate'; commands: help, status, sup,"));

            // small chunks make the copy slow enough to throttle it mid-way
            assertEquals("chunk-size changed from 1000 to 10 rows (from the next chunk on)", send("chunk-size=10"));
            assertEquals("chunk-size=10", send("chunk-size=?"));
            assertTrue(send("no-throttle").startsWith("no longer throttled by user command"));
            await("rows copied", run, () -> rowsCopied(target, tgt, token) > 0);
            send("throttle");
            Thread.sleep(400); // the gate's next check (100 ms), the chunks in flight
            long before = rowsCopied(target, tgt, token);
            Thread.sleep(1_500);
            long after = rowsCopied(target, tgt, token);
            assertEquals(before, after, "rows copied while throttled by user command");
            assertTrue(after > 0 && after < ROWS, "throttled mid-copy: " + after);
            assertTrue(send("status").contains("throttled by user command"));

            send("chunk-size=5000");
            send("no-throttle");
            MoveHarness.Run done = run.get(30, TimeUnit.SECONDS);
            assertEquals(0, done.exitCode(), done.err());
            assertFalse(Files.exists(socket), "the socket file is removed on exit");
            TableSchema del = new SchemaReader(source.dsl()).read(src, "_t_del");
            RowComparer.Comparison cmp = RowComparer.compare(source, src, "_t_del", target, tgt, "t", del);
            assertEquals(ROWS, cmp.leftRows());
            assertTrue(cmp.identical(), cmp.differences() + " rows differ, e.g. " + cmp.examples());

            // every command received once the run owned its hooks fired interactive-command, in order
            List<String> fired = Files.readAllLines(commandsLog);
            int from = fired.indexOf("interactive-command|status|copy");
            assertTrue(from >= 0, fired.toString());
            assertEquals(List.of("interactive-command|status|copy", "interactive-command|help|copy",
                    "interactive-command|frobnicate|copy", "interactive-command|chunk-size=10|copy",
                    "interactive-command|chunk-size=?|copy", "interactive-command|no-throttle|copy",
                    "interactive-command|throttle|copy", "interactive-command|status|copy",
                    "interactive-command|chunk-size=5000|copy", "interactive-command|no-throttle|copy"),
                    fired.subList(from, fired.size()).stream().filter(l -> !l.contains("|sup|")).toList());
        }
    }

    @Test
    void panicFailsTheRunBeforeTheRenameAndTheSameCommandResumesIt() throws Exception {
        String src = servers.source().createDatabase("command_panic_src");
        String tgt = servers.target().createDatabase("command_panic_tgt");
        Path postpone = Files.createFile(temp.resolve("postpone"));
        try (Connection c = servers.source().connect(src);
             ServerPool source = MoveHarness.pool(servers.source(), src);
             ServerPool target = MoveHarness.pool(servers.target(), tgt)) {
            seed(c, 2_000);
            CompletableFuture<MoveHarness.Run> run = CompletableFuture.supplyAsync(() -> MoveHarness.move(src, tgt, "t",
                    MoveListener.NONE, args("--chunk-size", "500", "--postpone-cutover-flag-file", postpone.toString())));
            await("the cutover wait", run, () -> sup().startsWith("wait_cutover 100% | 2000/"));
            assertTrue(send("status").contains("cutover postponed by " + postpone), send("status"));

            // a second move serving the same socket is refused before it contacts any server
            MoveHarness.Run second = MoveHarness.move(src, tgt, "t", MoveListener.NONE, "--execute",
                    "--serve-socket-file", socket.toString());
            assertEquals(ExitCode.INVALID_INPUT.code(), second.exitCode(), second.err());
            assertEquals("error: --serve-socket-file " + socket + ": another process serves commands on this socket"
                    + " (a running tablemover?); stop it, or choose another path", second.err().strip());

            assertTrue(send("panic").startsWith("panic: the run stops before the RENAME"));
            MoveHarness.Run panicked = run.get(30, TimeUnit.SECONDS);
            assertEquals(ExitCode.RUNTIME_FAILURE.code(), panicked.exitCode(), panicked.err());
            assertEquals("move failed: aborted by the panic command at phase wait_cutover; the source tables are"
                    + " untouched; run the same command again to resume, or 'tablemover cancel' with the same options"
                    + " and --execute to drop what was copied", panicked.err().strip());
            assertFalse(Files.exists(socket), "the socket file is removed on exit");
            SchemaReader reader = new SchemaReader(source.dsl());
            assertEquals(1, reader.tableTypes(src, List.of("t")).size(), "t is not renamed");
            assertTrue(reader.tableTypes(src, List.of("_t_del")).isEmpty(), "no _t_del");
            assertTrue(Files.readAllLines(commandsLog).contains("interactive-command|panic|wait_cutover"),
                    Files.readString(commandsLog));

            // the same command resumes; unpostpone lets it cut over
            CompletableFuture<MoveHarness.Run> resumed = CompletableFuture.supplyAsync(() -> MoveHarness.move(src, tgt, "t",
                    MoveListener.NONE, args("--chunk-size", "500", "--postpone-cutover-flag-file", postpone.toString())));
            await("the resumed cutover wait", resumed, () -> sup().startsWith("wait_cutover"));
            assertTrue(send("unpostpone").startsWith("unpostponed: removed " + postpone));
            MoveHarness.Run done = resumed.get(30, TimeUnit.SECONDS);
            assertEquals(0, done.exitCode(), done.err());
            assertTrue(done.out().contains("resuming run"), done.out());
            assertFalse(Files.exists(postpone));
            assertTrue(reader.tableTypes(src, List.of("t")).isEmpty(), "t is renamed now");
            TableSchema del = reader.read(src, "_t_del");
            RowComparer.Comparison cmp = RowComparer.compare(source, src, "_t_del", target, tgt, "t", del);
            assertEquals(2_000, cmp.leftRows());
            assertTrue(cmp.identical(), cmp.differences() + " rows differ, e.g. " + cmp.examples());
        }
    }

    @Test
    void verifyWhilePostponedFindsRepairsAndReportsWhatChangedBehindTheRunsBack() throws Exception {
        String src = servers.source().createDatabase("command_reverify_src");
        String tgt = servers.target().createDatabase("command_reverify_tgt");
        Path postpone = Files.createFile(temp.resolve("postpone"));
        // the status hook event carries the last verification (RunProgress.lastVerify) to the shell hook
        Path statusLog = temp.resolve("status.log");
        Path statusHook = hooks.resolve("tablemover-on-status");
        Files.writeString(statusHook, "#!/bin/sh\n"
                + "printf '%s|%s|%s|%s|%s|%s|%s\\n' \"$TABLEMOVER_LAST_VERIFY_AT\" \"$TABLEMOVER_LAST_VERIFY_ROWS_COMPARED\""
                + " \"$TABLEMOVER_LAST_VERIFY_DIFFERENCES\" \"$TABLEMOVER_LAST_VERIFY_KEYS_REPAIRED\""
                + " \"$TABLEMOVER_LAST_VERIFY_PERSISTENT\" \"$TABLEMOVER_LAST_VERIFY_LONGEST_SOURCE_LOCK_MILLIS\""
                + " \"$TABLEMOVER_LAST_VERIFY_KEYS\" >> '" + statusLog + "'\n");
        Files.setPosixFilePermissions(statusHook, PosixFilePermissions.fromString("rwxr-xr-x"));
        long started = System.nanoTime();
        try (Connection c = servers.source().connect(src);
             ServerPool source = MoveHarness.pool(servers.source(), src);
             ServerPool target = MoveHarness.pool(servers.target(), tgt)) {
            seed(c, 2_000);
            CompletableFuture<MoveHarness.Run> run = CompletableFuture.supplyAsync(() -> MoveHarness.move(src, tgt, "t",
                    MoveListener.NONE, args("--postpone-cutover-flag-file", postpone.toString(),
                            "--reverify-interval-seconds", "0")));
            await("the cutover wait", run, () -> sup().startsWith("wait_cutover 100% | 2000/"));
            try (Connection t = servers.target().connect(tgt)) {
                exec(t, "DELETE FROM t WHERE id = 5", "UPDATE t SET v = 'corrupt' WHERE id = 1500",
                        "INSERT INTO t VALUES (9999, 'extra')");
            }
            assertTrue(send("verify").startsWith("verify requested"), "verify reply");
            await("the re-verify result", run, () -> sup().contains("re-verify at "));
            assertTrue(sup().contains(": 2000 rows compared in "), sup());
            assertTrue(sup().contains(", 3 keys repaired (t 5, t 1500, t 9999), longest source lock "), sup());
            // a status event fired right after the re-verify names what it found and repaired
            await("the status event of the re-verify", run, () -> statusLines(statusLog).stream()
                    .anyMatch(l -> l.contains("|2000|3|3|0|")));
            String event = statusLines(statusLog).stream().filter(l -> l.contains("|2000|3|3|0|")).findFirst().get();
            String[] f = event.split("\\|", -1);
            assertTrue(java.time.Instant.parse(f[0]).isAfter(java.time.Instant.now().minusSeconds(120)), event);
            long lockMs = Long.parseLong(f[5]);
            assertTrue(lockMs >= 0 && lockMs < (System.nanoTime() - started) / 1_000_000, event);
            assertEquals("t 5; t 1500; t 9999", f[6], event);
            String token = RunToken.of(src, tgt, List.of("t"));
            assertTrue(new io.tablemover.engine.state.RunStore(target.dsl(), tgt).journal(token).stream()
                    .anyMatch(l -> l.contains("re-verify at ") && l.contains("3 keys repaired")), "journal");
            assertTrue(send("unpostpone").startsWith("unpostponed"));
            MoveHarness.Run done = run.get(60, TimeUnit.SECONDS);
            assertEquals(0, done.exitCode(), done.err());
            TableSchema del = new SchemaReader(source.dsl()).read(src, "_t_del");
            RowComparer.Comparison cmp = RowComparer.compare(source, src, "_t_del", target, tgt, "t", del);
            assertTrue(cmp.identical(), cmp.differences() + " rows differ, e.g. " + cmp.examples());
        }
    }

    @Test
    void badCommandChannelOptionsAreInvalidInput() throws Exception {
        MoveHarness.Run port = MoveHarness.move("nosuch_src", "nosuch_tgt", "t", MoveListener.NONE, "--execute",
                "--serve-tcp-port", "70000");
        assertEquals(ExitCode.INVALID_INPUT.code(), port.exitCode(), port.err());
        assertEquals("error: --serve-tcp-port must be between 1 and 65535, got 70000", port.err().strip());

        Path missing = temp.resolve("no-such-folder").resolve("tm.sock");
        MoveHarness.Run folder = MoveHarness.move("nosuch_src", "nosuch_tgt", "t", MoveListener.NONE, "--execute",
                "--serve-socket-file", missing.toString());
        assertEquals(ExitCode.INVALID_INPUT.code(), folder.exitCode(), folder.err());
        assertEquals("error: --serve-socket-file " + missing + ": cannot create the socket: the folder " + missing.getParent()
                + " does not exist; choose another path (unix socket paths are limited to about 100 bytes), e.g."
                + " /tmp/tablemover.sock", folder.err().strip());
    }
}
