package io.tablemover.engine;

import static io.tablemover.testing.TestData.exec;
import static io.tablemover.testing.TestData.seed;
import static io.tablemover.testing.TestData.rowsCopied;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.tablemover.engine.mysql.ServerPool;
import io.tablemover.engine.step.MoveListener;
import io.tablemover.engine.state.Phase;
import io.tablemover.engine.sql.SchemaReader;
import io.tablemover.engine.schema.TableSchema;
import io.tablemover.engine.state.RunToken;
import io.tablemover.testing.BundledPlugins;
import io.tablemover.testing.MoveHarness;
import io.tablemover.testing.MysqlServers;
import io.tablemover.testing.RowComparer;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Throttling pauses the row copy and the binlog apply of a real move, and holds its cutover: the {@code http}
 * throttler against a local endpoint answering like the Vitess tablet throttler, and the engine's flag-file
 * throttler.
 */
class ThrottleIT {
    private static final int ROWS = 20_000;

    private final MysqlServers servers = MysqlServers.get();

    @TempDir
    Path temp;




    private static String valueOnTarget(ServerPool target, String db, int id) {
        return target.dsl().fetchOne("select v from `" + db + "`.t where id = ?", id).get(0, String.class);
    }

    private static void awaitRowsCopied(ServerPool target, String db, String token, CompletableFuture<?> run)
            throws InterruptedException {
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (rowsCopied(target, db, token) <= 0) {
            assertTrue(System.nanoTime() < deadline, "no chunk copied within 15 s");
            assertTrue(!run.isDone(), "the move ended early: " + run.getNow(null));
            Thread.sleep(2);
        }
    }

    @Test
    void aThrottlingHttpEndpointPausesCopyAndApply() throws Exception {
        String src = servers.source().createDatabase("throttle_http_src");
        String tgt = servers.target().createDatabase("throttle_http_tgt");
        Path plugins = BundledPlugins.assemble(temp.resolve("plugins"), "throttle-http");
        AtomicInteger status = new AtomicInteger(200);
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        http.createContext("/throttler/check", exchange -> {
            int code = status.get();
            byte[] body = (code == 200 ? "{\"StatusCode\":200,\"Value\":0.1,\"Threshold\":1,\"Message\":\"\"}"
                    : "{\"StatusCode\":429,\"Value\":4.5,\"Threshold\":1,\"Message\":\"Threshold exceeded\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(code, body.length);
            try (OutputStream o = exchange.getResponseBody()) {
                o.write(body);
            }
        });
        http.start();
        String url = "http://127.0.0.1:" + http.getAddress().getPort() + "/throttler/check?app=tablemover";
        try (Connection c = servers.source().connect(src);
             ServerPool source = MoveHarness.pool(servers.source(), src);
             ServerPool target = MoveHarness.pool(servers.target(), tgt)) {
            seed(c, ROWS);
            String token = RunToken.of(src, tgt, List.of("t"));
            CompletableFuture<MoveHarness.Run> run = CompletableFuture.supplyAsync(() -> MoveHarness.move(src, tgt, "t",
                    MoveListener.NONE, "--execute", "--chunk-size", "100", "--copy-threads", "2",
                    "--status-interval-seconds", "1", "--plugins-dir", plugins.toString(), "--throttle-http", url,
                    "--throttle-http-interval-millis", "20"));

            awaitRowsCopied(target, tgt, token, run);
            status.set(429);
            Thread.sleep(500); // the throttler's next poll, the gate's next check, the chunks in flight
            long before = rowsCopied(target, tgt, token);
            // a change of a copied row: the binlog apply is throttled too
            exec(c, "UPDATE t SET v = 'changed while throttled' WHERE id = 1");
            Thread.sleep(2_000);
            long after = rowsCopied(target, tgt, token);
            assertEquals(before, after, "rows copied while throttled");
            assertTrue(after < ROWS, "the copy is not done: " + after);
            assertEquals("row 1", valueOnTarget(target, tgt, 1), "the change is not applied while throttled");
            assertTrue(!run.isDone(), "the move waits");

            status.set(200);
            MoveHarness.Run done = run.get(30, TimeUnit.SECONDS);
            assertEquals(0, done.exitCode(), done.err());
            assertEquals("changed while throttled", valueOnTarget(target, tgt, 1));
            TableSchema del = new SchemaReader(source.dsl()).read(src, "_t_del");
            RowComparer.Comparison cmp = RowComparer.compare(source, src, "_t_del", target, tgt, "t", del);
            assertEquals(ROWS, cmp.leftRows());
            assertTrue(cmp.identical(), cmp.differences() + " rows differ, e.g. " + cmp.examples());
        } finally {
            http.stop(0);
        }
    }

    @Test
    void aThrottleFlagFilePausesTheCopyFromTheStartAndHoldsTheCutover() throws Exception {
        String src = servers.source().createDatabase("throttle_flag_src");
        String tgt = servers.target().createDatabase("throttle_flag_tgt");
        Path flag = Files.createFile(temp.resolve("throttle"));
        try (Connection c = servers.source().connect(src);
             ServerPool source = MoveHarness.pool(servers.source(), src);
             ServerPool target = MoveHarness.pool(servers.target(), tgt)) {
            seed(c, 2_000);
            String token = RunToken.of(src, tgt, List.of("t"));
            // throttled again when the run waits for its cutover: it must not cut over while throttled
            AtomicBoolean waitingCutover = new AtomicBoolean();
            MoveListener listener = new MoveListener() {
                @Override
                public void phase(Phase phase) {
                    if (phase == Phase.WAIT_CUTOVER) {
                        try {
                            Files.createFile(flag);
                            Thread.sleep(300); // the gate asks its throttlers at most every 100 ms
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        waitingCutover.set(true);
                    }
                }
            };
            CompletableFuture<MoveHarness.Run> run = CompletableFuture.supplyAsync(() -> MoveHarness.move(src, tgt, "t",
                    listener, "--execute", "--chunk-size", "100", "--throttle-flag-file", flag.toString()));
            long deadline = System.nanoTime() + 15_000_000_000L;
            while (rowsCopied(target, tgt, token) < 0) { // the run state exists: the copy is about to start
                assertTrue(System.nanoTime() < deadline && !run.isDone(), "no run state within 15 s: " + run.getNow(null));
                Thread.sleep(10);
            }
            Thread.sleep(1_500);
            assertEquals(0, rowsCopied(target, tgt, token), "nothing copied while the flag file exists");
            assertTrue(!run.isDone(), "the move waits");

            Files.delete(flag);
            while (!waitingCutover.get()) {
                assertTrue(System.nanoTime() < deadline + 15_000_000_000L && !run.isDone(), "no WAIT_CUTOVER: " + run.getNow(null));
                Thread.sleep(10);
            }
            assertEquals(2_000, rowsCopied(target, tgt, token));
            Thread.sleep(1_500);
            assertTrue(!run.isDone(), "no cutover while throttled");
            assertEquals(1, new SchemaReader(source.dsl()).tableTypes(src, List.of("t")).size(), "t is not renamed");

            Files.delete(flag);
            MoveHarness.Run done = run.get(30, TimeUnit.SECONDS);
            assertEquals(0, done.exitCode(), done.err());
            TableSchema del = new SchemaReader(source.dsl()).read(src, "_t_del");
            assertTrue(RowComparer.compare(source, src, "_t_del", target, tgt, "t", del).identical());
        }
    }
}
