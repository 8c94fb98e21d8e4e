package io.tablemover.engine.reverse;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tablemover.engine.mysql.ServerPool;
import io.tablemover.engine.schema.TableSchema;
import io.tablemover.engine.sql.SchemaReader;
import io.tablemover.testing.MoveHarness;
import io.tablemover.testing.MysqlServers;
import io.tablemover.testing.RowComparer;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;

/** After the revert of a reshard: the source must equal the union of the shards' {@code _t_rev} tables, row by row. */
final class ShardUnion {
    private ShardUnion() {}

    /**
     * Creates database {@code unionDb} on the target server with, per table, the rows of every shard's {@code _t_rev},
     * and compares each table with the source's.
     *
     * @throws AssertionError naming the table and the differing rows
     */
    static void assertSourceEqualsUnion(MysqlServers servers, String src, List<String> shardDbs, List<String> tables,
                                        String unionDb) throws Exception {
        String union = servers.target().createDatabase(unionDb);
        try (Connection c = servers.target().connect(union); Statement s = c.createStatement()) {
            for (String t : tables) {
                String reverted = "`_" + t + "_rev`";
                s.execute("CREATE TABLE " + t + " LIKE `" + shardDbs.get(0) + "`." + reverted);
                for (String shard : shardDbs) {
                    s.execute("INSERT INTO " + t + " SELECT * FROM `" + shard + "`." + reverted);
                }
            }
        }
        try (ServerPool source = MoveHarness.pool(servers.source(), src);
             ServerPool target = MoveHarness.pool(servers.target(), union)) {
            for (String t : tables) {
                TableSchema schema = new SchemaReader(source.dsl()).read(src, t);
                RowComparer.Comparison cmp = RowComparer.compare(source, src, t, target, union, t, schema);
                assertTrue(cmp.identical(), t + ": " + cmp.differences() + " rows differ, e.g. " + cmp.examples());
            }
        }
    }
}
