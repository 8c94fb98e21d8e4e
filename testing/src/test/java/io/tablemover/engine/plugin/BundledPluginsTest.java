package io.tablemover.engine.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.tablemover.testing.BundledPlugins;
import io.tablemover.spi.hook.DatabaseEndpoint;
import io.tablemover.spi.hook.HookEvent;
import io.tablemover.spi.hook.HookEventType;
import io.tablemover.spi.hook.RunInfo;
import io.tablemover.spi.hook.RunProgress;
import io.tablemover.spi.sharding.ShardingFunction;
import io.tablemover.spi.throttle.ThrottleState;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The three bundled plugins, loaded the way the tarball lays them out: {@code plugins/<name>/}
 * with the plugin's jar and its runtime jars, built from {@code plugins/<name>/target/} (skipped
 * when the plugins have not been packaged yet, e.g. in a reactor build where the engine comes
 * first).
 */
class BundledPluginsTest {
    private static final List<String> BUNDLED = List.of("hooks-shell", "sharding-hash", "throttle-http");
    private static final RunInfo RUN = new RunInfo("run-7", new DatabaseEndpoint("127.0.0.1", 3306, "app"),
            new DatabaseEndpoint("127.0.0.1", 3307, "app"), List.of("t1"), List.of("_t1_del"), "copy",
            RunProgress.NONE, Optional.empty());

    @TempDir
    Path temp;

    private Path plugins;

    @BeforeEach
    void assemblePluginsFolder() throws IOException {
        plugins = BundledPlugins.assemble(temp.resolve("plugins"), BUNDLED.toArray(String[]::new));
    }

    @Test
    void offersTheBundledFactoriesByName() {
        try (PluginRegistry registry = PluginLoader.load(plugins)) {
            assertEquals(BUNDLED, registry.plugins().stream().map(LoadedPlugin::name).toList());
            assertEquals(List.of("shell"), registry.hookNames());
            assertEquals(List.of("http"), registry.throttlerNames());
            assertEquals(List.of("hash", "xxhash"), registry.shardingFunctionNames());
        }
    }

    @Test
    void shardingFunctionsRunWithTheirOwnLibraries() {
        try (PluginRegistry registry = PluginLoader.load(plugins)) {
            ShardingFunction hash = registry.createShardingFunction("hash", Map.of());
            ShardingFunction xxhash = registry.createShardingFunction("xxhash", Map.of());
            assertEquals("166b40b44aba4bd6", hash.keyspaceId(1L).toHex());
            assertEquals("d01ab7e4d6978f0b", xxhash.keyspaceId("test1").toHex());
            // the XXH64 library is the plugin's own: in its folder, not on the engine's class path
            assertThrows(ClassNotFoundException.class,
                    () -> Class.forName("net.openhft.hashing.LongHashFunction", false, getClass().getClassLoader()));
        }
    }

    @Test
    void shellHooksRunAndBeforeCutOverCanVeto() throws Exception {
        Path hooks = Files.createDirectories(temp.resolve("hooks"));
        Path out = temp.resolve("events.txt");
        script(hooks.resolve("tablemover-on-startup"), "echo \"$TABLEMOVER_EVENT $TABLEMOVER_RUN_TOKEN\" >> '" + out + "'");
        script(hooks.resolve("tablemover-on-before-cut-over"), "echo 'not now' >&2; exit 1");
        try (PluginRegistry registry = PluginLoader.load(plugins);
             HookDispatcher dispatcher = new HookDispatcher(Map.of("shell", registry.createHook("shell",
                     Map.of("hooks-path", hooks.toString(), "timeout-seconds", "10"))))) {
            assertTrue(dispatcher.fire(HookEvent.of(HookEventType.STARTUP, RUN)).ok());
            assertEquals(List.of("startup run-7"), Files.readAllLines(out));

            HookOutcome outcome = dispatcher.fire(HookEvent.of(HookEventType.BEFORE_CUT_OVER, RUN));
            assertTrue(outcome.vetoed());
            assertEquals(1, outcome.failures().size());
            assertTrue(outcome.failures().get(0).startsWith("shell: hook tablemover-on-before-cut-over exited with"
                    + " code 1"), outcome.failures().toString());
            assertTrue(outcome.failures().get(0).endsWith("last output: not now"), outcome.failures().toString());
        }
    }

    @Test
    void theHttpThrottlerFollowsItsEndpoint() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        byte[] body = "{\"StatusCode\":429,\"Value\":3.2,\"Threshold\":1,\"Message\":\"Threshold exceeded\"}"
                .getBytes(StandardCharsets.UTF_8);
        server.createContext("/throttler/check", exchange -> {
            exchange.sendResponseHeaders(429, body.length);
            try (OutputStream o = exchange.getResponseBody()) {
                o.write(body);
            }
        });
        server.start();
        String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/throttler/check";
        try (PluginRegistry registry = PluginLoader.load(plugins);
             ThrottleGate gate = new ThrottleGate(Map.of("http", registry.createThrottler("http",
                     Map.of("url", url, "interval-millis", "20"))), Duration.ofMillis(10))) {
            assertEquals(ThrottleState.throttled("http", "HTTP 429: Threshold exceeded (value 3.2, threshold 1)"),
                    gate.state());
        } finally {
            server.stop(0);
        }
    }

    @Test
    void badSettingsAreInvalidInputNamingTheFactory() {
        try (PluginRegistry registry = PluginLoader.load(plugins)) {
            String m = assertThrows(io.tablemover.engine.config.InvalidInputException.class,
                    () -> registry.createThrottler("http", Map.of())).getMessage();
            assertEquals("throttler 'http' (plugin throttle-http): http throttler: url is required, e.g."
                    + " http://127.0.0.1:15000/throttler/check", m);
            assertFalse(registry.plugins().isEmpty());
        }
    }

    private static void script(Path p, String body) throws IOException {
        Files.writeString(p, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
