package io.tablemover.engine.verify;

import static io.tablemover.testing.TestData.exec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tablemover.engine.plugin.PluginLoader;
import io.tablemover.engine.plugin.PluginRegistry;
import io.tablemover.engine.state.Phase;
import io.tablemover.engine.step.MoveListener;
import io.tablemover.spi.sharding.KeyRange;
import io.tablemover.spi.sharding.ShardingFunction;
import io.tablemover.testing.BundledPlugins;
import io.tablemover.testing.MoveHarness;
import io.tablemover.testing.MysqlServers;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The verify phase of a reshard: each shard is compared with exactly the source rows it owns, so a row on a shard
 * that does not own it is a difference too; all are repaired and counted.
 */
class VerifyReshardIT {
    @TempDir
    Path temp;

    private final MysqlServers servers = MysqlServers.get();

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void aMisplacedRowAMissingRowAndAChangedRowOnTheShardsAreRepaired() throws Exception {
        Path plugins = BundledPlugins.assemble(temp.resolve("plugins"), "sharding-hash");
        String src = servers.source().createDatabase("vrs_src");
        List<String> shards = List.of(servers.target().createDatabase("vrs_a"), servers.target().createDatabase("vrs_b"));
        List<KeyRange> ranges = List.of(KeyRange.parse("-80"), KeyRange.parse("80-"));
        try (Connection c = servers.source().connect(src)) {
            exec(c, "CREATE TABLE o (id INT PRIMARY KEY, customer_id BIGINT UNSIGNED NOT NULL, note VARCHAR(40))",
                    "SET SESSION cte_max_recursion_depth = 10000",
                    "INSERT INTO o WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < 3000)"
                            + " SELECT n, n % 101 + 1, CONCAT('order ', n) FROM s");
        }
        int[] ownerOf = new int[3001];
        try (PluginRegistry registry = PluginLoader.loadConfigured(Optional.of(plugins))) {
            ShardingFunction hash = registry.createShardingFunction("hash", Map.of());
            for (int id = 1; id <= 3000; id++) {
                ownerOf[id] = ranges.get(0).contains(hash.keyspaceId((long) (id % 101 + 1))) ? 0 : 1;
            }
        }
        int misplaced = firstOwnedBy(ownerOf, 1); // a copy of it goes to shard 0, which does not own it
        int missing = nextOwnedBy(ownerOf, 1, misplaced);
        int changed = firstOwnedBy(ownerOf, 0);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        MoveListener corrupt = new MoveListener() {
            @Override
            public void phase(Phase phase) {
                if (phase != Phase.VERIFY) {
                    return;
                }
                try (Connection a = servers.target().connect(shards.get(0));
                     Connection b = servers.target().connect(shards.get(1))) {
                    exec(a, "INSERT INTO o VALUES (" + misplaced + ", " + (misplaced % 101 + 1) + ", 'order "
                                    + misplaced + "')",
                            "UPDATE o SET note = 'corrupt' WHERE id = " + changed);
                    exec(b, "DELETE FROM o WHERE id = " + missing);
                } catch (Throwable e) {
                    failure.set(e);
                }
            }
        };
        List<String> args = new ArrayList<>(List.of("move", "--source", MoveHarness.url(servers.source(), src),
                "--target", MoveHarness.url(servers.target(), shards.get(0)) + "@-80",
                "--target", MoveHarness.url(servers.target(), shards.get(1)) + "@80-",
                "--tables", "o", "--sharding-key", "o=customer_id", "--source-user", servers.source().user(),
                "--target-user", servers.target().user(), "--plugins-dir", plugins.toString(), "--execute"));
        MoveHarness.Run run = MoveHarness.run(args, Map.of(
                "TABLEMOVER_SOURCE_PASSWORD", servers.source().password(),
                "TABLEMOVER_TARGET_PASSWORD", servers.target().password()), corrupt);
        assertEquals(null, failure.get());
        assertEquals(0, run.exitCode(), run.out() + run.err());
        assertTrue(run.out().contains(", 3 keys repaired"), run.out());
        int seen = 0;
        for (int i = 0; i < 2; i++) {
            Map<Integer, String> got = new TreeMap<>();
            try (Connection c = servers.target().connect(shards.get(i)); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT id, customer_id, note FROM o")) {
                while (rs.next()) {
                    got.put(rs.getInt(1), rs.getLong(2) + "|" + rs.getString(3));
                }
            }
            Map<Integer, String> expected = new TreeMap<>();
            for (int id = 1; id <= 3000; id++) {
                if (ownerOf[id] == i) {
                    expected.put(id, (id % 101 + 1) + "|order " + id);
                }
            }
            assertEquals(expected, got, "shard " + i);
            seen += got.size();
        }
        assertEquals(3000, seen);
    }

    private static int firstOwnedBy(int[] ownerOf, int shard) {
        return nextOwnedBy(ownerOf, shard, 0);
    }

    private static int nextOwnedBy(int[] ownerOf, int shard, int after) {
        for (int id = after + 1; id < ownerOf.length; id++) {
            if (ownerOf[id] == shard) {
                return id;
            }
        }
        throw new IllegalStateException("no row owned by shard " + shard);
    }
}
