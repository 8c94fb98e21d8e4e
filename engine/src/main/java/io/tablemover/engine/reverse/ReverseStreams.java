package io.tablemover.engine.reverse;

import com.github.shyiko.mysql.binlog.GtidSet;
import com.google.common.base.Preconditions;
import com.google.common.util.concurrent.Striped;
import io.tablemover.engine.apply.Applier;
import io.tablemover.engine.apply.ChangeBuffer;
import io.tablemover.engine.apply.ImageWriter;
import io.tablemover.engine.apply.Replication;
import io.tablemover.engine.apply.RowImageWriter;
import io.tablemover.engine.binlog.BinlogStream;
import io.tablemover.engine.config.MoveConfig;
import io.tablemover.engine.cutover.CutoverNames;
import io.tablemover.engine.error.ExitCode;
import io.tablemover.engine.error.MoveException;
import io.tablemover.engine.mysql.ServerPool;
import io.tablemover.engine.mysql.ServerPools;
import io.tablemover.engine.plugin.ThrottleGate;
import io.tablemover.engine.schema.TableSchema;
import io.tablemover.engine.shard.ShardRouter;
import io.tablemover.engine.sql.ServerStatements;
import io.tablemover.engine.state.StateException;
import io.tablemover.engine.transfer.AppliedKeys;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Lock;

/**
 * The reverse replication of a run with {@code --reverse-window}: one binlog stream per target shard, each feeding
 * its own {@link ChangeBuffer} and {@link Applier} (the forward stream's classes, unchanged) that write the row images
 * into the one source, to the {@code _t_del} tables ({@link ImageWriter} with the cutover's name mapping; the source is
 * one shard for it). Throttled by the run's {@link ThrottleGate}. Opened once per process, by the first reverse step
 * that needs it; closed by the step that ends the reverse replication, or when a reverse step fails.
 *
 * <p>Resharded targets stream back independently: a row moved between shards by an update of its sharding key
 * arrives as a delete from one shard and an insert from the other, in no defined order. Their streams therefore write
 * through {@link ShardReconciler}, which looks each batch's keys up on all the shards and keeps a row that a deleted key
 * still has on another one (see docs/architecture.md).
 * Reference tables come back from the first shard's stream only.
 */
public final class ReverseStreams implements AutoCloseable {
    /** Bytes of row images one buffer holds before its stream waits: 64 MiB (as forward). */
    private static final long BUFFER_BYTES = 64L << 20;
    /** Locks over (table, key) shared by the shards' {@link ShardReconciler}s. */
    private static final int KEY_LOCK_STRIPES = 4096;

    private final MoveConfig config;
    private final ServerPools pools;
    private final ThrottleGate gate;
    private final ShardRouter router;
    private List<Replication> replications;
    private long revertStartNanos;

    @Inject
    public ReverseStreams(MoveConfig config, ServerPools pools, ThrottleGate gate, ShardRouter router) {
        this.config = config;
        this.router = router;
        this.pools = pools;
        this.gate = gate;
    }

    /** @return true while the streams run in this process */
    public synchronized boolean isOpen() {
        return replications != null;
    }

    /**
     * Opens one stream per shard from its stored position.
     *
     * @param positions per shard, the GTID set already applied to the source (the stored reverse checkpoint)
     * @param tables the moved tables, under their own names (as the targets hold them)
     * @param expectRename true once the revert may have renamed the target tables: the stream restarts before that
     *     RENAME and must take it as expected
     * @throws StateException if a shard purged binlogs the position needs, or the run stores no position per shard
     * @throws MoveException (exit code 4) if a binlog connection is refused
     */
    public synchronized void open(String token, List<String> positions, List<TableSchema> tables, boolean expectRename) {
        Preconditions.checkState(replications == null, "the reverse streams run already");
        List<ServerPool> shards = pools.shards();
        if (positions.size() != shards.size()) {
            throw new StateException("run " + token + " stores " + positions.size() + " reverse stream positions for "
                    + shards.size() + " targets: it was not cut over with --reverse-window by this tablemover");
        }
        List<ReverseSink> sinks = new ArrayList<>();
        List<ShardReconciler.Shard> reads = new ArrayList<>();
        for (int i = 0; i < shards.size(); i++) {
            ChangeBuffer buffer = new ChangeBuffer(config.changeBufferKeys(), BUFFER_BYTES);
            if (expectRename) {
                buffer.expectDdl();
            }
            sinks.add(new ReverseSink(buffer, positions.get(i)));
            reads.add(new ShardReconciler.Shard(shards.get(i), sinks.get(i)));
        }
        Striped<Lock> locks = Striped.lock(KEY_LOCK_STRIPES);
        List<Replication> opened = new ArrayList<>();
        try {
            for (int i = 0; i < shards.size(); i++) {
                ImageWriter intoSource = new ImageWriter(List.of(pools.source()), ShardRouter.single(),
                        CutoverNames::deletedName);
                // reference tables come back from the first shard only (every shard holds the same rows)
                List<TableSchema> followed = i == 0 ? tables
                        : tables.stream().filter(t -> router.route(t) != ShardRouter.TableRoute.EVERY).toList();
                opened.add(open(token, shards.get(i), positions.get(i), followed, sinks.get(i), shards.size() == 1
                        ? intoSource : new ShardReconciler(i, reads, intoSource, router, locks)));
            }
        } catch (RuntimeException | Error e) {
            opened.forEach(Replication::close);
            throw e;
        }
        replications = opened;
    }

    private Replication open(String token, ServerPool shard, String from, List<TableSchema> tables, ReverseSink sink,
                             RowImageWriter writer) {
        String purged = shard.dsl().fetchOne(ServerStatements.selectGtidPurged()).get(0, String.class);
        if (purged != null && !purged.isBlank() && !new GtidSet(purged).isContainedWithin(new GtidSet(from))) {
            throw new StateException("target " + shard.endpoint().address() + " has purged binlogs that the reverse stream"
                    + " of run " + token + " needs (gtid_purged " + purged + ", reverse position " + from + "): the source's"
                    + " _del tables can no longer catch up; give the target binlogs a longer expiry with --reverse-window");
        }
        String lctn = shard.dsl().fetchOne(ServerStatements.selectGlobalVariable("lower_case_table_names")).get(0, String.class);
        BinlogStream stream;
        try {
            stream = new BinlogStream(shard.endpoint(), from, tables, lctn == null ? 0 : Integer.parseInt(lctn.trim()),
                    sink);
        } catch (IOException e) {
            throw new MoveException(ExitCode.RUNTIME_FAILURE, "cannot stream the target's binlog from "
                    + shard.endpoint().address() + " (reverse stream): " + e.getMessage() + "; check that the target user"
                    + " has REPLICATION SLAVE and that binlogs are not purged", null, e);
        }
        AppliedKeys keys = new AppliedKeys();
        keys.copyDone(); // no copy runs against the source's _del tables: nothing to record for a watermark
        try {
            return new Replication(sink.buffer(), stream, new Applier(sink.buffer(), writer, keys, from, gate));
        } catch (RuntimeException | Error e) {
            stream.close();
            throw e;
        }
    }

    private synchronized List<Replication> running() {
        Preconditions.checkState(replications != null, "the reverse streams are not open");
        return replications;
    }

    /** The revert's RENAME on the targets follows: each stream takes it as expected (and later DDL as no concern). */
    public void expectRename() {
        running().forEach(r -> r.buffer().expectDdl());
    }

    /** @return per shard, the GTID set applied to the source: the reverse checkpoint */
    public List<String> applied() {
        return running().stream().map(r -> r.applier().appliedGtidSet()).toList();
    }

    /** @return true if every shard's stream has applied that shard's GTID set */
    public boolean hasApplied(List<String> perShard) {
        List<Replication> rs = running();
        for (int i = 0; i < rs.size(); i++) {
            if (!rs.get(i).applier().hasApplied(perShard.get(i))) {
                return false;
            }
        }
        return true;
    }

    /** @return the largest lag of the shards' streams, ms: how long the oldest change not yet on the source waits */
    public long lagMs() {
        List<Replication> rs = replications;
        return rs == null ? 0 : rs.stream().mapToLong(r -> r.applier().lagMs()).max().orElse(0);
    }

    /** @return row images written to the source so far */
    public long keysApplied() {
        List<Replication> rs = replications;
        return rs == null ? 0 : rs.stream().mapToLong(r -> r.applier().keysApplied()).sum();
    }

    /** @throws RuntimeException the first failure of a stream or its applier */
    public void checkFailure() {
        running().forEach(r -> r.applier().checkFailure());
    }

    /**
     * The revert's first RENAME on a target was sent at {@code nanos} ({@link System#nanoTime()}): the
     * write-unavailability window starts there.
     */
    public void revertStarts(long nanos) {
        revertStartNanos = nanos;
    }

    /** @return {@link System#nanoTime()} when this process sent the revert's RENAME; 0 if it did not */
    public long revertStartNanos() {
        return revertStartNanos;
    }

    /** Stops the streams (each: buffer, stream, applier; see {@link Replication}); idempotent. */
    @Override
    public synchronized void close() {
        List<Replication> rs = replications;
        replications = null;
        if (rs != null) {
            rs.forEach(Replication::close);
        }
    }
}
