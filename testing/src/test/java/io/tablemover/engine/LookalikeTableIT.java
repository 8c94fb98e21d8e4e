package io.tablemover.engine;

import static io.tablemover.testing.TestData.exec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tablemover.engine.error.ExitCode;
import io.tablemover.engine.state.Phase;
import io.tablemover.engine.step.MoveListener;
import io.tablemover.testing.MoveHarness;
import io.tablemover.testing.MysqlServers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A change to a table that may be a moved one but is not exactly (issue 9, item 1): its name is the moved table's
 * name garbled by a character set ({@code naÃ¯ve}: the UTF-8 bytes of {@code naïve} read as Latin-1), which is what
 * the stream saw of the moved table itself when names were decoded with a non-UTF-8 platform charset. The run stops
 * loudly (exit 4, naming both tables) instead of deciding the change is not ours.
 *
 * <p>Fails before the fix: the change was skipped as another table's and the move ended with exit 0. Checked against
 * the engine of the commit before (git stash of engine/src/main).
 */
class LookalikeTableIT {
    private final MysqlServers servers = MysqlServers.get();

    @TempDir
    Path temp;

    @Test
    void aChangeToATableNamedLikeAGarbledMovedTableStopsTheRun() throws Exception {
        String src = servers.source().createDatabase("lookalike_src");
        String tgt = servers.target().createDatabase("lookalike_tgt");
        try (Connection c = servers.source().connect(src)) {
            exec(c, "CREATE TABLE `naïve` (id INT PRIMARY KEY, v VARCHAR(20) NOT NULL)",
                    "CREATE TABLE `naÃ¯ve` (id INT PRIMARY KEY, v VARCHAR(20) NOT NULL)",
                    "INSERT INTO `naïve` VALUES (1, 'a'), (2, 'b')");
        }
        Path flag = Files.createFile(temp.resolve("throttle"));
        CompletableFuture<Void> wrote = new CompletableFuture<>();
        MoveListener listener = new MoveListener() {
            @Override
            public void phase(Phase phase) {
                if (phase == Phase.COPY) {
                    new Thread(() -> {
                        try (Connection c = servers.source().connect(src)) {
                            exec(c, "INSERT INTO `naÃ¯ve` VALUES (1, 'lookalike')");
                            Files.delete(flag);
                            wrote.complete(null);
                        } catch (Exception e) {
                            wrote.completeExceptionally(e);
                        }
                    }).start();
                }
            }
        };
        MoveHarness.Run run = MoveHarness.move(src, tgt, "naïve", listener, "--execute", "--throttle-flag-file",
                flag.toString());
        wrote.get(1, TimeUnit.MINUTES);
        System.out.println("lookalike: exit " + run.exitCode() + ": " + run.err());
        assertEquals(ExitCode.RUNTIME_FAILURE.code(), run.exitCode(), run.out() + run.err());
        assertTrue(run.err().contains("table `" + src + "`.`naÃ¯ve` changed on the source looks like moved table `"
                + src + "`.`naïve`"), run.err());
        assertTrue(run.err().contains("cancel it ('tablemover cancel'"), run.err());
        assertEquals(1, run.err().lines().filter(l -> !l.isBlank()).count(), "one line: " + run.err());
    }
}
