package io.tablemover.engine.verify;

import io.tablemover.engine.apply.Applier;
import io.tablemover.engine.mysql.ServerPool;
import io.tablemover.engine.schema.KeyRange;
import io.tablemover.engine.schema.KeyValue;
import io.tablemover.engine.schema.TableSchema;
import io.tablemover.engine.shard.ShardRouter;
import io.tablemover.engine.sql.ServerStatements;
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
 *   <li>otherwise the stream may still carry changes of the chunk: wait until the applier has applied the source's
 *       current {@code gtid_executed}, compare again, up to {@value #ROUNDS} rounds;</li>
 *   <li>then compare key by key ({@link RowDigests}), and re-compare the differing keys after the stream caught up
 *       again, {@value #ROUNDS} rounds: keys that differ every time are confirmed differences;</li>
 *   <li>repair them with {@link RowTransfer#syncKeys} (the copy's write path: delete where the source lacks the key,
 *       REPLACE the rest, on every shard), then compare those keys again; a difference that persists fails the run
 *       ({@link VerifyException}).</li>
 * </ol>
 */
final class ChunkVerifier {
    private static final Logger log = LoggerFactory.getLogger(ChunkVerifier.class);
    static final int ROUNDS = 3;
    private static final long CATCH_UP_TIMEOUT_NANOS = 60_000_000_000L;
    private static final int KEYS_SHOWN = 10;

    private final ServerPool source;
    private final List<ServerPool> shards;
    private final ShardRouter router;
    private final RowTransfer transfer;
    private final Applier applier;
    private final ExecutorService reads;
    private final RowDigests digests;

    ChunkVerifier(ServerPool source, List<ServerPool> shards, ShardRouter router, RowTransfer transfer, Applier applier,
                  ExecutorService reads) {
        this.source = source;
        this.shards = shards;
        this.router = router;
        this.transfer = transfer;
        this.applier = applier;
        this.reads = reads;
        this.digests = new RowDigests(source, shards, router);
    }

    /**
     * What verifying one chunk found.
     *
     * @param rowsCompared source rows of the chunk
     * @param recompared true if the first comparison differed
     * @param keysRepaired keys confirmed different and re-synced
     */
    record Outcome(long rowsCompared, boolean recompared, long keysRepaired) {}

    Outcome verify(TableSchema t, KeyRange range) throws SQLException, InterruptedException {
        boolean split = shards.size() > 1 && router.route(t, t.storedColumns()) != ShardRouter.TableRoute.EVERY;
        long rows = -1;
        if (!split) {
            for (int round = 0; round < ROUNDS; round++) {
                if (round > 0) {
                    waitForStream();
                }
                List<Record2<Integer, Long>> sides = chunkDigests(t, range);
                rows = sides.get(0).value1();
                if (sides.stream().allMatch(s -> s.equals(sides.get(0)))) {
                    return new Outcome(rows, round > 0, 0);
                }
            }
        }
        RowDigests.Diff diff = digests.diff(t, range, null);
        Set<KeyValue> differing = confirm(t, diff.differing());
        if (differing.isEmpty()) {
            return new Outcome(diff.sourceRows(), !split || !diff.differing().isEmpty(), 0);
        }
        List<KeyValue> keys = new ArrayList<>(differing);
        log.info("table {} chunk {}: {} keys differ from the source, repairing: {}", t.name(), range, keys.size(),
                shown(keys));
        for (int i = 0; i < keys.size(); i += 500) {
            transfer.syncKeys(t, t.name(), t.name(), keys.subList(i, Math.min(keys.size(), i + 500)));
        }
        Set<KeyValue> persisting = confirm(t, differing);
        if (!persisting.isEmpty()) {
            throw new VerifyException("table " + t.name() + ": " + persisting.size() + " keys still differ from the source"
                    + " after their repair (something on the target changes the rows written, e.g. a trigger): "
                    + shown(new ArrayList<>(persisting)));
        }
        return new Outcome(diff.sourceRows(), true, keys.size());
    }

    /** @return the keys of {@code candidates} that still differ after the stream caught up, {@value #ROUNDS} times */
    private Set<KeyValue> confirm(TableSchema t, Set<KeyValue> candidates) throws SQLException, InterruptedException {
        Set<KeyValue> left = candidates;
        for (int round = 0; round < ROUNDS && !left.isEmpty(); round++) {
            waitForStream();
            Set<KeyValue> next = new LinkedHashSet<>();
            List<KeyValue> all = new ArrayList<>(left);
            for (int i = 0; i < all.size(); i += 500) {
                next.addAll(digests.diff(t, null, all.subList(i, Math.min(all.size(), i + 500))).differing());
            }
            next.retainAll(left);
            left = next;
        }
        return left;
    }

    /** Waits until the applier has applied what the source had committed now (at most 60 s). */
    private void waitForStream() throws InterruptedException {
        String gtid = source.dsl().fetchOne(ServerStatements.selectGtidExecuted()).value1();
        long deadline = System.nanoTime() + CATCH_UP_TIMEOUT_NANOS;
        while (!applier.hasApplied(gtid) && System.nanoTime() < deadline) {
            applier.checkFailure();
            Thread.sleep(5);
        }
    }

    /** @return the (count, digest) of the chunk on the source, then on each shard, read in parallel */
    private List<Record2<Integer, Long>> chunkDigests(TableSchema t, KeyRange range) throws SQLException,
            InterruptedException {
        List<ServerPool> sides = new ArrayList<>();
        sides.add(source);
        sides.addAll(shards);
        List<Future<Record2<Integer, Long>>> futures = new ArrayList<>();
        for (ServerPool p : sides) {
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

    private static String shown(List<KeyValue> keys) {
        return keys.stream().limit(KEYS_SHOWN).map(KeyValue::toString).collect(Collectors.joining(", "))
                + (keys.size() > KEYS_SHOWN ? ", ... (" + keys.size() + " keys)" : "");
    }
}
