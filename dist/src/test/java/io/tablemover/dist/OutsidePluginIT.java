package io.tablemover.dist;

import static io.tablemover.dist.Tarball.USER;
import static io.tablemover.dist.Tarball.url;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tablemover.testing.MysqlServers;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A throttler and a hook written outside tablemover, as a plugin author would: the example project under
 * {@code src/test/example-plugin} (pom with the SPI {@code provided}, sources, services file) is compiled against the
 * tarball's {@code lib/tablemover-spi-*.jar} alone, packed into a jar and dropped into the tarball's {@code plugins/}
 * folder; {@code bin/tablemover} lists it, refuses a wrong name or setting in one line, and a real resharding move
 * selects both with {@code --throttler} (through {@code --config}) and {@code --hook}: the move pauses while the
 * throttler says so, then completes, and the hook records the events in the documented order with every shard.
 *
 * <p>Built with {@code javax.tools} rather than {@code mvn package}: {@code mvn verify} does not install the reactor's
 * SPI jar into the local repository, so a nested Maven build would compile against whatever (possibly stale) SPI the
 * shared {@code ~/.m2} holds or would have to write into it, and Maven 3.8 has no chained local repository to avoid
 * that. The compiler gets exactly what Maven's {@code provided} scope gives: the SPI jar and the JDK.
 */
class OutsidePluginIT {
    private static final Duration TIMEOUT = Duration.ofMinutes(3);
    private static final Duration CLI_TIMEOUT = Duration.ofSeconds(60);
    private static final int ROWS = 3_000;
    private static final Path EXAMPLE = Path.of("src/test/example-plugin");

    @TempDir
    static Path install;

    private static Tarball tarball;
    private static Path pluginFolder;

    @BeforeAll
    static void extractAndInstallThePlugin() throws Exception {
        tarball = Tarball.extract(install);
        Tarball.createMoveUser(MysqlServers.get().source());
        Tarball.createMoveUser(MysqlServers.get().target());
        pluginFolder = tarball.home.resolve("plugins/example");
        buildExamplePlugin(pluginFolder.resolve("tablemover-example-plugin-1.0.jar"));
    }

    /** What {@code mvn package} does with the example project: compile against the SPI alone, jar with resources. */
    private static void buildExamplePlugin(Path jar) throws Exception {
        Path spi;
        try (Stream<Path> lib = Files.list(tarball.home.resolve("lib"))) {
            spi = lib.filter(p -> p.getFileName().toString().startsWith("tablemover-spi-")).findFirst().orElse(null);
        }
        assertNotNull(spi, "no tablemover-spi jar in the tarball's lib/");
        Path classes = install.resolve("example-classes");
        Files.createDirectories(classes);
        List<String> args = new ArrayList<>(List.of("--release", "17", "-proc:none", "-Xlint:all", "-Werror",
                "-classpath", spi.toString(), "-d", classes.toString()));
        try (Stream<Path> sources = Files.walk(EXAMPLE.resolve("src/main/java"))) {
            sources.filter(p -> p.toString().endsWith(".java")).forEach(p -> args.add(p.toString()));
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertNotNull(javac, "the test needs a JDK (javax.tools)");
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        assertEquals(0, javac.run(null, errors, errors, args.toArray(String[]::new)),
                "the example plugin does not compile against " + spi + ":\n" + errors.toString(StandardCharsets.UTF_8));
        Files.createDirectories(jar.getParent());
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out)) {
            for (Path root : List.of(classes, EXAMPLE.resolve("src/main/resources"))) {
                try (Stream<Path> files = Files.walk(root)) {
                    for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                        j.putNextEntry(new JarEntry(root.relativize(f).toString().replace('\\', '/')));
                        j.write(Files.readAllBytes(f));
                        j.closeEntry();
                    }
                }
            }
        }
    }

    @Test
    void pluginsListsTheOutsidePluginWithItsFactoriesAndSettings() throws Exception {
        Tarball.Result r = tarball.run(List.of("plugins"), Map.of(), CLI_TIMEOUT);
        System.out.println("---- bin/tablemover plugins ----\n" + r.out());
        assertEquals(0, r.exitCode(), r.toString());
        String out = r.out();
        assertTrue(out.contains("plugins folder " + tarball.home.resolve("plugins") + ": 4 plugins"), out);
        assertTrue(out.contains("example  SPI 1.2  " + pluginFolder + "\n"
                + "  hook recorder\n"
                + "    file  the file each event is appended to, one line per event (required)\n"
                + "  throttler gate\n"
                + "    flag-file    copy and apply pause while this file exists (required)\n"
                + "    poll-millis  ms between two looks at the file, 10..10000 (default 100)\n"), out);
        assertTrue(out.contains("hooks-shell  SPI 1.2  " + tarball.home.resolve("plugins/hooks-shell") + "\n"
                + "  hook shell\n    hooks-path  "), out);
        assertTrue(out.contains("  throttler http\n    url                 "), out);
        assertTrue(out.contains("  sharding hash  (documents no settings)\n"), out);
    }

    @Test
    void anUnknownNameOrARefusedSettingIsOneLineAndExitTwo() throws Exception {
        List<String> move = List.of("move", "--source", "jdbc:mysql://127.0.0.1:1/a", "--target",
                "jdbc:mysql://127.0.0.1:1/b", "--tables", "t", "--source-user", USER);
        List<String> args = new ArrayList<>(move);
        args.addAll(List.of("--hook", "audit:to=syslog"));
        Tarball.Result r = tarball.run(args, Map.of(), CLI_TIMEOUT);
        assertEquals(2, r.exitCode(), r.toString());
        assertEquals(List.of("error: --hook audit: no hook named 'audit'; available: recorder, shell"), notLogged(r.err()));

        args = new ArrayList<>(move);
        args.addAll(List.of("--throttler", "gate:poll-millis=100"));
        r = tarball.run(args, Map.of(), CLI_TIMEOUT);
        assertEquals(2, r.exitCode(), r.toString());
        assertEquals(List.of("error: --throttler gate: throttler 'gate' (plugin example): flag-file is required: the"
                + " file whose existence pauses the run"), notLogged(r.err()));
    }

    /** @return the lines of {@code err} that are not log lines (those start with a timestamp), e.g. "loaded plugin" */
    private static List<String> notLogged(String err) {
        return err.lines().filter(l -> !l.matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:.*")).toList();
    }

    @Test
    void aReshardingMoveIsThrottledByTheOutsideThrottlerAndTheOutsideHookSeesEveryEventAndShard() throws Exception {
        MysqlServers.Server source = MysqlServers.get().source();
        MysqlServers.Server target = MysqlServers.get().target();
        String sourceDb = source.createDatabase("outside_src");
        String low = target.createDatabase("outside_low");
        String high = target.createDatabase("outside_high");
        try (Connection c = source.connect(sourceDb); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE items (id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY, owner BIGINT NOT NULL,"
                    + " note VARCHAR(64))");
            s.execute("SET SESSION cte_max_recursion_depth = 100000");
            s.execute("INSERT INTO items (owner, note) WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n"
                    + " WHERE i < " + ROWS + ") SELECT i % 97, CONCAT('item ', i) FROM n");
        }
        List<List<String>> before = Tarball.rows(source, sourceDb, "items", "id");
        Path flag = Files.createFile(install.resolve("pause-the-move"));
        Path events = install.resolve("events.txt");
        Path config = install.resolve("move.properties");
        Files.writeString(config, "throttler=gate:flag-file=" + flag + ",poll-millis=50\n");

        Tarball.Running move = tarball.start(List.of("move", "--source", url(source, sourceDb),
                "--target", url(target, low) + "@-80", "--target", url(target, high) + "@80-",
                "--tables", "items", "--sharding-key", "items=owner:hash",
                "--source-user", USER, "--target-user", USER, "--config", config.toString(),
                "--hook", "recorder:file=" + events, "--execute", "--chunk-size", "500"), Tarball.passwords());
        String shards = target.host() + ":" + target.port() + "/" + low + "@-80," + target.host() + ":" + target.port()
                + "/" + high + "@80-";

        // the throttler is asked, says "paused", and the copy does not start: no row reaches a shard
        move.awaitStderr("throttled by gate: " + flag + " exists", Duration.ofSeconds(60));
        assertTrue(move.err().contains("gate: guarding " + shards.replace(",", ", ") + " with " + flag),
                "the throttler did not get every shard at creation:\n" + move.describe());
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!Files.exists(events) || !Files.readString(events).contains("before-row-copy")) {
            assertTrue(move.process.isAlive() && System.nanoTime() < deadline, "no before-row-copy event\n" + move.describe());
            Thread.sleep(50);
        }
        Thread.sleep(1_500);
        assertTrue(move.process.isAlive(), move.describe());
        assertEquals(0, count(target, low) + count(target, high), "rows copied while throttled\n" + move.describe());
        assertTrue(!move.out().contains("done:"), move.describe());

        // the throttler lets go: the move completes
        Files.delete(flag);
        Tarball.Result r = move.await(TIMEOUT);
        System.out.println("outside plugin move: exit " + r.exitCode() + " after " + r.millis() + " ms\n" + r.out());
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.err().contains("throttling ended"), r.toString());

        List<List<String>> moved = new ArrayList<>(Tarball.rows(target, low, "items", "id"));
        moved.addAll(Tarball.rows(target, high, "items", "id"));
        moved.sort((a, b) -> Long.compare(id(a), id(b)));
        Tarball.assertRowsEqual(before, moved, "items on both shards");
        assertTrue(count(target, low) > 0 && count(target, high) > 0, "both shards got rows");

        List<String> recorded = Files.readAllLines(events);
        List<String> order = recorded.stream().map(l -> l.split(" ")[0])
                .filter(e -> !e.equals("status") && !e.equals("interactive-command")).toList();
        assertEquals(List.of("startup", "validated", "before-row-copy", "row-copy-complete", "before-cut-over", "success"),
                order, "events recorded by the outside hook:\n" + String.join("\n", recorded));
        for (String line : recorded) {
            assertTrue(line.endsWith(" " + shards), "the hook did not see every shard: " + line);
        }
        System.out.println("---- recorded by the outside hook ----\n" + String.join("\n", recorded));
    }

    private static long id(List<String> row) {
        return Long.parseLong(row.get(0).substring("id=".length(), row.get(0).indexOf('/')));
    }

    private static long count(MysqlServers.Server server, String db) throws SQLException {
        try (Connection c = server.connect(db); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE()"
                     + " AND table_name = 'items'")) {
            rs.next();
            if (rs.getLong(1) == 0) {
                return 0;
            }
        }
        try (Connection c = server.connect(db); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM items")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
