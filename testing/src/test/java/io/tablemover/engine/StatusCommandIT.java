package io.tablemover.engine;

import static io.tablemover.testing.TestData.exec;
import static io.tablemover.testing.TestData.seed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tablemover.engine.state.RunToken;
import io.tablemover.engine.step.MoveListener;
import io.tablemover.testing.MoveHarness;
import io.tablemover.testing.MysqlServers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tablemover status --target ... --source ... --format json} and the interactive {@code status json} on a real
 * move waiting for its cutover: both documents parsed with Jackson. Writes made on the source while the apply is
 * throttled are the live lag's missing transactions; once applied, the lag is 0 and the last applied event's source
 * timestamp is recorded.
 */
class StatusCommandIT {
    private static final int ROWS = 5_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final MysqlServers servers = MysqlServers.get();

    @TempDir
    Path temp;

    @Test
    void statusShowsTheStoredRunAndItsLiveLagAsJson() throws Exception {
        String src = servers.source().createDatabase("status_src");
        String tgt = servers.target().createDatabase("status_tgt");
        Path postpone = Files.createFile(temp.resolve("postpone"));
        Path throttle = temp.resolve("throttle");
        Path socket = temp.resolve("tm.sock");
        String token = RunToken.of(src, tgt, List.of("t"));
        try (Connection c = servers.source().connect(src)) {
            seed(c, ROWS);
            CompletableFuture<MoveHarness.Run> run = CompletableFuture.supplyAsync(() -> MoveHarness.move(src, tgt, "t",
                    MoveListener.NONE, "--execute", "--postpone-cutover-flag-file", postpone.toString(),
                    "--throttle-flag-file", throttle.toString(), "--serve-socket-file", socket.toString(),
                    "--checkpoint-interval", "1"));
            JsonNode live = await("the cutover wait", run, socket, s -> s.path("phase").asText().equals("wait_cutover"));
            assertEquals(1, live.get("schemaVersion").asInt());
            assertEquals(token, live.get("run").asText());
            assertEquals(ROWS, live.get("rowsCopied").asLong());
            assertEquals(100, live.get("percent").asInt());
            JsonNode table = live.get("tables").get(0);
            assertEquals("t", table.get("table").asText());
            assertEquals(ROWS, table.get("rowsCopied").asLong());
            assertTrue(table.get("copyDone").asBoolean());
            assertEquals(ROWS, table.get("rowsVerified").asLong());
            assertTrue(live.get("etaSeconds").isNull(), live.toString());
            assertTrue(live.get("binlog").get("lagSeconds").asDouble() >= 0, live.toString());
            assertFalse(live.get("throttled").asBoolean());

            // throttled: three transactions on the source stay unapplied
            Files.createFile(throttle);
            await("the throttle", run, socket, s -> s.path("throttled").asBoolean());
            assertEquals("flag-file", send(socket, "status json").get("throttledBy").asText());
            exec(c, "INSERT INTO t VALUES (" + (ROWS + 1) + ", 'a')", "INSERT INTO t VALUES (" + (ROWS + 2) + ", 'b')",
                    "DELETE FROM t WHERE id = 1");
            Thread.sleep(1_500); // a stream checkpoint passes (every second): it must not count them as applied
            JsonNode doc = status(src, tgt);
            assertEquals(1, doc.get("schemaVersion").asInt());
            assertEquals(MoveHarness.url(servers.target(), tgt), doc.get("target").asText());
            assertEquals(1, doc.get("runs").size(), doc.toString());
            JsonNode stored = doc.get("runs").get(0);
            assertEquals(token, stored.get("run").asText());
            assertEquals("wait_cutover", stored.get("phase").asText());
            assertEquals(List.of("t"), List.of(stored.get("tables").get(0).asText()));
            assertEquals(ROWS, stored.get("copy").get(0).get("rowsCopied").asLong());
            assertTrue(stored.get("copy").get(0).get("done").asBoolean());
            assertEquals(ROWS, stored.get("verify").get(0).get("rowsCompared").asLong());
            JsonNode lag = stored.get("liveLag");
            assertTrue(lag.get("sameServer").asBoolean(), lag.toString());
            assertEquals(3, lag.get("missingTransactions").asLong(), lag.toString());
            assertFalse(lag.get("missingGtidSet").asText().isEmpty());
            assertFalse(lag.get("positionPurged").asBoolean(), lag.toString());
            assertTrue(lag.get("binlogExpireLogsSeconds").asLong() >= 0, lag.toString());

            // unthrottled: applied, checkpointed, nothing missing; the last applied event is the DELETE's
            long deletedAt = Instant.now().getEpochSecond();
            Files.delete(throttle);
            JsonNode caughtUp = awaitStatus(run, src, tgt,
                    d -> d.get("runs").get(0).get("liveLag").get("missingTransactions").asLong() == 0);
            JsonNode r = caughtUp.get("runs").get(0);
            assertTrue(Math.abs(Instant.parse(r.get("lastAppliedEventAt").asText()).getEpochSecond() - deletedAt) <= 5,
                    r.toString());
            long since = r.get("liveLag").get("secondsSinceLastAppliedEvent").asLong();
            assertTrue(since >= 0 && since < 60, r.toString());

            Files.delete(postpone);
            MoveHarness.Run done = run.get(60, TimeUnit.SECONDS);
            assertEquals(0, done.exitCode(), done.err());
            assertEquals("done", status(src, tgt).get("runs").get(0).get("phase").asText());
        }
    }

    @Test
    void aBadFormatIsOneLine() {
        MoveHarness.Run r = MoveHarness.run(List.of("status", "--target", MoveHarness.url(servers.target(), "x"),
                "--format", "yaml"), Map.of(), MoveListener.NONE);
        assertEquals(2, r.exitCode(), r.err());
        assertEquals("error: --format must be text or json, got 'yaml'", r.err().strip());
    }

    private JsonNode status(String src, String tgt) throws IOException {
        MoveHarness.Run r = MoveHarness.run(List.of("status", "--target", MoveHarness.url(servers.target(), tgt),
                "--target-user", servers.target().user(), "--source", MoveHarness.url(servers.source(), src),
                "--source-user", servers.source().user(), "--format", "json"),
                Map.of("TABLEMOVER_TARGET_PASSWORD", servers.target().password(),
                        "TABLEMOVER_SOURCE_PASSWORD", servers.source().password()), MoveListener.NONE);
        assertEquals(0, r.exitCode(), r.err());
        return JSON.readTree(r.out());
    }

    private JsonNode awaitStatus(CompletableFuture<?> run, String src, String tgt, Predicate<JsonNode> condition)
            throws Exception {
        long deadline = System.nanoTime() + 30_000_000_000L;
        List<String> seen = new ArrayList<>();
        while (true) {
            assertFalse(run.isDone(), "the move ended: " + run.getNow(null));
            JsonNode doc = status(src, tgt);
            if (condition.test(doc)) {
                return doc;
            }
            seen.add(doc.toString());
            assertTrue(System.nanoTime() < deadline, "not within 30 s: " + seen.get(seen.size() - 1));
            Thread.sleep(200);
        }
    }

    private static JsonNode await(String what, CompletableFuture<?> run, Path socket, Predicate<JsonNode> condition)
            throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (true) {
            assertFalse(run.isDone(), "the move ended before " + what + ": " + run.getNow(null));
            if (Files.exists(socket)) {
                JsonNode s = send(socket, "status json");
                if (condition.test(s)) {
                    return s;
                }
            }
            assertTrue(System.nanoTime() < deadline, "not within 60 s: " + what);
            Thread.sleep(50);
        }
    }

    /** {@code echo LINE | nc -U SOCKET}, the reply parsed as JSON. */
    private static JsonNode send(Path socket, String line) {
        try (SocketChannel c = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            c.write(ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8)));
            ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
            while (c.read(buffer) >= 0) {
                // until the server closes the connection
            }
            return JSON.readTree(new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
