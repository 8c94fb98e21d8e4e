package io.tablemover.engine.run;

import io.tablemover.engine.config.Endpoint;
import io.tablemover.engine.config.Extensions;
import io.tablemover.engine.config.InvalidInputException;
import io.tablemover.engine.config.Shard;
import io.tablemover.engine.config.Sharding;
import io.tablemover.engine.mysql.ServerPool;
import io.tablemover.engine.plugin.RunExtensions;
import io.tablemover.engine.shard.ShardRouter;
import io.tablemover.engine.transfer.LockWaits;
import io.tablemover.engine.transfer.RowTransfer;
import io.tablemover.engine.verify.StandaloneVerify;
import io.tablemover.engine.verify.VerifyReport;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The one way in to the standalone {@code tablemover verify}, as {@link Moves} is to a move: loads the sharding
 * functions the layout needs (before any server is contacted), connects to every server (a refused or unreachable
 * one is invalid input), and runs {@link StandaloneVerify}.
 */
public final class Verifies {
    /** Lock waits of {@code --repair}'s locking reads on the source: 5 s each, retried for up to 10 min. */
    private static final Duration LOCK_WAIT = Duration.ofSeconds(5);
    private static final Duration LOCK_WAIT_RETRY = Duration.ofMinutes(10);

    private Verifies() {}

    /**
     * What to compare and how.
     *
     * @param source the source database
     * @param sharding the target(s), with key ranges and sharding keys when sharded
     * @param tables the tables' names on the target(s), checked
     * @param sourceSuffix null, or the suffix of the source tables' names ({@code _<table><suffix>})
     * @param repair whether to write the source's rows of differing keys into the target(s)
     * @param chunkRows rows per compared chunk
     * @param maxKeys mismatched keys per table listed in full
     * @param pluginsDir {@code --plugins-dir}, null for the installation's
     * @param runCatchUp beside a run in progress: how long one wait for the run's stream position lasts at most
     */
    public record Request(Endpoint source, Sharding sharding, List<String> tables, String sourceSuffix, boolean repair,
                          int chunkRows, int maxKeys, java.nio.file.Path pluginsDir, Duration runCatchUp) {}

    /**
     * Compares the tables.
     *
     * @return the report
     * @throws InvalidInputException a plugins folder that cannot be loaded, a server that refuses or cannot be
     *     reached, a table missing on a server or without a key (exit code 2)
     * @throws SQLException if a server fails while comparing
     * @throws org.jooq.exception.DataAccessException if a server fails while comparing
     * @throws InterruptedException if the calling thread is interrupted
     */
    public static VerifyReport run(Request r) throws SQLException, InterruptedException {
        Extensions extensions = new Extensions(java.util.Optional.ofNullable(r.pluginsDir()), java.util.Optional.empty(),
                Extensions.DEFAULT_HOOKS_TIMEOUT, Extensions.DEFAULT_HOOKS_STATUS_INTERVAL, java.util.Optional.empty(),
                Extensions.DEFAULT_THROTTLE_HTTP_INTERVAL, false, java.util.Optional.empty());
        int size = r.sharding().shards().size() + 2;
        List<ServerPool> shards = new ArrayList<>();
        List<String> names = new ArrayList<>();
        try (RunExtensions plugins = RunExtensions.open(extensions, r.sharding().vindexes());
             ServerPool source = new ServerPool("source", r.source(), size, (int) LOCK_WAIT.toSeconds())) {
            try {
                reach("source", r.source().url(), source);
                for (Shard s : r.sharding().shards()) {
                    String name = r.sharding().sharded() ? s.endpoint().url() + "@" + s.name() : s.endpoint().url();
                    ServerPool p = new ServerPool(r.sharding().sharded() ? "target[" + s.name() + "]" : "target",
                            s.endpoint(), size, 20);
                    shards.add(p);
                    names.add(name);
                    reach("target", name, p);
                }
                ShardRouter router = new ShardRouter(r.sharding(), plugins::shardingFunction);
                RowTransfer repair = r.repair()
                        ? new RowTransfer(source, shards, router, new LockWaits(source, LOCK_WAIT, LOCK_WAIT_RETRY))
                        : null;
                return new StandaloneVerify(source, shards, names, router, repair, r.chunkRows(), r.maxKeys(),
                        r.runCatchUp()).run(r.tables(), r.sourceSuffix());
            } finally {
                shards.forEach(ServerPool::close);
            }
        }
    }

    /** Connects once, so that a refused or unreachable server is one line of invalid input. */
    private static void reach(String side, String shown, ServerPool pool) {
        try {
            pool.probe();
        } catch (SQLException e) {
            String message = e.getMessage() == null ? e.toString() : e.getMessage().split("\n")[0];
            String hint = message.contains("using password: NO") ? " (no password given: set TABLEMOVER_"
                    + side.toUpperCase(java.util.Locale.ROOT) + "_PASSWORD or " + side + ".password in --config)" : "";
            throw new InvalidInputException("cannot connect to the " + side + " " + shown + ": " + message + hint);
        }
    }
}
