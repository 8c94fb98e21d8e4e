package io.tablemover.engine.step;

import io.tablemover.engine.config.Endpoint;
import io.tablemover.engine.config.Shard;
import io.tablemover.spi.hook.DatabaseEndpoint;
import io.tablemover.spi.hook.RunInfo;
import io.tablemover.spi.hook.RunProgress;
import io.tablemover.spi.hook.TargetShard;
import java.util.List;
import java.util.Optional;

/** Builds the {@link RunInfo} that hooks and throttlers see. */
public final class RunInfos {
    private RunInfos() {}

    /**
     * The run as plugins see it when it starts (phase empty, no progress): what the hooks' events carry and what
     * hook and throttler factories get in {@code PluginContext.run()}.
     *
     * @param targets every target with its key range, the home target first
     * @param delTables the moved tables' names on the source after the cutover, in the order of {@code tables}
     * @return the run, without user names or passwords
     */
    public static RunInfo of(String token, Endpoint source, List<Shard> targets, List<String> tables,
                                  List<String> delTables) {
        List<TargetShard> shards = targets.stream().map(s -> new TargetShard(endpoint(s.endpoint()), s.keyRange())).toList();
        return new RunInfo(token, endpoint(source), shards.get(0).endpoint(), tables, delTables, "", RunProgress.NONE,
                Optional.empty(), shards);
    }

    private static DatabaseEndpoint endpoint(Endpoint e) {
        return new DatabaseEndpoint(e.host(), e.port(), e.database());
    }
}
