package io.tablemover.demo;

import io.tablemover.engine.cutover.CutoverNames;
import io.tablemover.engine.config.Endpoint;
import io.tablemover.engine.config.Extensions;
import io.tablemover.engine.config.InvalidInputException;
import io.tablemover.engine.config.MoveConfig;
import io.tablemover.engine.config.Monitoring;
import io.tablemover.engine.step.StopSignal;
import io.tablemover.engine.config.Shard;
import io.tablemover.engine.config.Sharding;
import io.tablemover.engine.config.ShardingKey;
import io.tablemover.engine.plugin.RunExtensions;
import io.tablemover.engine.shard.ShardRouter;
import io.tablemover.spi.sharding.KeyRange;
import java.util.ArrayList;
import java.util.Map;
import io.tablemover.testing.EmbeddedMysql;
import io.tablemover.engine.mysql.ServerPool;
import io.tablemover.engine.step.MoveListener;
import io.tablemover.engine.step.MoveResult;
import io.tablemover.engine.run.Moves;
import io.tablemover.engine.sql.SchemaReader;
import io.tablemover.engine.schema.TableSchema;
import io.tablemover.engine.validate.Validator;
import io.tablemover.testing.RowComparer;
import java.io.PrintWriter;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The embedded default: starts two throwaway MySQL 8.0.31 servers (source and target, with different
 * time zones), seeds three tables, runs a concurrent write load on the source, moves the tables with
 * cutover while the load runs, checks that each target table equals its source {@code _<t>_del} twin row
 * by row, prints the figures and stops the servers.
 *
 * <p>With {@code shards > 1} it reshards instead: the target server gets one database per shard, each owning an
 * equal slice of the keyspace ({@link #shardRanges}), {@code customers} and {@code order_lines} are placed by the
 * Vitess {@code hash} of {@code id} / {@code order_id} and {@code accounts} by the {@code xxhash} of {@code code}
 * (plugin sharding-hash from the installation's plugins folder); each shard is checked against exactly the source
 * rows it owns.
 */
public final class DemoRunner {
    private final PrintWriter out;
    private final int rowsPerTable;
    private final int writesPerSecond;
    private final int shards;
    private Monitoring monitoring = Monitoring.NONE;

    /**
     * @param rowsPerTable rows seeded in each of the three tables
     * @param writesPerSecond rate of the concurrent load on the source
     */
    public DemoRunner(PrintWriter out, int rowsPerTable, int writesPerSecond) {
        this(out, rowsPerTable, writesPerSecond, 1);
    }

    /**
     * @param shards 1 for a plain move; 2..16 to reshard onto that many shards
     * @throws InvalidInputException if {@code shards} is out of range
     */
    public DemoRunner(PrintWriter out, int rowsPerTable, int writesPerSecond, int shards) {
        if (shards < 1 || shards > 16) {
            throw new InvalidInputException("--shards must be between 1 and 16, got " + shards);
        }
        this.out = out;
        this.rowsPerTable = rowsPerTable;
        this.writesPerSecond = writesPerSecond;
        this.shards = shards;
    }

    /**
     * @param monitoring the move's metrics port and progress bars (default: none)
     * @return this runner
     */
    public DemoRunner monitoring(Monitoring monitoring) {
        this.monitoring = monitoring;
        return this;
    }

    /**
     * Splits the keyspace into {@code n} equal slices by the first byte of the keyspace id.
     *
     * @return the ranges in Vitess notation, e.g. {@code [-80, 80-]} for 2, {@code [-40, 40-80, 80-c0, c0-]} for 4
     */
    public static List<String> shardRanges(int n) {
        List<String> ranges = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String start = i == 0 ? "" : String.format("%02x", i * 256 / n);
            String end = i == n - 1 ? "" : String.format("%02x", (i + 1) * 256 / n);
            ranges.add(start + "-" + end);
        }
        return ranges;
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
            List<String> ranges = shardRanges(shards);
            List<String> targetDbs = shards == 1 ? List.of(db)
                    : java.util.stream.IntStream.range(0, shards).mapToObj(i -> db + "_s" + i).toList();
            try (ServerPool admin = new ServerPool("demo-src-admin", endpoint(source, "mysql"), 2, 5);
                 ServerPool tAdmin = new ServerPool("demo-tgt-admin", endpoint(target, "mysql"), 2, 5)) {
                admin.dsl().createDatabase(db).execute();
                for (String t : targetDbs) {
                    tAdmin.dsl().createDatabase(t).execute();
                }
            }
            Endpoint src = endpoint(source, db);
            Endpoint tgt = endpoint(target, targetDbs.get(0));
            Sharding sharding = Sharding.single(tgt);
            if (shards > 1) {
                List<Shard> list = new ArrayList<>();
                for (int i = 0; i < shards; i++) {
                    list.add(new Shard(endpoint(target, targetDbs.get(i)), KeyRange.parse(ranges.get(i))));
                }
                sharding = new Sharding(list, Map.of(
                        "customers", new ShardingKey("customers", "id", "hash"),
                        "order_lines", new ShardingKey("order_lines", "order_id", "hash"),
                        "accounts", new ShardingKey("accounts", "code", "xxhash")), List.of());
                out.println("demo: resharding onto " + shards + " shards " + ranges + " (databases " + targetDbs + " on the target server)");
            }
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
                        Duration.ofSeconds(60), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(10), false,
                        sharding);
                MoveResult result;
                boolean identical;
                // open until the check is done: the router calls the plugins' sharding functions, whose classes
                // are gone once their class loaders are closed
                try (RunExtensions plugins = RunExtensions.open(Extensions.NONE, sharding.vindexes())) {
                    ShardRouter router = new ShardRouter(sharding, plugins::shardingFunction);
                    try (Workload load = new Workload(schema, sourcePool.dsl(), writesPerSecond, 2).start()) {
                        result = Moves.run(config, Extensions.NONE, monitoring, out, MoveListener.NONE, StopSignal.none());
                        Thread.sleep(500);
                        load.stop();
                        load.checkFailure();
                        out.printf("demo: load ran %d writes (%.0f writes/s), %d writes refused after the RENAME%n",
                                load.writes(), load.writesPerSecond(), load.refused());
                    }
                    identical = check(router, sourcePool, targetPool, target, db, targetDbs, ranges);
                }
                out.printf("demo: figures: %d rows copied at %d rows/s, %d binlog row events applied, "
                                + "cutover window %d ms, move wall time %d ms, demo total %d s%n",
                        result.totalRowsCopied(), result.rowsPerSecond(), result.rowEvents(),
                        result.cutoverWindowMs(), result.wallMs(), (System.nanoTime() - start) / 1_000_000_000L);
                out.println(identical ? "demo: OK, " + (shards == 1 ? "target equals source" : "every shard equals the source rows it owns")
                        + " row by row" : "demo: FAILED, tables differ");
                out.flush();
                return identical;
            }
        }
    }

    /**
     * Compares each target table (on each shard) with the source rows it owns, printing one line per comparison.
     *
     * @return true if all are identical
     */
    private boolean check(ShardRouter router, ServerPool sourcePool, ServerPool targetPool, EmbeddedMysql target,
                          String db, List<String> targetDbs, List<String> ranges) throws SQLException {
        boolean identical = true;
        for (String t : DemoSchema.TABLES) {
            TableSchema schemaOfT = new SchemaReader(sourcePool.dsl()).read(db, CutoverNames.deletedName(t)).withName(t);
            ShardRouter.TableRoute route = router.route(schemaOfT, schemaOfT.columns());
            for (int i = 0; i < shards; i++) {
                int shard = i;
                try (ServerPool shardPool = shards == 1 ? null : new ServerPool("demo-check", endpoint(target, targetDbs.get(i)), 2, 5)) {
                    RowComparer.Comparison c = RowComparer.compare(sourcePool, db, CutoverNames.deletedName(t),
                            shardPool == null ? targetPool : shardPool, targetDbs.get(i), t, schemaOfT,
                            row -> shards == 1 || route.shardOf(row) == shard);
                    out.printf("demo: %-12s target %d rows, source %s %d rows%s: %s%n", t, c.rightRows(),
                            CutoverNames.deletedName(t), c.leftRows(), shards == 1 ? "" : " in shard " + ranges.get(i),
                            c.identical() ? "identical" : "DIFFERENT " + c.examples());
                    identical &= c.identical();
                }
            }
        }
        return identical;
    }

    private static Endpoint endpoint(EmbeddedMysql server, String db) {
        return new Endpoint(server.host(), server.port(), db, server.user(), server.password());
    }
}
