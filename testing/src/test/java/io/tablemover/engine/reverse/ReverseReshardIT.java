package io.tablemover.engine.reverse;

import static io.tablemover.engine.reverse.ReverseIT.TABLES;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tablemover.engine.error.ExitCode;
import io.tablemover.engine.step.MoveListener;
import io.tablemover.testing.BundledPlugins;
import io.tablemover.testing.MoveHarness;
import io.tablemover.testing.MysqlServers;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12 with resharded targets: a 1→2 reshard with {@code --reverse-window}, the application writing on both shards
 * (inserts, updates of values and keys, deletes), then {@code revert}: one reverse stream per shard, all into the one
 * source, which then holds exactly the union of the shards' rows.
 */
class ReverseReshardIT {
    private final MysqlServers servers = MysqlServers.get();

    @TempDir
    Path temp;

    @Test
    void revertOfAReshardGivesTheSourceTheUnionOfTheShards() throws Exception {
        Path plugins = BundledPlugins.assemble(temp.resolve("plugins"), "sharding-hash");
        String src = servers.source().createDatabase("revsh_src");
        String a = servers.target().createDatabase("revsh_a");
        String b = servers.target().createDatabase("revsh_b");
        try (Connection c = servers.source().connect(src)) {
            TargetLoad.seed(c);
        }
        List<String> shardOptions = List.of("--target", MoveHarness.url(servers.target(), a) + "@-80",
                "--target", MoveHarness.url(servers.target(), b) + "@80-", "--sharding-key", "items=id",
                "--sharding-key", "order_lines=order_id", "--sharding-key", "accounts=handle:xxhash",
                "--plugins-dir", plugins.toString());
        CompletableFuture<MoveHarness.Run> run = InReverse.start(listener -> run("move", src, shardOptions, listener,
                "--execute", "--reverse-window", "1h", "--checkpoint-interval", "1"));

        ReverseLag lag = new ReverseLag(servers, src, a, 30_000_000);
        lag.start();
        CompletableFuture<Void> onA = CompletableFuture.runAsync(() -> load(a, 10_000_000));
        load(b, 20_000_000);
        onA.get(60, TimeUnit.SECONDS);
        lag.stop();
        System.out.println("REVERSE LAG of a 1→2 reshard under 2 x 150 writes/s on the shards (every key looked up on"
                + " both): " + lag.summary());

        MoveHarness.Run revert = run("revert", src, shardOptions, MoveListener.NONE, "--execute");
        assertEquals(ExitCode.OK.code(), revert.exitCode(), revert.out() + revert.err());
        MoveHarness.Run moved = run.get(120, TimeUnit.SECONDS);
        assertEquals(ExitCode.OK.code(), moved.exitCode(), moved.out() + moved.err());

        ShardUnion.assertSourceEqualsUnion(servers, src, List.of(a, b), TABLES, "revsh_union");
        assertEquals(List.of("accounts", "items", "order_lines"), ReverseIT.tables(servers.source(), src));
    }

    private void load(String shard, long serialBase) {
        try {
            new TargetLoad(servers.target(), shard, serialBase, true).run(600, 150);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private MoveHarness.Run run(String command, String src, List<String> shardOptions, MoveListener listener,
                                String... extra) {
        List<String> args = new ArrayList<>(List.of(command, "--source", MoveHarness.url(servers.source(), src),
                "--tables", String.join(",", TABLES), "--source-user", servers.source().user(),
                "--target-user", servers.target().user()));
        args.addAll(shardOptions);
        args.addAll(List.of(extra));
        return MoveHarness.run(args, Map.of("TABLEMOVER_SOURCE_PASSWORD", servers.source().password(),
                "TABLEMOVER_TARGET_PASSWORD", servers.target().password()), listener);
    }
}
