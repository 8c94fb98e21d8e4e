package io.tablemover.engine;

import io.tablemover.engine.cutover.CutoverNames;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tablemover.demo.DemoSchema;
import io.tablemover.demo.Workload;
import io.tablemover.engine.mysql.ServerPool;
import io.tablemover.engine.step.MoveListener;
import io.tablemover.engine.state.Phase;
import io.tablemover.engine.sql.SchemaReader;
import io.tablemover.engine.schema.TableSchema;
import io.tablemover.engine.sql.Statements;
import io.tablemover.testing.MoveHarness;
import io.tablemover.testing.MysqlServers;
import io.tablemover.engine.validate.Validator;
import io.tablemover.testing.RowComparer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The main job end to end on two real servers: three tables of different key shapes (BIGINT UNSIGNED
 * AUTO_INCREMENT; composite (INT, VARCHAR(32)); VARCHAR(64) plus a UNIQUE key), 20,000 rows each, moved
 * while a concurrent load of inserts, updates (key changes included) and deletes runs from before the
 * copy until just before the cutover. This is also the stress test of the copy/apply race: small chunks
 * and a heavy load make chunk reads and binlog events of the same rows overlap all the time.
 */
class EndToEndMoveIT {
    private static final int ROWS = 20_000;

    @TempDir
    Path temp;

    @Test
    void movesThreeLiveTablesAndCutsOver() throws Exception {
        MysqlServers servers = MysqlServers.get();
        String sourceDb = servers.source().createDatabase("e2e_src");
        String targetDb = servers.target().createDatabase("e2e_tgt");
        Path flag = Files.createFile(temp.resolve("postpone"));
        try (ServerPool source = MoveHarness.pool(servers.source(), sourceDb);
             ServerPool target = MoveHarness.pool(servers.target(), targetDb)) {
            DemoSchema schema = new DemoSchema(sourceDb, ROWS);
            schema.create(source.dsl());
            schema.seed(source.dsl());
            List<String> ddlBefore = DemoSchema.TABLES.stream().map(t -> ddl(source, sourceDb, t)).toList();

            Workload load = new Workload(schema, source.dsl(), 400, 4).start();
            List<Phase> phases = new CopyOnWriteArrayList<>();
            AtomicReference<Long> writesAtCopyStart = new AtomicReference<>();
            MoveListener listener = new MoveListener() {
                @Override
                public void phase(Phase phase) {
                    phases.add(phase);
                    if (phase == Phase.COPY) {
                        writesAtCopyStart.set(load.writes());
                    }
                    if (phase == Phase.WAIT_CUTOVER) {
                        // keep writing a little while the run waits, then stop just before the cutover
                        Thread t = new Thread(() -> {
                            sleep(2_000);
                            load.stop();
                            try {
                                Files.delete(flag);
                            } catch (Exception e) {
                                throw new IllegalStateException(e);
                            }
                        });
                        t.start();
                    }
                }
            };
            Thread.sleep(500); // the load runs before the copy starts
            MoveHarness.Run run = MoveHarness.move(sourceDb, targetDb, String.join(",", DemoSchema.TABLES), listener,
                    "--execute", "--chunk-size", "500", "--copy-threads", "2", "--status-interval-seconds", "2",
                    "--postpone-cutover-flag-file", flag.toString());
            load.stop();
            load.checkFailure();
            assertEquals(0, run.exitCode(), "move failed: " + run.err());
            assertEquals(List.of(Phase.VALIDATE, Phase.CREATE, Phase.COPY, Phase.ADD_INDEXES, Phase.VERIFY, Phase.WAIT_CUTOVER, Phase.CUTOVER,
                    Phase.DRAIN, Phase.DONE), phases);
            assertTrue(run.out().contains(", 0 keys repaired"), "the verify phase finds no difference under load: " + run.out());
            assertTrue(writesAtCopyStart.get() > 0, "the load ran before the copy");
            assertTrue(load.writesPerSecond() >= 200, "load rate " + load.writesPerSecond() + " writes/s");
            assertTrue(run.out().contains("cutover window"), run.out());

            SchemaReader sourceReader = new SchemaReader(source.dsl());
            for (int i = 0; i < DemoSchema.TABLES.size(); i++) {
                String t = DemoSchema.TABLES.get(i);
                String del = CutoverNames.deletedName(t);
                assertTrue(sourceReader.tableTypes(sourceDb, List.of(t)).isEmpty(), t + " is renamed away on the source");
                TableSchema twin = sourceReader.read(sourceDb, del);
                RowComparer.Comparison c = RowComparer.compare(source, sourceDb, del, target, targetDb, t, twin);
                assertTrue(c.leftRows() >= ROWS * 9 / 10, t + " has its rows: " + c.leftRows());
                assertTrue(c.identical(), t + ": " + c.differences() + " rows differ, e.g. " + c.examples());
                assertEquals(withoutAutoIncrement(ddlBefore.get(i)), withoutAutoIncrement(ddl(target, targetDb, t)),
                        "SHOW CREATE TABLE of " + t);
                // the cutover aligns the target's AUTO_INCREMENT with the source's: the DDL is equal to the letter
                assertEquals(ddl(source, sourceDb, del).replace("`" + del + "`", "`" + t + "`"), ddl(target, targetDb, t));
            }
            assertFalse(Files.exists(flag));
        }
    }

    private static String ddl(ServerPool pool, String db, String table) {
        return pool.dsl().fetchOne(Statements.showCreateTable(db, table)).get(1, String.class);
    }

    private static String withoutAutoIncrement(String ddl) {
        return ddl.replaceAll(" AUTO_INCREMENT=\\d+", "");
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
