package io.tablemover.engine.verify;

import io.tablemover.engine.copy.ChunkPlanner;
import io.tablemover.engine.mysql.ServerPool;
import io.tablemover.engine.schema.KeyRange;
import io.tablemover.engine.schema.KeyValue;
import io.tablemover.engine.schema.TableSchema;
import io.tablemover.engine.shard.ShardRouter;
import io.tablemover.engine.sql.VerifyStatements;
import io.tablemover.engine.transfer.RowTransfer;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.jooq.Record2;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies one chunk, without any lock on the source:
 * <ol>
 *   <li>row count and {@code BIT_XOR(CRC32(row))} of the chunk on the source and on every shard, in parallel; equal
 *       everywhere → verified (a sharded table, whose shards each hold part of the chunk, skips to step 3);</li>
 *   <li>otherwise changes of the chunk may still be on their way: {@link CatchUp#await()} (during a move: until the
 *       applier has applied the source's current {@code gtid_executed}), compare again, up to
 *       {@link CatchUp#rounds()} rounds in all ({@value #ROUNDS} during a move);</li>
 *   <li>then compare key by key ({@link RowDigests}), and re-compare the differing keys after catching up again,
 *       {@link CatchUp#rounds()} rounds: keys that differ every time are confirmed differences;</li>
 *   <li>if a wait of step 2 or 3 ended without the target's writer catching up ({@link CatchUp#await()} false,
 *       the standalone {@code verify} beside a lagging run), the keys still differing are undecided: neither
 *       reported nor repaired ({@link Outcome#undecided()});</li>
 *   <li>with a {@link RowTransfer}, repair them with {@link RowTransfer#syncKeys} (the copy's write path: delete where
 *       the source lacks the key, REPLACE the rest, on every shard; the source is only read), then compare those keys
 *       again: what still differs is returned ({@link Outcome#remaining()}). Without one (the standalone
 *       {@code verify} without {@code --repair}) nothing is written anywhere.</li>
 * </ol>
 * The source table may have another name than the target tables ({@code verify --source-suffix}).
 */
final class ChunkVerifier {
    private static final Logger log = LoggerFactory.getLogger(ChunkVerifier.class);
    static final int ROUNDS = 3;
    static final int KEYS_SHOWN = 10;
    private static final int KEYS_PER_STATEMENT = 500;

    private final ServerPool source;
    private final List<ServerPool> shards;
    private final ShardRouter router;
    private final RowTransfer transfer;
    private final CatchUp catchUp;
    private final ExecutorService reads;
    private final RowDigests digests;
    private final long repairMaxBytes;

    /**
     * @param transfer repairs confirmed differences; null to only report them
     * @param reads runs the per-server chunk reads in parallel (one thread per server)
     * @param repairMaxBytes the most bytes of source rows one repair statement may read (by the columns' declared
     *     sizes: {@link ChunkPlanner#widestRowBytes}), e.g. {@code --chunk-max-bytes}; it bounds the heap a repair of
     *     large rows takes, since the verify's chunks are planned by rows only
     */
    ChunkVerifier(ServerPool source, List<ServerPool> shards, ShardRouter router, RowTransfer transfer, CatchUp catchUp,
                  ExecutorService reads, long repairMaxBytes) {
        this.repairMaxBytes = repairMaxBytes;
        this.source = source;
        this.shards = shards;
        this.router = router;
        this.transfer = transfer;
        this.catchUp = catchUp;
        this.reads = reads;
        this.digests = new RowDigests(source, shards, router);
    }

    /**
     * What verifying one chunk found.
     *
     * @param rowsCompared source rows of the chunk
     * @param recompared true if the first comparison differed
     * @param keysRepaired keys confirmed different and re-synced
     * @param confirmed the (key, shard) differences confirmed, before any repair
     * @param remaining the differences left: after the repair, or {@code confirmed} without one
     * @param sourceLockMillis the longest time one locking read of the repair held its source locks, ms (0: no
     *     repair, no source lock)
     * @param undecided the chunk still differed when the target's writer had not caught up within the bound:
     *     {@code confirmed} and {@code remaining} are then empty (lag cannot be told from difference)
     */
    record Outcome(long rowsCompared, boolean recompared, long keysRepaired, List<RowDigests.Mismatch> confirmed,
                   List<RowDigests.Mismatch> remaining, long sourceLockMillis, boolean undecided) {
        static Outcome undecided(long rows) {
            return new Outcome(rows, true, 0, List.of(), List.of(), 0, true);
        }
    }

    /**
     * @param t the table's schema under its target name (the name its sharding key is configured for)
     * @param sourceName the source table's name, {@code t.name()} unless the source table is named otherwise
     */
    Outcome verify(TableSchema t, String sourceName, KeyRange range) throws SQLException, InterruptedException {
        boolean split = shards.size() > 1 && router.route(t, t.storedColumns()) != ShardRouter.TableRoute.EVERY;
        long rows = -1;
        if (!split) {
            for (int round = 0; round < catchUp.rounds(); round++) {
                if (round > 0 && !catchUp.await()) {
                    return Outcome.undecided(rows);
                }
                List<Record2<Integer, Long>> sides = chunkDigests(t, sourceName, range);
                rows = sides.get(0).value1();
                if (sides.stream().allMatch(s -> s.equals(sides.get(0)))) {
                    return new Outcome(rows, round > 0, 0, List.of(), List.of(), 0, false);
                }
            }
        }
        RowDigests.Diff diff = digests.diff(t, sourceName, range, null);
        boolean[] lagging = {false};
        List<RowDigests.Mismatch> confirmed = confirm(t, sourceName, diff.differing(), lagging);
        if (lagging[0]) {
            return Outcome.undecided(diff.sourceRows());
        }
        if (confirmed.isEmpty()) {
            return new Outcome(diff.sourceRows(), !split || !diff.mismatches().isEmpty(), 0, List.of(), List.of(), 0,
                    false);
        }
        List<KeyValue> keys = new ArrayList<>(keysOf(confirmed));
        if (transfer == null) {
            return new Outcome(diff.sourceRows(), true, 0, confirmed, confirmed, 0, false);
        }
        log.info("table {} chunk {}: {} keys differ from the source, repairing: {}", t.name(), range, keys.size(),
                shown(keys));
        long lockMillis = 0;
        int slice = (int) Math.max(1, Math.min(KEYS_PER_STATEMENT, repairMaxBytes / ChunkPlanner.widestRowBytes(t)));
        for (int i = 0; i < keys.size(); i += slice) {
            lockMillis = Math.max(lockMillis, transfer.syncKeys(t, sourceName, t.name(),
                    keys.subList(i, Math.min(keys.size(), i + slice))).sourceLockMillis());
        }
        // the repair re-wrote these keys from the source: they are compared again even if a wait times out
        List<RowDigests.Mismatch> persisting = confirm(t, sourceName, keysOf(confirmed), null);
        return new Outcome(diff.sourceRows(), true, keys.size(), confirmed, persisting, lockMillis, false);
    }

    /**
     * @param lagging set to true if a wait ended without the target's writer catching up (the comparison then
     *     stops: what still differs is undecided); null to compare after such a wait all the same
     * @return the differences of the {@code candidates} that still differ after catching up, every round
     */
    private List<RowDigests.Mismatch> confirm(TableSchema t, String sourceName, Set<KeyValue> candidates,
                                              boolean[] lagging) throws SQLException, InterruptedException {
        Set<KeyValue> left = candidates;
        List<RowDigests.Mismatch> last = List.of();
        for (int round = 0; round < catchUp.rounds() && !left.isEmpty(); round++) {
            if (!catchUp.await() && lagging != null) {
                lagging[0] = true;
                return last;
            }
            List<RowDigests.Mismatch> found = new ArrayList<>();
            List<KeyValue> all = new ArrayList<>(left);
            for (int i = 0; i < all.size(); i += KEYS_PER_STATEMENT) {
                found.addAll(digests.diff(t, sourceName, null,
                        all.subList(i, Math.min(all.size(), i + KEYS_PER_STATEMENT))).mismatches());
            }
            Set<KeyValue> before = left;
            last = found.stream().filter(m -> before.contains(m.key())).toList();
            left = keysOf(last);
        }
        return left.isEmpty() ? List.of() : last;
    }

    static Set<KeyValue> keysOf(List<RowDigests.Mismatch> mismatches) {
        Set<KeyValue> keys = new LinkedHashSet<>();
        mismatches.forEach(m -> keys.add(m.key()));
        return keys;
    }

    /** @return the (count, digest) of the chunk on the source, then on each shard, read in parallel */
    private List<Record2<Integer, Long>> chunkDigests(TableSchema t, String sourceName, KeyRange range)
            throws SQLException, InterruptedException {
        List<Future<Record2<Integer, Long>>> futures = new ArrayList<>();
        futures.add(reads.submit(() -> VerifyStatements.chunkDigest(source.dsl(), source.endpoint().database(),
                sourceName, t.storedColumns(), t.requireKey(), range).fetchOne()));
        for (ServerPool p : shards) {
            futures.add(reads.submit(() -> VerifyStatements.chunkDigest(p.dsl(), p.endpoint().database(), t.name(),
                    t.storedColumns(), t.requireKey(), range).fetchOne()));
        }
        List<Record2<Integer, Long>> out = new ArrayList<>();
        for (Future<Record2<Integer, Long>> f : futures) {
            try {
                out.add(f.get());
            } catch (ExecutionException e) {
                throw e.getCause() instanceof SQLException s ? s : new SQLException(e.getCause().getMessage(), e.getCause());
            }
        }
        return out;
    }

    /** @return the first {@value #KEYS_SHOWN} keys, and how many there are if more */
    static String shown(List<KeyValue> keys) {
        return keys.stream().limit(KEYS_SHOWN).map(KeyValue::toString).collect(Collectors.joining(", "))
                + (keys.size() > KEYS_SHOWN ? ", ... (" + keys.size() + " keys)" : "");
    }
}
