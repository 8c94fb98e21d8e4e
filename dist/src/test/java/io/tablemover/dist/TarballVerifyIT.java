package io.tablemover.dist;

import static io.tablemover.dist.Tarball.PASSWORD;
import static io.tablemover.dist.Tarball.USER;
import static io.tablemover.dist.Tarball.createMoveUser;
import static io.tablemover.dist.Tarball.url;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tablemover.dist.Tarball.Result;
import io.tablemover.testing.MysqlServers;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bin/tablemover verify} from the extracted tarball, as a separate process: equal, then different, as JSON. */
class TarballVerifyIT {
    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    @TempDir
    Path install;

    private static void seed(MysqlServers.Server server, String db) throws Exception {
        try (Connection c = server.connect(db); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE items (id BIGINT UNSIGNED PRIMARY KEY, name VARCHAR(40) NOT NULL, price DECIMAL(10,2))");
            s.execute("SET SESSION cte_max_recursion_depth = 3000");
            s.execute("INSERT INTO items WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < 2500)"
                    + " SELECT n, CONCAT('item ', n), n / 4 FROM s");
        }
    }

    @Test
    void verifyComparesLiveTablesAndExitsSixWhenTheyDiffer() throws Exception {
        Tarball tarball = Tarball.extract(install);
        MysqlServers servers = MysqlServers.get();
        String src = servers.source().createDatabase("tarball_verify_src");
        String tgt = servers.target().createDatabase("tarball_verify_tgt");
        createMoveUser(servers.source());
        createMoveUser(servers.target());
        seed(servers.source(), src);
        seed(servers.target(), tgt);
        List<String> args = new ArrayList<>(List.of("verify", "--source", url(servers.source(), src),
                "--target", url(servers.target(), tgt), "--tables", "items", "--source-user", USER));

        Result equal = tarball.run(args, Tarball.passwords(), TIMEOUT);
        System.out.println("tarball verify (equal): " + equal);
        assertEquals(0, equal.exitCode(), equal.toString());
        assertTrue(equal.out().contains("table items: 2500 rows compared in "), equal.toString());
        assertTrue(equal.out().contains("result: the tables are equal"), equal.toString());

        try (Connection c = servers.target().connect(tgt); Statement s = c.createStatement()) {
            s.execute("UPDATE items SET price = 0 WHERE id = 1234");
        }
        Result differ = tarball.run(args, Tarball.passwords(), TIMEOUT);
        System.out.println("tarball verify (different): " + differ);
        assertEquals(6, differ.exitCode(), differ.toString());
        assertTrue(differ.out().contains("key id=1234: different on " + url(servers.target(), tgt)), differ.toString());

        args.addAll(List.of("--report-format", "json"));
        Result json = tarball.run(args, Tarball.passwords(), TIMEOUT);
        assertEquals(6, json.exitCode(), json.toString());
        JsonNode table = new ObjectMapper().readTree(json.out()).get("tables").get(0);
        assertEquals(1, table.get("mismatchedKeys").asLong(), json.out());
        assertEquals("1234", table.get("keys").get(0).get("key").get("id").asText(), json.out());
        for (Result r : List.of(equal, differ, json)) {
            assertFalse(r.out().contains(PASSWORD) || r.err().contains(PASSWORD), "the password was printed");
            assertFalse(r.err().contains("Exception"), r.toString());
        }
    }
}
