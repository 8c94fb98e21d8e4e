package io.tablemover.engine.demo;

import com.google.inject.Guice;
import io.tablemover.engine.cli.MoveModule;
import io.tablemover.engine.config.Endpoint;
import io.tablemover.engine.config.MoveConfig;
import io.tablemover.engine.embedded.EmbeddedMysql;
import io.tablemover.engine.mysql.ServerPool;
import io.tablemover.engine.mysql.ServerPools;
import io.tablemover.engine.run.MoveListener;
import io.tablemover.engine.run.MoveResult;
import io.tablemover.engine.run.MoveRun;
import io.tablemover.engine.schema.SchemaReader;
import io.tablemover.engine.schema.TableSchema;
import io.tablemover.engine.validate.Validator;
import io.tablemover.engine.verify.RowComparer;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The embedded default: starts two throwaway MySQL 8.0.31 servers (source and target, with different
 * time zones), seeds three tables, runs a concurrent write load on the source, moves the tables with
 * cutover while the load runs, checks that each target table equals its source {@code _<t>_del} twin row
 * by row, prints the figures and stops the servers.
 */
public final class DemoRunner {
    private final PrintWriter out;
    private final int rowsPerTable;
    private final int writesPerSecond;

    /**
     * @param rowsPerTable rows seeded in each of the three tables
     * @param writesPerSecond rate of the concurrent load on the source
     */
    public DemoRunner(PrintWriter out, int rowsPerTable, int writesPerSecond) {
        this.out = out;
        this.rowsPerTable = rowsPerTable;
        this.writesPerSecond = writesPerSecond;
    }

    /**
     * @return true if every target table equals its source twin
     * @throws Exception if a server cannot start or the move fails
     */
    public boolean run() throws Exception {
        long start = System.nanoTime();
        out.println("demo: starting two local MySQL 8.0.31 servers");
        out.flush();
        try (EmbeddedMysql source = EmbeddedMysql.start(1, "+02:00", List.of());
             EmbeddedMysql target = EmbeddedMysql.start(2, "-07:00", List.of())) {
            String db = "shop";
            try (ServerPool admin = new ServerPool("demo-src-admin", endpoint(source, "mysql"), 2, 5);
                 ServerPool tAdmin = new ServerPool("demo-tgt-admin", endpoint(target, "mysql"), 2, 5)) {
                admin.dsl().createDatabase(db).execute();
                tAdmin.dsl().createDatabase(db).execute();
            }
            Endpoint src = endpoint(source, db);
            Endpoint tgt = endpoint(target, db);
            try (ServerPool sourcePool = new ServerPool("demo-load", src, 4, 5);
                 ServerPool targetPool = new ServerPool("demo-check", tgt, 2, 5)) {
                DemoSchema schema = new DemoSchema(db, rowsPerTable);
                schema.create(sourcePool.dsl());
                long seedStart = System.nanoTime();
                schema.seed(sourcePool.dsl());
                out.printf("demo: seeded %d rows (%d per table) in %d ms; starting a load of %d writes/s%n",
                        3L * rowsPerTable, rowsPerTable, (System.nanoTime() - seedStart) / 1_000_000, writesPerSecond);
                out.flush();
                MoveConfig config = new MoveConfig(src, tgt, DemoSchema.tables(), true, 1000, 2, Optional.empty(),
                        Duration.ofSeconds(60), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(10), false);
                MoveResult result;
                try (Workload load = new Workload(schema, sourcePool.dsl(), writesPerSecond, 2).start();
                     ServerPools pools = new ServerPools(config)) {
                    result = Guice.createInjector(new MoveModule(config, out, MoveListener.NONE, pools))
                            .getInstance(MoveRun.class).run();
                    Thread.sleep(500);
                    load.stop();
                    load.checkFailure();
                    out.printf("demo: load ran %d writes (%.0f writes/s), %d writes refused after the RENAME%n",
                            load.writes(), load.writesPerSecond(), load.refused());
                }
                boolean identical = true;
                for (String t : DemoSchema.TABLES) {
                    TableSchema schemaOfT = new SchemaReader(sourcePool.dsl()).read(db, Validator.deletedName(t));
                    RowComparer.Comparison c = RowComparer.compare(sourcePool, db, Validator.deletedName(t),
                            targetPool, db, t, schemaOfT);
                    out.printf("demo: %-12s target %d rows, source %s %d rows: %s%n", t, c.rightRows(),
                            Validator.deletedName(t), c.leftRows(), c.identical() ? "identical" : "DIFFERENT " + c.examples());
                    identical &= c.identical();
                }
                out.printf("demo: figures: %d rows copied at %d rows/s, %d binlog row events applied, "
                                + "cutover window %d ms, move wall time %d ms, demo total %d s%n",
                        result.totalRowsCopied(), result.rowsPerSecond(), result.rowEvents(),
                        result.cutoverWindowMs(), result.wallMs(), (System.nanoTime() - start) / 1_000_000_000L);
                out.println(identical ? "demo: OK, target equals source row by row" : "demo: FAILED, tables differ");
                out.flush();
                return identical;
            }
        }
    }

    private static Endpoint endpoint(EmbeddedMysql server, String db) {
        return new Endpoint(server.host(), server.port(), db, server.user(), server.password());
    }
}
