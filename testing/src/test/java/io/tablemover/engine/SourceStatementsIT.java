package io.tablemover.engine;

import static io.tablemover.testing.TestData.exec;
import static io.tablemover.testing.TestData.seed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tablemover.engine.error.ExitCode;
import io.tablemover.engine.error.Fixes;
import io.tablemover.engine.mysql.ServerPool;
import io.tablemover.engine.schema.TableSchema;
import io.tablemover.engine.sql.SchemaReader;
import io.tablemover.engine.state.Phase;
import io.tablemover.engine.step.MoveListener;
import io.tablemover.testing.MoveHarness;
import io.tablemover.testing.MysqlServers;
import io.tablemover.testing.RowComparer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Statements on the source during the copy (issue 9, item 3). The copy is held by {@code --throttle-flag-file} when
 * the run enters COPY; the statements run then (with writes to the moved table around them), and the flag is removed.
 *
 * <p>Fails before the fix: the stream stopped on any statement containing a moved table's name, so
 * {@link #statementsThatOnlyNameAMovedTableDoNotStopTheMove} ended with exit 4 ("DDL on moved table t"); and the ALTER
 * stopped with two contradicting instructions ("drop the target tables and start again" and "run the same command
 * again to resume"), which {@link #anAlterOfAMovedTableStopsTheRunWithTheOneFixThatWorks} refuses. Checked by running
 * both against the engine of the commit before (git stash of engine/src/main).
 */
class SourceStatementsIT {
    private static final int ROWS = 3_000;

    private final MysqlServers servers = MysqlServers.get();

    @TempDir
    Path temp;

    @Test
    void statementsThatOnlyNameAMovedTableDoNotStopTheMove() throws Exception {
        String src = servers.source().createDatabase("stmt_ok_src");
        String tgt = servers.target().createDatabase("stmt_ok_tgt");
        String other = servers.source().createDatabase("stmt_ok_other");
        try (Connection c = servers.source().connect(src); Connection o = servers.source().connect(other)) {
            seed(c, ROWS);
            exec(o, "CREATE TABLE t (id INT PRIMARY KEY)");
        }
        MoveHarness.Run run = moveWithStatementsDuringTheCopy(src, tgt, List.of(
                "UPDATE t SET v = 'before ANALYZE' WHERE id = 1",
                "ANALYZE TABLE t",
                "UPDATE t SET v = 'before OPTIMIZE' WHERE id = 2",
                "OPTIMIZE TABLE t",
                "DELETE FROM t WHERE id = 3",
                "CREATE TABLE t_archive LIKE t",
                "CREATE TABLE t_copy AS SELECT * FROM t WHERE id <= 10",
                "/* ALTER TABLE t ADD COLUMN x INT */ ANALYZE TABLE `" + src + "`.`t`",
                "ALTER TABLE t_archive ADD COLUMN note VARCHAR(10)",
                "RENAME TABLE t_archive TO t_old",
                "ALTER TABLE `" + other + "`.t ADD COLUMN x INT",
                "DROP TABLE t_old",
                "GRANT SELECT ON `" + src + "`.t TO 'stmt_reader'@'%'",
                "INSERT INTO t VALUES (" + (ROWS + 1) + ", 'inserted after the statements')",
                "UPDATE t SET id = " + (ROWS + 2) + " WHERE id = 4"));

        assertEquals(0, run.exitCode(), "the move stopped:\n" + run.out() + run.err());
        try (ServerPool source = MoveHarness.pool(servers.source(), src);
             ServerPool target = MoveHarness.pool(servers.target(), tgt)) {
            TableSchema del = new SchemaReader(source.dsl()).read(src, "_t_del");
            RowComparer.Comparison cmp = RowComparer.compare(source, src, "_t_del", target, tgt, "t", del);
            assertEquals(ROWS, cmp.leftRows(), "rows on the source after the writes (one deleted, one inserted)");
            assertTrue(cmp.identical(), cmp.differences() + " rows differ, e.g. " + cmp.examples());
            assertEquals("before OPTIMIZE", target.dsl().fetchOne("select v from `" + tgt + "`.t where id = 2")
                    .get(0, String.class));
        }
    }

    @Test
    void anAlterOfAMovedTableStopsTheRunWithTheOneFixThatWorks() throws Exception {
        String src = servers.source().createDatabase("stmt_alter_src");
        String tgt = servers.target().createDatabase("stmt_alter_tgt");
        try (Connection c = servers.source().connect(src)) {
            seed(c, ROWS);
        }
        MoveHarness.Run run = moveWithStatementsDuringTheCopy(src, tgt, List.of(
                "UPDATE t SET v = 'before ALTER' WHERE id = 1",
                "ALTER TABLE t ADD COLUMN extra INT NULL",
                "UPDATE t SET v = 'after ALTER' WHERE id = 2"));

        assertEquals(ExitCode.RUNTIME_FAILURE.code(), run.exitCode(), run.out() + run.err());
        assertTrue(run.err().contains("moved table t was changed on the source during the move"
                + " ('ALTER TABLE t ADD COLUMN extra INT NULL')"), run.err());
        String fix = Character.toUpperCase(Fixes.CANCEL_AND_START_AGAIN.charAt(0)) + Fixes.CANCEL_AND_START_AGAIN.substring(1);
        assertTrue(run.err().contains(fix), "the fix: " + run.err());
        assertFalse(run.err().contains("run the same command again"), "a resume meets the ALTER again: " + run.err());
        assertFalse(run.err().contains("drop the target tables"), run.err());
        assertFalse(run.err().contains("\tat "), "a stack trace: " + run.err());

        // the instruction is the truth: the same command stops again (it streams from before the ALTER; here the
        // resumed run, which reads the table's new definition, meets the row images of the old one first) ...
        MoveHarness.Run again = MoveHarness.move(src, tgt, "t", MoveListener.NONE, "--execute");
        assertEquals(ExitCode.RUNTIME_FAILURE.code(), again.exitCode(), again.out() + again.err());
        assertTrue(again.err().contains(fix), "the fix: " + again.err());
        assertFalse(again.err().contains("run the same command again"), again.err());
        // ... and cancel, then a new run, moves the table with its new column
        MoveHarness.Run cancel = MoveHarness.run(List.of("cancel",
                        "--source", MoveHarness.url(servers.source(), src), "--target", MoveHarness.url(servers.target(), tgt),
                        "--tables", "t", "--source-user", servers.source().user(), "--target-user", servers.target().user(),
                        "--execute"),
                Map.of("TABLEMOVER_SOURCE_PASSWORD", servers.source().password(),
                        "TABLEMOVER_TARGET_PASSWORD", servers.target().password()), MoveListener.NONE);
        assertEquals(0, cancel.exitCode(), cancel.out() + cancel.err());
        MoveHarness.Run fresh = MoveHarness.move(src, tgt, "t", MoveListener.NONE, "--execute");
        assertEquals(0, fresh.exitCode(), fresh.out() + fresh.err());
        try (ServerPool source = MoveHarness.pool(servers.source(), src);
             ServerPool target = MoveHarness.pool(servers.target(), tgt)) {
            TableSchema del = new SchemaReader(source.dsl()).read(src, "_t_del");
            assertEquals(3, del.columns().size(), "the source table has its new column");
            RowComparer.Comparison cmp = RowComparer.compare(source, src, "_t_del", target, tgt, "t", del);
            assertTrue(cmp.identical(), cmp.differences() + " rows differ, e.g. " + cmp.examples());
        }
    }

    /**
     * An ALTER committed after the run's last look at the source and before its RENAME: the stream receives it about
     * when the cutover starts expecting its own RENAME. It used to pass as that RENAME (silently, exit 0, the target
     * without the new column) or, when it arrived a moment earlier, fail the drain with "cancel and start again",
     * which is refused once the tables are renamed. Now only the cutover's RENAME passes: the drain fails (exit 5)
     * with the statement and the RENAME that gives the tables back, and no other instruction. Fails before the fix
     * either way (here the stream is usually fast enough to see the ALTER before the cutover starts: the message then
     * holds "tablemover cancel"); checked by reverting ChangeBuffer and Applier.
     */
    @Test
    void anAlterRightBeforeTheRenameIsNotTakenForTheCutoversOwn() throws Exception {
        String src = servers.source().createDatabase("stmt_late_src");
        String tgt = servers.target().createDatabase("stmt_late_tgt");
        try (Connection c = servers.source().connect(src)) {
            seed(c, ROWS);
        }
        MoveListener listener = new MoveListener() {
            @Override
            public void phase(Phase phase) {
                if (phase == Phase.CUTOVER) { // the wait for the cutover is over, the RENAME is next
                    try (Connection s = servers.source().connect(src)) {
                        exec(s, "ALTER TABLE t ADD COLUMN late INT NULL");
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        };
        MoveHarness.Run run = MoveHarness.move(src, tgt, "t", listener, "--execute");
        System.out.println("ALTER before the RENAME: exit " + run.exitCode() + ": " + run.err());
        assertEquals(ExitCode.CUTOVER_FAILURE.code(), run.exitCode(), run.out() + run.err());
        assertTrue(run.err().contains("ALTER TABLE t ADD COLUMN late INT NULL"), run.err());
        assertTrue(run.err().contains("rename table `" + src + "`.`_t_del` to `" + src + "`.`t`"), run.err());
        assertFalse(run.err().contains("tablemover cancel"), "cancel is refused after the RENAME: " + run.err());
        assertFalse(run.err().contains("run the same command again"), run.err());
    }

    /**
     * Moves {@code t} with {@code --throttle-flag-file}: when the run enters COPY (no chunk copied yet), another
     * session runs {@code statements} in the source database, then the flag is removed and the move goes on.
     */
    private MoveHarness.Run moveWithStatementsDuringTheCopy(String src, String tgt, List<String> statements)
            throws Exception {
        Path flag = Files.createFile(temp.resolve("throttle-" + src));
        List<Phase> phases = new ArrayList<>();
        CompletableFuture<Void> ran = new CompletableFuture<>();
        MoveListener listener = new MoveListener() {
            @Override
            public void phase(Phase phase) {
                phases.add(phase);
                if (phase == Phase.COPY) {
                    new Thread(() -> {
                        try (Connection s = servers.source().connect(src)) {
                            exec(s, "CREATE USER IF NOT EXISTS 'stmt_reader'@'%'");
                            exec(s, statements.toArray(String[]::new));
                            Files.delete(flag);
                            ran.complete(null);
                        } catch (Exception e) {
                            ran.completeExceptionally(e);
                        }
                    }, "source-statements").start();
                }
            }
        };
        MoveHarness.Run run = MoveHarness.move(src, tgt, "t", listener, "--execute", "--chunk-size", "200",
                "--throttle-flag-file", flag.toString());
        ran.get(1, TimeUnit.MINUTES);
        assertTrue(phases.contains(Phase.COPY), "phases: " + phases);
        return run;
    }
}
