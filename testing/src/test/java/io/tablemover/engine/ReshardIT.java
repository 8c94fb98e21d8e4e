package io.tablemover.engine;

import static io.tablemover.testing.TestData.exec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tablemover.engine.error.ExitCode;
import io.tablemover.engine.plugin.PluginLoader;
import io.tablemover.engine.plugin.PluginRegistry;
import io.tablemover.engine.step.MoveListener;
import io.tablemover.engine.state.Phase;
import io.tablemover.testing.BundledPlugins;
import io.tablemover.testing.MoveHarness;
import io.tablemover.testing.MysqlServers;
import io.tablemover.spi.sharding.KeyRange;
import io.tablemover.spi.sharding.ShardingFunction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Resharding on real servers: one source database split onto 2 and onto 4 shards while a concurrent load
 * inserts, updates (the sharding column included, which moves rows between shards), changes primary keys
 * and deletes, from before the copy until just before the cutover. Afterwards each shard holds exactly the
 * source rows whose keyspace id lies in its key range — compared row by row, column by column — and
 * nothing else; the reference table is whole on every shard.
 *
 * <p>Tables: {@code orders} (BIGINT AUTO_INCREMENT key) sharded by {@code customer_id} through the Vitess
 * {@code hash} vindex; {@code accounts} (VARCHAR key) sharded by its key {@code login} through
 * {@code xxhash}; {@code countries} a reference table. The 1→4 layout puts two shards on each server.
 */
class ReshardIT {
    private static final int ORDERS = 6_000;
    private static final int ACCOUNTS = 3_000;

    @TempDir
    static Path temp;

    private static Path pluginsDir;
    private static PluginRegistry registry;
    private static ShardingFunction hash;
    private static ShardingFunction xxhash;

    private final MysqlServers servers = MysqlServers.get();

    @BeforeAll
    static void plugins() throws Exception {
        pluginsDir = BundledPlugins.assemble(temp.resolve("plugins"), "sharding-hash");
        registry = PluginLoader.loadConfigured(Optional.of(pluginsDir));
        hash = registry.createShardingFunction("hash", Map.of());
        xxhash = registry.createShardingFunction("xxhash", Map.of());
        // the Vitess vectors: the test's own expectation rests on them, not on the engine's routing
        assertEquals("166b40b44aba4bd6", hash.keyspaceId(1L).toHex());
        assertEquals("d01ab7e4d6978f0b", xxhash.keyspaceId("test1").toHex());
    }

    @AfterAll
    static void close() {
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void reshardsOneToTwoUnderLoad() throws Exception {
        reshard(List.of(
                new ShardSpec(servers.target(), "-80"),
                new ShardSpec(servers.target(), "80-")));
    }

    @Test
    void reshardsOneToFourUnderLoad() throws Exception {
        reshard(List.of(
                new ShardSpec(servers.target(), "-40"),
                new ShardSpec(servers.source(), "40-80"),
                new ShardSpec(servers.target(), "80-c0"),
                new ShardSpec(servers.source(), "c0-")));
    }

    @Test
    void refusesTablesWithoutShardingKeyAndBadLayouts() throws Exception {
        String src = servers.source().createDatabase("rsbad_src");
        String a = servers.target().createDatabase("rsbad_a");
        String b = servers.target().createDatabase("rsbad_b");
        try (Connection c = servers.source().connect(src)) {
            exec(c, "CREATE TABLE t (id INT PRIMARY KEY, k INT NULL, s DECIMAL(5,1) NOT NULL)", "CREATE TABLE r (id INT PRIMARY KEY)",
                    "INSERT INTO t VALUES (1, NULL, 1.5)");
        }
        String ta = MoveHarness.url(servers.target(), a);
        String tb = MoveHarness.url(servers.target(), b);

        MoveHarness.Run noKey = move(src, List.of(ta + "@-80", tb + "@80-"), "t,r", "--sharding-key", "t=id");
        assertEquals(ExitCode.INVALID_INPUT.code(), noKey.exitCode(), noKey.err());
        assertTrue(noKey.err().contains("r have no sharding key") && noKey.err().contains("--reference-tables"), noKey.err());

        MoveHarness.Run gap = move(src, List.of(ta + "@-80", tb + "@90-"), "t", "--sharding-key", "t=id");
        assertEquals(ExitCode.INVALID_INPUT.code(), gap.exitCode(), gap.err());
        assertTrue(gap.err().contains("80-90"), gap.err());

        MoveHarness.Run noRange = move(src, List.of(ta, tb + "@80-"), "t", "--sharding-key", "t=id");
        assertEquals(ExitCode.INVALID_INPUT.code(), noRange.exitCode(), noRange.err());
        assertTrue(noRange.err().contains("has no key range"), noRange.err());

        MoveHarness.Run unknownVindex = move(src, List.of(ta + "@-80", tb + "@80-"), "t", "--sharding-key", "t=id:md5");
        assertEquals(ExitCode.INVALID_INPUT.code(), unknownVindex.exitCode(), unknownVindex.err());
        assertTrue(unknownVindex.err().contains("md5") && unknownVindex.err().contains("hash"), unknownVindex.err());

        MoveHarness.Run nullable = move(src, List.of(ta + "@-80", tb + "@80-"), "t,r", "--sharding-key", "t=k",
                "--reference-tables", "r", "--execute");
        assertEquals(ExitCode.VALIDATION_FAILED.code(), nullable.exitCode(), nullable.err());
        assertTrue(nullable.err().contains("t.k is nullable"), nullable.err());
        MoveHarness.Run refused = move(src, List.of(ta + "@-80", tb + "@80-"), "t,r", "--sharding-key", "t=s:hash",
                "--reference-tables", "r");
        assertEquals(ExitCode.VALIDATION_FAILED.code(), refused.exitCode(), refused.err());
        assertTrue(refused.err().contains("sharding function hash refuses t.s (decimal)"), refused.err());

        MoveHarness.Run dry = move(src, List.of(ta + "@-80", tb + "@80-"), "t,r", "--sharding-key", "t=id",
                "--reference-tables", "r");
        assertEquals(0, dry.exitCode(), dry.err());
        assertTrue(dry.out().contains("resharded onto 2 shards") && dry.out().contains("shard 80-: ")
                && dry.out().contains("rows placed by hash(id)") && dry.out().contains("reference table: copied whole"), dry.out());
        assertTrue(dry.out().contains("dry run: nothing was changed"), dry.out());
        try (Connection c = servers.target().connect(a); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA IN ('" + a + "','" + b + "')")) {
            rs.next();
            assertEquals(0, rs.getInt(1), "nothing was created on the shards");
        }
    }

    private record ShardSpec(MysqlServers.Server server, String range) {}

    private void reshard(List<ShardSpec> layout) throws Exception {
        String sourceDb = servers.source().createDatabase("rs_src");
        List<String> shardDbs = new ArrayList<>();
        List<String> targets = new ArrayList<>();
        for (ShardSpec s : layout) {
            String db = s.server().createDatabase("rs_shard");
            shardDbs.add(db);
            targets.add(MoveHarness.url(s.server(), db) + "@" + s.range());
        }
        try (Connection c = servers.source().connect(sourceDb)) {
            seed(c);
        }
        Path flag = Files.createFile(temp.resolve("postpone-" + sourceDb));
        Load load = new Load(servers.source(), sourceDb).start();
        AtomicReference<Long> writesAtCopy = new AtomicReference<>();
        MoveListener listener = new MoveListener() {
            @Override
            public void phase(Phase phase) {
                if (phase == Phase.COPY) {
                    writesAtCopy.set(load.writes.get());
                }
                if (phase == Phase.WAIT_CUTOVER) {
                    new Thread(() -> {
                        sleep(1_500);
                        load.stop();
                        try {
                            editsInOneTransaction(servers.source(), sourceDb);
                        } finally {
                            try {
                                Files.delete(flag);
                            } catch (Exception e) {
                                throw new IllegalStateException(e);
                            }
                        }
                    }).start();
                }
            }
        };
        Thread.sleep(300);
        MoveHarness.Run run = move(sourceDb, targets, "orders,accounts,countries", listener,
                "--sharding-key", "orders=customer_id", "--sharding-key", "accounts=login:xxhash",
                "--reference-tables", "countries", "--execute", "--chunk-size", "300",
                "--postpone-cutover-flag-file", flag.toString(), "--status-interval-seconds", "2");
        load.stop();
        load.check();
        assertEquals(0, run.exitCode(), "reshard failed: " + run.out() + run.err());
        assertTrue(writesAtCopy.get() > 0, "the load ran before the copy");
        assertTrue(load.moves.get() > 20, "sharding-column changes: " + load.moves.get());
        assertTrue(run.out().contains("resharded onto " + layout.size() + " shards"), run.out());

        int ordersSeen = 0;
        int accountsSeen = 0;
        try (Connection src = servers.source().connect(sourceDb)) {
            Map<String, List<String>> orders = rows(src, "_orders_del", "id");
            Map<String, List<String>> accounts = rows(src, "_accounts_del", "login");
            Map<String, List<String>> countries = rows(src, "_countries_del", "code");
            for (int i = 0; i < layout.size(); i++) {
                KeyRange range = KeyRange.parse(layout.get(i).range());
                try (Connection shard = layout.get(i).server().connect(shardDbs.get(i))) {
                    Map<String, List<String>> expectOrders = new TreeMap<>();
                    orders.forEach((k, row) -> {
                        if (range.contains(hash.keyspaceId(Long.parseLong(row.get(1))))) {
                            expectOrders.put(k, row);
                        }
                    });
                    Map<String, List<String>> gotOrders = rows(shard, "orders", "id");
                    assertEquals(expectOrders, gotOrders, "orders on shard " + range);
                    ordersSeen += gotOrders.size();

                    Map<String, List<String>> expectAccounts = new TreeMap<>();
                    accounts.forEach((k, row) -> {
                        if (range.contains(xxhash.keyspaceId(k))) {
                            expectAccounts.put(k, row);
                        }
                    });
                    Map<String, List<String>> gotAccounts = rows(shard, "accounts", "login");
                    assertEquals(expectAccounts, gotAccounts, "accounts on shard " + range);
                    accountsSeen += gotAccounts.size();

                    assertEquals(countries, rows(shard, "countries", "code"), "reference table on shard " + range);
                    assertTrue(!gotOrders.isEmpty() && !gotAccounts.isEmpty(), "shard " + range + " got rows");
                }
            }
            assertEquals(orders.size(), ordersSeen, "every order is on exactly one shard");
            assertEquals(accounts.size(), accountsSeen, "every account is on exactly one shard");
            assertTrue(orders.size() >= ORDERS * 9 / 10, "orders left: " + orders.size());
            assertTrue(orders.containsKey("910000") && orders.containsKey("900000") && accounts.containsKey("batchmoved")
                    && countries.containsKey("zz"), "the one-transaction edits ran");
        }
    }

    private MoveHarness.Run move(String sourceDb, List<String> targets, String tables, String... extra) {
        return move(sourceDb, targets, tables, new MoveListener() { }, extra);
    }

    private MoveHarness.Run move(String sourceDb, List<String> targets, String tables, MoveListener listener, String... extra) {
        List<String> args = new ArrayList<>(List.of("move", "--source", MoveHarness.url(servers.source(), sourceDb)));
        for (String t : targets) {
            args.addAll(List.of("--target", t));
        }
        args.addAll(List.of("--tables", tables, "--source-user", servers.source().user(),
                "--target-user", servers.target().user(), "--plugins-dir", pluginsDir.toString()));
        args.addAll(List.of(extra));
        return MoveHarness.run(args, Map.of(
                "TABLEMOVER_SOURCE_PASSWORD", servers.source().password(),
                "TABLEMOVER_TARGET_PASSWORD", servers.target().password()), listener);
    }

    /**
     * One source transaction (so, as a rule, one apply batch) of changes whose row images must be applied in order,
     * while the cutover is postponed (only the binlog apply brings them): orders move shards by their sharding column,
     * one changes its key and a new row takes the old key, one is deleted and inserted again with another customer;
     * an account's login (its sharding column and key) changes and a new account takes the old login; a reference
     * table's row is deleted and inserted again, another changes its key.
     */
    private static void editsInOneTransaction(MysqlServers.Server server, String db) {
        try (Connection c = server.connect(db); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            for (int i = 0; i < 20; i++) {
                long id = 900_000 + i;
                s.executeUpdate("INSERT INTO orders (id, customer_id, amount, note, placed) VALUES (" + id + ", " + (i + 1)
                        + ", 1.50, 'batch', '2026-02-01 00:00:00.123')");
                s.executeUpdate("UPDATE orders SET customer_id = " + (1000 + i * 7) + " WHERE id = " + id);
            }
            s.executeUpdate("UPDATE orders SET id = 910000, customer_id = 31 WHERE id = 900000");
            s.executeUpdate("INSERT INTO orders (id, customer_id, amount, note, placed) VALUES (900000, 4242, 2.00,"
                    + " 'old key again', '2026-02-01 00:00:01')");
            s.executeUpdate("DELETE FROM orders WHERE id = 900001");
            s.executeUpdate("INSERT INTO orders (id, customer_id, amount, note, placed) VALUES (900001, 77, 3.00,"
                    + " 're-inserted', '2026-02-01 00:00:02')");
            s.executeUpdate("UPDATE accounts SET login = 'batchmoved' WHERE login = 'user1'");
            s.executeUpdate("INSERT INTO accounts VALUES ('user1', 'new city', 1)");
            s.executeUpdate("DELETE FROM countries WHERE code = 'AA'");
            s.executeUpdate("INSERT INTO countries VALUES ('AA', 'again')");
            s.executeUpdate("UPDATE countries SET code = 'zz' WHERE code = 'AB'");
            c.commit();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void seed(Connection c) throws SQLException {
        exec(c, "CREATE TABLE orders (id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY, customer_id BIGINT UNSIGNED NOT NULL,"
                        + " amount DECIMAL(12,2) NOT NULL, note VARCHAR(100), placed DATETIME(3) NOT NULL, KEY (customer_id))",
                "CREATE TABLE accounts (login VARCHAR(40) NOT NULL PRIMARY KEY, city VARCHAR(40), balance BIGINT NOT NULL)",
                "CREATE TABLE countries (code CHAR(2) PRIMARY KEY, name VARCHAR(60) NOT NULL)",
                "SET SESSION cte_max_recursion_depth = 100000",
                "INSERT INTO orders (customer_id, amount, note, placed) WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1"
                        + " FROM s WHERE n < " + ORDERS + ") SELECT n % 997 + 1, n * 1.25, CONCAT('order ', n),"
                        + " '2026-01-01 00:00:00' + INTERVAL n SECOND FROM s",
                "INSERT INTO accounts WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < " + ACCOUNTS
                        + ") SELECT CONCAT('user', n), CONCAT('city ', n % 50), n * 10 FROM s",
                "INSERT INTO countries WITH RECURSIVE s(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM s WHERE n < 199)"
                        + " SELECT CONCAT(CHAR(65 + n DIV 26), CHAR(65 + n % 26)), CONCAT('country ', n) FROM s");
    }

    /** @return the table's rows by key: every column as its text */
    private static Map<String, List<String>> rows(Connection c, String table, String key) throws SQLException {
        Map<String, List<String>> rows = new TreeMap<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM `" + table + "`")) {
            ResultSetMetaData md = rs.getMetaData();
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    row.add(rs.getString(i));
                }
                rows.put(rs.getString(key), row);
            }
        }
        return rows;
    }


    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Writers on the source: inserts, plain updates, sharding-column updates (the row changes shard),
     * primary-key changes, deletes; on all three tables. Stops at the cutover's RENAME (error 1146).
     */
    private static final class Load {
        private final MysqlServers.Server server;
        private final String db;
        private final AtomicLong writes = new AtomicLong();
        private final AtomicLong moves = new AtomicLong();
        private final List<Thread> threads = new ArrayList<>();
        private final AtomicReference<Throwable> failure = new AtomicReference<>();
        private volatile boolean running = true;

        Load(MysqlServers.Server server, String db) {
            this.server = server;
            this.db = db;
        }

        Load start() {
            for (int i = 0; i < 3; i++) {
                Random random = new Random(42 + i);
                Thread t = new Thread(() -> loop(random), "reshard-load");
                t.setDaemon(true);
                threads.add(t);
                t.start();
            }
            return this;
        }

        private void loop(Random r) {
            try (Connection c = server.connect(db); Statement s = c.createStatement()) {
                while (running) {
                    try {
                        write(s, r);
                        writes.incrementAndGet();
                    } catch (SQLException e) {
                        if (e.getErrorCode() == 1146) {
                            return; // the cutover renamed the tables
                        }
                        if (e.getErrorCode() != 1062 && e.getErrorCode() != 1213) {
                            throw e;
                        }
                    }
                    Thread.sleep(2);
                }
            } catch (Throwable e) {
                failure.compareAndSet(null, e);
            }
        }

        private void write(Statement s, Random r) throws SQLException {
            int id = 1 + r.nextInt(ORDERS + 500);
            switch (r.nextInt(10)) {
                case 0, 1 -> s.executeUpdate("INSERT INTO orders (customer_id, amount, note, placed) VALUES ("
                        + (1 + r.nextInt(5000)) + ", " + r.nextInt(10000) + ".5, 'new', NOW(3))");
                case 2, 3 -> {
                    if (s.executeUpdate("UPDATE orders SET customer_id = " + (1 + r.nextInt(5000)) + " WHERE id = " + id) > 0) {
                        moves.incrementAndGet();
                    }
                }
                case 4 -> s.executeUpdate("UPDATE orders SET amount = amount + 1, note = NULL WHERE id = " + id);
                case 5 -> s.executeUpdate("DELETE FROM orders WHERE id = " + id);
                case 6 -> s.executeUpdate("UPDATE orders SET id = id + 100000 WHERE id = " + id);
                case 7 -> s.executeUpdate("UPDATE accounts SET balance = balance + 1, city = 'moved' WHERE login = 'user"
                        + (1 + r.nextInt(ACCOUNTS)) + "'");
                case 8 -> {
                    // a change of the sharding key that is also the primary key: delete + insert under another login
                    if (s.executeUpdate("UPDATE accounts SET login = CONCAT(login, 'x') WHERE login = 'user"
                            + (1 + r.nextInt(ACCOUNTS)) + "'") > 0) {
                        moves.incrementAndGet();
                    }
                }
                default -> {
                    String code = "" + (char) ('A' + r.nextInt(8)) + (char) ('A' + r.nextInt(26));
                    if (r.nextBoolean()) {
                        s.executeUpdate("UPDATE countries SET name = CONCAT(name, '+') WHERE code = '" + code + "'");
                    } else {
                        s.executeUpdate("DELETE FROM countries WHERE code = '" + code + "'");
                    }
                }
            }
        }

        void stop() {
            running = false;
            for (Thread t : threads) {
                try {
                    t.join(10_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        void check() {
            if (failure.get() != null) {
                throw new AssertionError("load failed", failure.get());
            }
        }
    }
}
