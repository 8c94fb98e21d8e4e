package io.tablemover.engine.verify;

import io.tablemover.engine.config.InvalidInputException;
import io.tablemover.engine.copy.Chunk;
import io.tablemover.engine.config.MoveConfig;
import io.tablemover.engine.copy.ChunkPlanner;
import io.tablemover.engine.cutover.CutoverNames;
import io.tablemover.engine.mysql.ServerPool;
import io.tablemover.engine.schema.TableSchema;
import io.tablemover.engine.shard.ShardRouter;
import io.tablemover.engine.sql.SchemaReader;
import io.tablemover.engine.sql.ServerStatements;
import io.tablemover.engine.state.Phase;
import io.tablemover.engine.state.RunRecord;
import io.tablemover.engine.state.RunStore;
import io.tablemover.engine.state.StateSchema;
import io.tablemover.engine.state.TableProgress;
import io.tablemover.engine.transfer.RowTransfer;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The standalone {@code tablemover verify}: compares live tables of the source with the target(s) without a run,
 * with the verify phase's own machinery: the copy's {@link ChunkPlanner} cuts each table in key-ordered chunks of
 * {@code chunkRows} rows, {@link ChunkVerifier} compares each chunk's row count and digest on every server and, where
 * they differ, key by key (a sharded table: every chunk key by key, each shard against the source rows it owns).
 *
 * <p>Read-only: the source and the targets are only read (non-locking reads; no state table is created) unless a
 * {@link RowTransfer} repairs, which writes the source's rows of confirmed differing keys into the targets (never the
 * other way) and compares those keys again.
 *
 * <p>A run in progress (the first target's run state holds a run of one of the tables, not yet DONE) still
 * applies changes to the targets. Then a chunk that differs is compared again once the run has caught up: after the
 * run's stored stream position ({@code _tablemover_runs.applied_gtid}) contains the source's {@code gtid_executed}
 * read after the mismatch ({@link CatchUp#runPosition}), up to {@value ChunkVerifier#ROUNDS} rounds, then its
 * differing keys the same way; only keys that differ every time are reported (lag is not a difference). If the run
 * does not catch up within {@code runCatchUp} the chunk is undecided: counted as such ("run lagging"), neither
 * reported as a difference nor repaired. A run that streams from another source server than this one has no
 * position to wait for: then each further round follows a pause of {@value #PAUSE_SECONDS} s. Without a run in
 * progress every chunk is compared once.
 */
public final class StandaloneVerify {
    static final int PAUSE_SECONDS = 2;

    private final ServerPool source;
    private final List<ServerPool> shards;
    private final List<String> targets;
    private final ShardRouter router;
    private final RowTransfer repair;
    private final int chunkRows;
    private final int maxKeys;
    private final Duration runCatchUp;

    /**
     * @param shards one pool per target, in option order (the first holds any run state)
     * @param targets the targets' names for the report, in the same order
     * @param repair repairs differences; null to only report them (nothing is written)
     * @param chunkRows rows per compared chunk
     * @param maxKeys how many mismatched keys per table the report lists in full
     * @param runCatchUp beside a run in progress: how long one wait for the run's stream position lasts at most
     */
    public StandaloneVerify(ServerPool source, List<ServerPool> shards, List<String> targets, ShardRouter router,
                            RowTransfer repair, int chunkRows, int maxKeys, Duration runCatchUp) {
        this.source = source;
        this.shards = List.copyOf(shards);
        this.targets = List.copyOf(targets);
        this.router = router;
        this.repair = repair;
        this.chunkRows = chunkRows;
        this.maxKeys = maxKeys;
        this.runCatchUp = runCatchUp;
    }

    /**
     * Compares the tables.
     *
     * @param tables the tables' names on the target(s), checked
     * @param sourceSuffix null to compare with the source tables of the same names; otherwise the source table of
     *     {@code t} is {@code _t<suffix>} ({@link CutoverNames#renamedName}), e.g. {@code _t_del} after a cutover
     * @return the report; {@link VerifyReport#equal()} false if a difference remains
     * @throws InvalidInputException a table missing on a server, not a base table, without a key, or without its
     *     sharding column
     * @throws SQLException if a server fails while comparing
     * @throws org.jooq.exception.DataAccessException if a server fails while comparing
     */
    public VerifyReport run(List<String> tables, String sourceSuffix) throws SQLException, InterruptedException {
        long start = System.nanoTime();
        Optional<RunRecord> run = runInProgress(tables);
        String inProgress = run.map(StandaloneVerify::describe).orElse(null);
        Map<String, TableSchema> bySourceName = new LinkedHashMap<>();
        Map<String, VerifyTally> tallies = new LinkedHashMap<>();
        List<TableProgress> planned = new ArrayList<>();
        for (String t : tables) {
            String sourceName = sourceSuffix == null ? t : CutoverNames.renamedName(t, sourceSuffix);
            TableSchema schema = read(t, sourceName);
            VerifyTally tally = new VerifyTally(schema, sourceName, targets, maxKeys);
            tallies.put(t, tally);
            String problem = columnsProblem(schema, sourceName);
            if (problem != null) {
                tally.problem(problem);
                continue;
            }
            bySourceName.put(sourceName, schema);
            planned.add(new TableProgress(schema.withName(sourceName)));
        }
        ExecutorService reads = Executors.newFixedThreadPool(shards.size() + 1, r -> {
            Thread th = new Thread(r, "verify-read");
            th.setDaemon(true);
            return th;
        });
        try {
            CatchUp catchUp = run.map(this::catchUp).orElse(CatchUp.NONE);
            ChunkVerifier verifier = new ChunkVerifier(source, shards, router, repair, catchUp, reads,
                    MoveConfig.DEFAULT_CHUNK_MAX_BYTES);
            // chunks by rows only, as in the verify phase (VerifyPass)
            ChunkPlanner planner = new ChunkPlanner(source, planned, chunkRows, Long.MAX_VALUE, 1, Duration.ZERO);
            for (Optional<Chunk> next = planned.isEmpty() ? Optional.empty() : planner.next(); next.isPresent();
                 next = planner.next()) {
                Chunk chunk = next.get();
                String sourceName = chunk.table().table().name();
                TableSchema t = bySourceName.get(sourceName);
                tallies.get(t.name()).add(verifier.verify(t, sourceName, chunk.range()));
                planner.release(chunk);
            }
        } finally {
            reads.shutdownNow();
        }
        List<VerifyReport.Table> out = tallies.values().stream().map(VerifyTally::report).toList();
        return new VerifyReport(out.stream().allMatch(VerifyReport.Table::equal), inProgress,
                out.stream().mapToLong(VerifyReport.Table::chunksUndecided).sum(), repair != null, targets, out,
                out.stream().mapToLong(VerifyReport.Table::longestSourceLockMillis).max().orElse(0),
                (System.nanoTime() - start) / 1_000_000);
    }

    /** @return the first stored run of the first target that is not DONE and moves one of {@code tables} */
    private Optional<RunRecord> runInProgress(List<String> tables) {
        ServerPool home = shards.get(0);
        String db = home.endpoint().database();
        if (!StateSchema.exists(home.dsl(), db)) {
            return Optional.empty();
        }
        return new RunStore(home.dsl(), db).all().stream().filter(r -> r.phase() != Phase.DONE)
                .filter(r -> r.tables().stream().anyMatch(tables::contains)).findFirst();
    }

    private static String describe(RunRecord r) {
        return "run " + r.token() + " (phase " + r.phase() + ", tables " + String.join(",", r.tables()) + ")";
    }

    /**
     * @return a wait for the run's stored stream position if the run streams from this source (same server and
     *     database), else a pause
     */
    private CatchUp catchUp(RunRecord run) {
        String uuid = source.dsl().fetchOne(ServerStatements.selectServerIdentity()).value1();
        if (!run.sourceUuid().equals(uuid) || !run.sourceDb().equals(source.endpoint().database())) {
            return CatchUp.pause(Duration.ofSeconds(PAUSE_SECONDS));
        }
        ServerPool home = shards.get(0);
        RunStore store = new RunStore(home.dsl(), home.endpoint().database());
        return CatchUp.runPosition(source, () -> store.find(run.token()).filter(r -> r.phase() != Phase.DONE)
                .map(RunRecord::appliedGtid).orElse(null), runCatchUp);
    }

    /** @return the source table's schema under the target name {@code t}, checked to exist everywhere */
    private TableSchema read(String t, String sourceName) {
        String db = source.endpoint().database();
        String type = new SchemaReader(source.dsl()).tableTypes(db, List.of(sourceName)).get(sourceName);
        if (type == null) {
            throw new InvalidInputException("table " + sourceName + " does not exist in the source database " + db
                    + " (" + source.endpoint().url() + ")");
        }
        if (!"BASE TABLE".equals(type)) {
            throw new InvalidInputException("table " + sourceName + " of the source database " + db + " is a " + type
                    + ", not a base table");
        }
        for (int i = 0; i < shards.size(); i++) {
            String shardDb = shards.get(i).endpoint().database();
            if (!new SchemaReader(shards.get(i).dsl()).tableTypes(shardDb, List.of(t)).containsKey(t)) {
                throw new InvalidInputException("table " + t + " does not exist in the target database " + shardDb
                        + " (" + targets.get(i) + ")");
            }
        }
        TableSchema schema = new SchemaReader(source.dsl()).read(db, sourceName).withName(t);
        if (schema.key().isEmpty()) {
            throw new InvalidInputException("table " + sourceName + " has no PRIMARY KEY and no UNIQUE key of NOT NULL"
                    + " columns: it cannot be compared key by key");
        }
        try {
            router.route(schema);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("table " + t + ": " + e.getMessage());
        }
        return schema;
    }

    /** @return why the table's rows cannot be compared (its stored columns differ on a target), or null */
    private String columnsProblem(TableSchema schema, String sourceName) {
        List<String> expected = columns(schema);
        for (int i = 0; i < shards.size(); i++) {
            ServerPool p = shards.get(i);
            List<String> there = columns(new SchemaReader(p.dsl()).read(p.endpoint().database(), schema.name()));
            if (!there.equals(expected)) {
                return "the columns differ: source " + sourceName + " " + expected + ", target " + targets.get(i) + " "
                        + there;
            }
        }
        return null;
    }

    private static List<String> columns(TableSchema t) {
        return t.storedColumns().stream().map(c -> c.name() + " " + c.columnType()).toList();
    }
}
