package io.tablemover.plugin.throttle.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.tablemover.spi.PluginContext;
import io.tablemover.spi.PluginLog;
import io.tablemover.spi.throttle.ThrottleState;
import io.tablemover.spi.throttle.Throttler;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpThrottlerTest {
    private static final String VITESS_429 = "{\"StatusCode\":429,\"Value\":4.5,\"Threshold\":1,"
            + "\"Message\":\"Threshold exceeded\",\"RecentlyChecked\":false,\"Error\":{}}";

    private HttpServer server;
    private final AtomicInteger status = new AtomicInteger(200);
    private final AtomicReference<String> body = new AtomicReference<>("");
    private final AtomicLong delayMillis = new AtomicLong();
    private final AtomicInteger requests = new AtomicInteger();
    private final List<String> warnings = new CopyOnWriteArrayList<>();
    private final List<Throttler> throttlers = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/throttler/check", exchange -> {
            requests.incrementAndGet();
            try {
                Thread.sleep(delayMillis.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] b = body.get().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status.get(), b.length == 0 ? -1 : b.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(b);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        throttlers.forEach(Throttler::close);
        server.stop(0);
    }

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/throttler/check?app=tablemover";
    }

    private Throttler throttler(Map<String, String> extra) {
        Map<String, String> config = new HashMap<>(Map.of("url", url(), "interval-millis", "20"));
        config.putAll(extra);
        PluginLog log = new PluginLog() {
            @Override
            public void info(String message) {}

            @Override
            public void warn(String message) {
                warnings.add(message);
            }
        };
        Throttler t = new HttpThrottlerFactory().create(config, new PluginContext("throttle-http", Path.of("."), log));
        throttlers.add(t);
        return t;
    }

    private static ThrottleState await(Throttler t, Predicate<ThrottleState> condition) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        ThrottleState s = t.check();
        while (!condition.test(s) && System.nanoTime() < deadline) {
            Thread.sleep(10);
            s = t.check();
        }
        return s;
    }

    @Test
    void followsTheEndpointBetween200AndVitess429() throws Exception {
        Throttler t = throttler(Map.of());
        assertEquals(ThrottleState.open("http"), t.check(), "known as soon as created");

        status.set(429);
        body.set(VITESS_429);
        ThrottleState s = await(t, ThrottleState::throttled);
        assertEquals(ThrottleState.throttled("http", "HTTP 429: Threshold exceeded (value 4.5, threshold 1)"), s);

        status.set(200);
        body.set("");
        assertFalse(await(t, x -> !x.throttled()).throttled());
    }

    @Test
    void theFirstAnswerIsKnownWhenCreated() {
        status.set(503);
        assertEquals(ThrottleState.throttled("http", "HTTP 503"), throttler(Map.of()).check());
    }

    @Test
    void anyStatusButTwoHundredThrottles() throws Exception {
        Throttler t = throttler(Map.of());
        for (int code : new int[] {204, 301, 404, 500}) {
            status.set(code);
            body.set(code == 301 ? "" : "<html>no</html>");
            assertEquals("HTTP " + code, await(t, s -> s.reason().equals("HTTP " + code)).reason());
        }
    }

    @Test
    void connectionErrorsThrottleUnlessIgnored() throws Exception {
        int freePort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            freePort = s.getLocalPort();
        }
        String dead = "http://user:pw@127.0.0.1:" + freePort + "/check?token=secret";
        ThrottleState s = throttler(Map.of("url", dead)).check();
        assertTrue(s.throttled());
        assertTrue(s.reason().startsWith("GET http://127.0.0.1:" + freePort + "/check failed: "), s.reason());
        assertFalse(s.reason().contains("secret") || s.reason().contains("pw"), s.reason());

        assertFalse(throttler(Map.of("url", dead, "ignore-http-errors", "true")).check().throttled());
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).endsWith("not throttling because ignore-http-errors is set"), warnings.get(0));
    }

    @Test
    void timeoutsThrottleAndCheckNeverBlocks() throws Exception {
        Throttler t = throttler(Map.of("timeout-millis", "200"));
        delayMillis.set(1_000);
        ThrottleState s = await(t, ThrottleState::throttled);
        assertTrue(s.reason().endsWith("failed: timed out after 200 ms"), s.reason());
        long start = System.nanoTime();
        for (int i = 0; i < 1000; i++) {
            t.check();
        }
        assertTrue(System.nanoTime() - start < 100_000_000L, "check() must not wait for the endpoint");
    }

    @Test
    void ignoredTimeoutsDoNotThrottleButStatusesStillDo() throws Exception {
        Throttler t = throttler(Map.of("timeout-millis", "200", "ignore-http-errors", "true"));
        delayMillis.set(1_000);
        Thread.sleep(600);
        assertFalse(t.check().throttled());
        delayMillis.set(0);
        status.set(429);
        assertTrue(await(t, ThrottleState::throttled).throttled());
    }

    @Test
    void closeStopsPolling() throws Exception {
        Throttler t = throttler(Map.of());
        Thread.sleep(100);
        t.close();
        Thread.sleep(100);
        int after = requests.get();
        Thread.sleep(200);
        assertEquals(after, requests.get());
    }

    @Test
    void refusesBadSettings() {
        HttpThrottlerFactory f = new HttpThrottlerFactory();
        PluginContext ctx = new PluginContext("throttle-http", Path.of("."), PluginLog.NONE);
        assertTrue(bad(f, ctx, Map.of()).contains("url is required"));
        assertTrue(bad(f, ctx, Map.of("url", "ftp://x/y")).contains("must be an absolute http:// or https:// URL"));
        assertTrue(bad(f, ctx, Map.of("url", "/throttler/check")).contains("absolute"));
        assertTrue(bad(f, ctx, Map.of("url", url(), "interval-millis", "5")).contains("interval-millis"));
        assertTrue(bad(f, ctx, Map.of("url", url(), "timeout-millis", "x")).contains("timeout-millis"));
        assertTrue(bad(f, ctx, Map.of("url", url(), "ignore-http-errors", "yes")).contains("true or false"));
        assertTrue(bad(f, ctx, Map.of("url", url(), "uri", "x")).contains("unknown setting(s) [uri]"));
    }

    private static String bad(HttpThrottlerFactory f, PluginContext ctx, Map<String, String> config) {
        return assertThrows(IllegalArgumentException.class, () -> f.create(config, ctx)).getMessage();
    }

    @Test
    void readsVitessBodiesAndIgnoresOthers() {
        assertEquals("Threshold exceeded (value 4.5, threshold 1)",
                VitessCheckBody.describe(VITESS_429.getBytes(StandardCharsets.UTF_8)).orElseThrow());
        assertEquals("lag (value 7)", VitessCheckBody.describe("{\"message\":\"lag\",\"value\":7}".getBytes()).orElseThrow());
        assertEquals("boom", VitessCheckBody.describe("{\"Error\":\"boom\",\"Message\":\"\"}".getBytes()).orElseThrow());
        assertTrue(VitessCheckBody.describe("<html>".getBytes()).isEmpty());
        assertTrue(VitessCheckBody.describe("[1,2]".getBytes()).isEmpty());
        assertTrue(VitessCheckBody.describe("{\"StatusCode\":429}".getBytes()).isEmpty());
        assertTrue(VitessCheckBody.describe("{\"Message\":\"cut".getBytes()).isEmpty());
        assertTrue(VitessCheckBody.describe(new byte[0]).isEmpty());
    }
}
