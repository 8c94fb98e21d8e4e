package io.tablemover.engine.apply;

import com.github.shyiko.mysql.binlog.GtidSet;
import io.tablemover.engine.binlog.BinlogStream;
import io.tablemover.engine.config.MoveConfig;
import io.tablemover.engine.error.ExitCode;
import io.tablemover.engine.error.Fixes;
import io.tablemover.engine.error.MoveException;
import io.tablemover.engine.mysql.ServerPools;
import io.tablemover.engine.plugin.ThrottleGate;
import io.tablemover.engine.schema.TableSchema;
import io.tablemover.engine.shard.ShardRouter;
import io.tablemover.engine.transfer.RowTransfer;
import io.tablemover.engine.sql.ServerStatements;
import io.tablemover.engine.sql.Statements;
import io.tablemover.engine.state.StateException;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Starts the run's {@link Replication} from a stored binlog position (a GTID set): checks that the source still
 * has the binlogs it needs, opens the stream and starts the applier.
 */
public final class ReplicationFactory {
    /** Bytes of row images ({@link ImageSize}) the change buffer holds before the stream waits: 64 MiB. */
    static final long BUFFER_BYTES = 64L << 20;

    private final MoveConfig config;
    private final ServerPools pools;
    private final ShardRouter router;
    private final RowTransfer transfer;
    private final ThrottleGate gate;

    /** @param router places the applied rows on the target shards */
    @Inject
    public ReplicationFactory(MoveConfig config, ServerPools pools, ShardRouter router, RowTransfer transfer,
                              ThrottleGate gate) {
        this.transfer = transfer;
        this.config = config;
        this.pools = pools;
        this.router = router;
        this.gate = gate;
    }

    /**
     * @param token the run, for messages
     * @param fromGtid the stored stream position: everything in it is on the target already
     * @param tables the moved tables, under their own names
     * @param renamed table → {@code _table_del} when the source tables are renamed already (a run resumed after its
     *     RENAME), else empty: the stream then expects the RENAME's own DDL, which may follow the stored position
     * @return the running replication; the caller closes it
     * @throws StateException if the source purged binlogs the position needs (the run cannot continue)
     * @throws MoveException (exit code 4) if the binlog connection is refused
     */
    public Replication open(String token, String fromGtid, List<TableSchema> tables, Map<String, String> renamed) {
        checkNotPurged(token, fromGtid);
        ChangeBuffer buffer = new ChangeBuffer(config.changeBufferKeys(), BUFFER_BYTES);
        if (!renamed.isEmpty()) {
            // the stream restarts from the stored GTID set, which may precede the cutover's own RENAME: expect
            // that DDL before the stream starts (announcing it once the stream runs would be a race)
            buffer.expectDdl();
        }
        BinlogStream stream;
        try {
            stream = new BinlogStream(config.source(), fromGtid, tables, lowerCaseTableNames(), buffer);
        } catch (IOException e) {
            throw new MoveException(ExitCode.RUNTIME_FAILURE, "cannot stream the source's binlog: " + e.getMessage()
                    + "; check that the user has REPLICATION SLAVE and that binlogs are not purged", null, e);
        }
        try {
            return new Replication(buffer, stream, new Applier(buffer, new ImageWriter(pools.shards(), router),
                    transfer.appliedKeys(), fromGtid, gate));
        } catch (RuntimeException | Error e) {
            stream.close();
            throw e;
        }
    }

    /** @return the source's {@code lower_case_table_names}: whether it compares table names in lower case */
    private int lowerCaseTableNames() {
        String v = pools.source().dsl().fetchOne(ServerStatements.selectGlobalVariable("lower_case_table_names"))
                .get(0, String.class);
        return v == null ? 0 : Integer.parseInt(v.trim());
    }

    /** Fails early if the source purged binlogs that the stored stream position still needs. */
    private void checkNotPurged(String token, String from) {
        String purged = pools.source().dsl().fetchOne(ServerStatements.selectGtidPurged()).get(0, String.class);
        if (purged != null && !purged.isBlank() && !new GtidSet(purged).isContainedWithin(new GtidSet(from))) {
            throw new StateException("the source has purged binlogs that run " + token + " needs (gtid_purged " + purged
                    + " is not within the run's stream position " + from + "): the run cannot continue; "
                    + Fixes.CANCEL_AND_START_AGAIN);
        }
    }
}
