package io.tablemover.dist;

import static io.tablemover.dist.Tarball.PASSWORD;
import static io.tablemover.dist.Tarball.USER;
import static io.tablemover.dist.Tarball.createMoveUser;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tablemover.dist.Tarball.Result;
import io.tablemover.testing.EmbeddedMysql;
import io.tablemover.testing.MysqlServers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9, item 7: the target stops mid-run. The packaged {@code bin/tablemover} (its {@code conf/logback.xml})
 * must end with the one-line error and exit code 4, and print no stack trace on the way: stack traces belong to
 * exit code 1 only.
 *
 * <p>The target is a throwaway {@link EmbeddedMysql} started for this test alone; the run waits before its cutover
 * (postpone flag file), the test stops the target, and the run's next checkpoint (every second) finds it gone.
 *
 * <p>Before the fix (the old {@code conf/logback.xml}) this failed: HikariCP's warnings ("Connection ... marked as broken", "Failed to validate
 * connection") each came with a full Java stack trace ({@code \tat ...} lines) on stderr before the error line.
 */
class TargetStoppedIT {
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(2);

    @TempDir
    static Path install;

    @Test
    void aStoppedTargetEndsTheRunWithOneLineAndNoStackTrace() throws Exception {
        Tarball tarball = Tarball.extract(install);
        MysqlServers.Server source = MysqlServers.get().source();
        String sourceDb = source.createDatabase("stopped_src");
        createMoveUser(source);
        try (Connection c = source.connect(sourceDb); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(20))");
            s.execute("INSERT INTO t VALUES (1, 'a'), (2, 'b'), (3, 'c')");
        }
        Path hold = Files.createFile(install.resolve("hold-cutover"));
        try (EmbeddedMysql target = EmbeddedMysql.start(9, "+00:00", List.of())) {
            try (Connection c = DriverManager.getConnection(target.jdbcUrl(null) + "?useSSL=false", target.user(),
                    target.password()); Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE stopped_tgt");
                s.execute("CREATE USER '" + USER + "'@'%' IDENTIFIED BY '" + PASSWORD + "'");
                s.execute("GRANT ALL ON *.* TO '" + USER + "'@'%'");
            }
            Tarball.Running run = tarball.start(List.of("move",
                    "--source", Tarball.url(source, sourceDb),
                    "--target", target.jdbcUrl("stopped_tgt"),
                    "--tables", "t",
                    "--source-user", USER,
                    "--execute",
                    "--postpone-cutover-flag-file", hold.toString(),
                    "--checkpoint-interval", "1"), Tarball.passwords());
            run.awaitStderr("copy done", Duration.ofSeconds(60));
            Thread.sleep(1_500); // a checkpoint or two on the live target first, so the pool holds connections
            target.close();
            Result r = run.await(RUN_TIMEOUT);
            System.out.println("TargetStoppedIT: " + r);

            assertEquals(4, r.exitCode(), r.toString());
            List<String> failures = r.err().lines().filter(l -> l.startsWith("move failed: ")).toList();
            assertEquals(1, failures.size(), "one 'move failed:' line expected:\n" + r);
            assertTrue(failures.get(0).contains("run the same command again to resume"), failures.get(0));
            assertFalse(r.err().contains("\tat "), "a stack trace on stderr:\n" + r);
            assertFalse(r.err().lines().anyMatch(l -> l.startsWith("Caused by: ")), "a stack trace on stderr:\n" + r);
        }
    }
}
