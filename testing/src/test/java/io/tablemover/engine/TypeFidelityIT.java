package io.tablemover.engine;

import io.tablemover.engine.cutover.CutoverNames;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.tablemover.engine.mysql.ServerPool;
import io.tablemover.engine.schema.KeyRange;
import io.tablemover.engine.sql.VerifyStatements;
import io.tablemover.engine.step.MoveListener;
import io.tablemover.engine.state.Phase;
import io.tablemover.engine.sql.SchemaReader;
import io.tablemover.engine.schema.TableSchema;
import io.tablemover.testing.MoveHarness;
import io.tablemover.testing.MysqlServers;
import io.tablemover.testing.MysqlServers.Server;
import io.tablemover.engine.validate.Validator;
import io.tablemover.testing.RowComparer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Data fidelity of a move: every common MySQL type, at its extremes, must arrive on the target bit for bit,
 * both through the copy and through the binlog apply (rows changed while the copy runs and while the cutover
 * is postponed).
 *
 * <p>The result is checked three ways: the engine's own {@link RowComparer}; an independent comparison in plain
 * JDBC where the <em>server</em> renders every value in an exact, lossless text form (HEX of the bytes for
 * strings/binaries/BIT/spatial, {@code col * 1e0} for FLOAT, {@code UNIX_TIMESTAMP} for TIMESTAMP, ...), so a
 * bug shared by the engine's reader and its comparer cannot hide; and {@code SHOW CREATE TABLE}.
 */
class TypeFidelityIT {
    private static final String SQL_MODE = "NO_AUTO_VALUE_ON_ZERO,NO_ENGINE_SUBSTITUTION,STRICT_ALL_TABLES";
    private static final String NULL_MARK = "<NULL>";
    private static final HexFormat HEX = HexFormat.of();

    @TempDir
    Path temp;

    // ------------------------------------------------------------------------------------------------------------
    // the all-types table
    // ------------------------------------------------------------------------------------------------------------

    /** How the independent check renders a column (always on the server, always lossless). */
    private enum Kind { NUM, FLOAT, DOUBLE, TEXT, ENUMSET, BYTES, TEMPORAL, TIMESTAMP, JSON }

    /**
     * One column of the all-types table.
     *
     * @param placeholder the VALUES/SET expression taking the bound value
     * @param values interesting values; rows 2.. take them in turn so that each appears at least once
     */
    private record Col(String name, String ddl, Kind kind, String placeholder, List<Object> values) {
        Col(String name, String ddl, Kind kind, List<Object> values) {
            this(name, ddl, kind, "?", values);
        }
    }

    private record Gen(String name, String ddl, Kind kind) {}

    private static final List<Col> COLS = columns();
    private static final List<Gen> GENERATED = List.of(
            new Gen("gen_s", "VARCHAR(200) GENERATED ALWAYS AS (CONCAT_WS(',', id, vc_utf, i, f)) STORED", Kind.TEXT),
            new Gen("gen_v", "BIGINT GENERATED ALWAYS AS (id * 2 + IFNULL(i, 0)) VIRTUAL", Kind.NUM));

    private static List<Col> columns() {
        Random r = new Random(42);
        List<Col> c = new ArrayList<>();
        c.add(new Col("ti", "TINYINT", Kind.NUM, List.of("-128", "127", "0", "-1")));
        c.add(new Col("tiu", "TINYINT UNSIGNED", Kind.NUM, List.of("0", "255", "128")));
        c.add(new Col("si", "SMALLINT", Kind.NUM, List.of("-32768", "32767", "0")));
        c.add(new Col("siu", "SMALLINT UNSIGNED", Kind.NUM, List.of("0", "65535")));
        c.add(new Col("mi", "MEDIUMINT", Kind.NUM, List.of("-8388608", "8388607", "-1")));
        c.add(new Col("miu", "MEDIUMINT UNSIGNED", Kind.NUM, List.of("0", "16777215")));
        c.add(new Col("i", "INT", Kind.NUM, List.of("-2147483648", "2147483647", "0")));
        c.add(new Col("iu", "INT UNSIGNED", Kind.NUM, List.of("0", "4294967295", "2147483648")));
        c.add(new Col("bi", "BIGINT", Kind.NUM, List.of("-9223372036854775808", "9223372036854775807", "-1")));
        c.add(new Col("biu", "BIGINT UNSIGNED", Kind.NUM,
                List.of("0", "18446744073709551615", "9223372036854775808", "9223372036854775807")));
        c.add(new Col("dec65", "DECIMAL(65,30)", Kind.NUM, List.of(
                "-99999999999999999999999999999999999.999999999999999999999999999999",
                "99999999999999999999999999999999999.999999999999999999999999999999",
                "0.000000000000000000000000000001",
                "-0.000000000000000000000000000001",
                "0", "-12345.678900000000000000000000000000", "1E+20")));
        c.add(new Col("dec_int", "DECIMAL(20,0) UNSIGNED", Kind.NUM, List.of("0", "99999999999999999999")));
        // FLOAT's largest value: 3.4028235e38 itself is rejected by MySQL (parsed as a double above FLT_MAX)
        c.add(new Col("f", "FLOAT", Kind.FLOAT, List.of(
                "3.4028234663852886e38", "-3.4028234663852886e38", "1.1754943508222875e-38", "1.401298464324817e-45",
                "-0e0", "0.1", "16777217", "123456789", "-1.5", "0", "3.14159265358979", "1e10")));
        c.add(new Col("d", "DOUBLE", Kind.DOUBLE, List.of(
                "1.7976931348623157e308", "-1.7976931348623157e308", "2.2250738585072014e-308", "4.9e-324",
                "-0e0", "0.1", "3.4028235e38", "1.17549435e-38", "0.30000000000000004", "123456789012345678",
                "-1e-300")));
        c.add(new Col("b1", "BIT(1)", Kind.BYTES, List.of(new byte[] {0}, new byte[] {1})));
        c.add(new Col("b64", "BIT(64)", Kind.BYTES, List.of(
                new byte[8], bytes("0000000000000001"), bytes("ffffffffffffffff"), bytes("8000000000000000"),
                bytes("00ff00ff00ff0000"))));
        c.add(new Col("dt", "DATE", Kind.TEMPORAL, List.of(
                "1000-01-01", "9999-12-31", "1970-01-01", "2024-02-29", "0000-00-00", "2020-00-00")));
        c.add(new Col("dtm", "DATETIME(6)", Kind.TEMPORAL, List.of(
                "1000-01-01 00:00:00.000000", "9999-12-31 23:59:59.999999", "1970-01-01 00:00:01.000001",
                "2024-02-29 12:34:56.5", "0000-00-00 00:00:00", "2024-03-31 02:30:00.000001")));
        c.add(new Col("dtm0", "DATETIME", Kind.TEMPORAL, List.of(
                "1000-01-01 00:00:00", "9999-12-31 23:59:59", "2038-01-19 03:14:08")));
        c.add(new Col("ts", "TIMESTAMP(6) NULL DEFAULT NULL", Kind.TIMESTAMP, List.of(
                "1970-01-01 00:00:01.000001", "2038-01-19 03:14:07.999999", "1970-01-01 00:00:01",
                "2024-03-31 01:30:00.123456", "2024-10-27 01:30:00.5", "0000-00-00 00:00:00")));
        c.add(new Col("tm", "TIME(6)", Kind.TEMPORAL, List.of(
                "-838:59:59.000000", "838:59:59.000000", "-00:00:00.500000", "-00:00:01", "00:00:00",
                "24:00:00.000001", "-12:34:56.789012", "-838:59:58.999999", "-00:59:59.999999")));
        c.add(new Col("tm0", "TIME", Kind.TEMPORAL, List.of("-838:59:59", "838:59:59", "-00:00:01", "-00:30:00")));
        c.add(new Col("yr", "YEAR", Kind.TEMPORAL, List.of(1901, 2155, 0, 2000, 1970)));
        c.add(new Col("c_utf", "CHAR(20) CHARACTER SET utf8mb4", Kind.TEXT, List.of(
                "😀 emoji 🎉", "trailing   ", "", " lead", "ä漢字\u00a0")));
        c.add(new Col("vc_utf", "VARCHAR(100) CHARACTER SET utf8mb4", Kind.TEXT, List.of(
                "😀🎉 x", "trailing   ", "", " ", "tab\t nl\n cr\r nul\0 q' dq\" bs\\ pct% _", "𝄞 music ",
                "zero-width\u200bjoiner\u200d")));
        c.add(new Col("c_lat", "CHAR(20) CHARACTER SET latin1", Kind.TEXT, List.of(
                "é ß €", "trailing  ", "\u0081\u008d\u008f\u0090\u009d", "", "ÿ")));
        c.add(new Col("vc_lat", "VARCHAR(100) CHARACTER SET latin1", Kind.TEXT, List.of(
                "é ß € ÿ", "trailing   ", "\u0081x\u009d ", "ÀÿŠ‰", "")));
        c.add(new Col("bin", "BINARY(16)", Kind.BYTES, List.of(
                new byte[16], bytes("01020000000000000000000000000000"), bytes("ffffffffffffffffffffffffffffffff"),
                bytes("00000000000000000000000000000001"), bytes("20202020000020200000000000000020"), new byte[0])));
        c.add(new Col("vbin", "VARBINARY(64)", Kind.BYTES, List.of(
                new byte[0], new byte[1], bytes("010000"), new byte[3], random(r, 64), bytes("ff0020"),
                bytes("5c27225c00"))));
        c.add(new Col("tb", "TINYBLOB", Kind.BYTES, List.of(new byte[0], allBytes(255), new byte[] {0})));
        c.add(new Col("bl", "BLOB", Kind.BYTES, List.of(random(r, 65535), new byte[2], new byte[0])));
        c.add(new Col("mb", "MEDIUMBLOB", Kind.BYTES, List.of(random(r, 70_000), bytes("00"))));
        c.add(new Col("lb", "LONGBLOB", Kind.BYTES, List.of(random(r, 1 << 20), new byte[0], allBytes(256))));
        c.add(new Col("tt", "TINYTEXT", Kind.TEXT, List.of("😀", "", "x".repeat(255))));
        c.add(new Col("tx", "TEXT", Kind.TEXT, List.of("😀".repeat(16383), "é€ trailing  ", "")));
        c.add(new Col("mt", "MEDIUMTEXT CHARACTER SET latin1", Kind.TEXT, List.of("é€ß".repeat(30_000), "")));
        c.add(new Col("lt", "LONGTEXT", Kind.TEXT, List.of("ünïcödé 😀 ".repeat(20_000), "\0")));
        // no 4-byte character in ENUM/SET members: MySQL's data dictionary keeps column types in utf8mb3, so
        // SHOW CREATE TABLE (the DDL replayed on the target) prints such a member as '?'
        // members with a quote, a backslash and upper case: the binlog apply takes labels from COLUMN_TYPE
        c.add(new Col("en", "ENUM('a','b','c d','é','It''s','back\\\\slash','Upper')", Kind.ENUMSET,
                List.of("a", "c d", "é", "b", "It's", "back\\slash", "Upper")));
        c.add(new Col("st", "SET('x','y','z','ü','It''s','Upper')", Kind.ENUMSET,
                List.of("", "x", "x,y", "x,y,z,ü", "z,x", "It's,Upper", "y,Upper")));
        c.add(new Col("js", "JSON", Kind.JSON, List.of(
                "{}", "[]",
                "{\"int\": 1, \"dbl\": 1.0, \"negz\": -0.0, \"big\": 1e300, \"u64\": 18446744073709551615,"
                        + " \"i64\": -9223372036854775808, \"frac\": 0.1, \"exp\": 1.5e-7}",
                "\"é😀\"", "null", "[1, [2, [3, {\"k\": \"v\", \"a\": [true, false, null]}]]]",
                "{\"unicode\": \"\\u00e9\\u20ac\\ud83d\\ude00\", \"esc\": \"a\\\"b\\\\c\\n\\t\\u0000\", \"\": \"\"}",
                "1.0", "1", "true", "12345678901234567890123", "-1.25", "{\"b\": 1, \"a\": 2, \"aa\": {\"z\": []}}")));
        c.add(new Col("g", "GEOMETRY", Kind.BYTES, "ST_GeomFromText(?)", List.of(
                "POINT(1 2)", "LINESTRING(0 0, 1 1.5, -2 3)", "POLYGON((0 0,10 0,10 10,0 10,0 0))",
                "GEOMETRYCOLLECTION(POINT(1 1), LINESTRING(0 0, 1e-10 1e10))")));
        c.add(new Col("p", "POINT SRID 4326", Kind.BYTES, "ST_GeomFromText(?, 4326)", List.of(
                "POINT(45.5 -120.25)", "POINT(-90 180)", "POINT(0.1 0.2)")));
        return List.copyOf(c);
    }

    private static String createAllTypes() {
        StringBuilder ddl = new StringBuilder("CREATE TABLE t (\n  id INT NOT NULL");
        for (Col c : COLS) {
            ddl.append(",\n  ").append(c.name()).append(' ').append(c.ddl());
        }
        for (Gen g : GENERATED) {
            ddl.append(",\n  ").append(g.name()).append(' ').append(g.ddl());
        }
        return ddl.append(",\n  PRIMARY KEY (id)\n) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_ai_ci")
                .toString();
    }

    /** Row values (one per {@link #COLS} entry): row 1 all NULL, rows 2.. every listed value in turn, then random. */
    private static List<Object> rowValues(int seed) {
        List<Object> v = new ArrayList<>();
        if (seed == 1) {
            COLS.forEach(c -> v.add(null));
            return v;
        }
        Random r = new Random(seed * 7919L);
        for (int i = 0; i < COLS.size(); i++) {
            List<Object> values = COLS.get(i).values();
            if (seed - 2 < maxValues()) {
                v.add(values.get((seed - 2 + i) % values.size()));
            } else {
                v.add(r.nextInt(8) == 0 ? null : values.get(r.nextInt(values.size())));
            }
        }
        return v;
    }

    private static int maxValues() {
        return COLS.stream().mapToInt(c -> c.values().size()).max().orElseThrow();
    }

    private static void insertRow(Connection c, int id, List<Object> values) throws SQLException {
        String sql = "INSERT INTO t (id, " + COLS.stream().map(Col::name).collect(Collectors.joining(", "))
                + ") VALUES (?, " + COLS.stream().map(Col::placeholder).collect(Collectors.joining(", ")) + ")";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setInt(1, id);
            bind(ps, 2, values);
            ps.executeUpdate();
        }
    }

    private static void updateRow(Connection c, int id, List<Object> values) throws SQLException {
        String sql = "UPDATE t SET " + COLS.stream().map(col -> col.name() + " = " + col.placeholder())
                .collect(Collectors.joining(", ")) + " WHERE id = ?";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, 1, values);
            ps.setInt(values.size() + 1, id);
            assertEquals(1, ps.executeUpdate(), "update of row " + id);
        }
    }

    private static void bind(PreparedStatement ps, int first, List<Object> values) throws SQLException {
        for (int i = 0; i < values.size(); i++) {
            ps.setObject(first + i, values.get(i));
        }
    }

    /** A plain JDBC session set up like the engine's (UTC, zero dates allowed, strict), autocommit. */
    private static Connection session(Server server, String db) throws SQLException {
        Connection c = server.connect(db);
        try (Statement s = c.createStatement()) {
            s.execute("SET time_zone = '+00:00', sql_mode = '" + SQL_MODE + "'");
        }
        return c;
    }

    /** Changes made while the copy runs: updates (all columns), key changes, inserts, deletes, expression updates. */
    private static void changesDuringCopy(Connection c) throws SQLException {
        Random r = new Random(1);
        try (Statement s = c.createStatement()) {
            for (int n = 0; n < 12; n++) {
                updateRow(c, 30 + n, rowValues(2 + r.nextInt(maxValues() + 40)));
                insertRow(c, 1000 + n, rowValues(2 + (n * 5) % (maxValues() + 40)));
                if (n % 3 == 0) {
                    s.executeUpdate("DELETE FROM t WHERE id = " + (45 + n / 3));
                }
            }
            s.executeUpdate("UPDATE t SET id = id + 500 WHERE id IN (42, 43)");
            s.executeUpdate("UPDATE t SET vc_utf = CONCAT(IFNULL(vc_utf, ''), '😀 '), js = JSON_ARRAY(1, 1.0, 'é'),"
                    + " f = 16777217, d = -0e0, tm = '-00:00:00.000001', b64 = b'1' WHERE id IN (28, 29)");
            updateRow(c, 27, rowValues(1)); // every column to NULL
            insertRow(c, 1100, rowValues(1));
            everyValueChanged(c, 5000);
        }
    }

    /**
     * Rows {@code base + 2 ..} take every listed value of every column (rows 2.. of {@link #rowValues}) by INSERT; then
     * each is UPDATEd to the next row's values, one has its key changed, one is deleted and its key inserted again,
     * and one is deleted: every type's every value passes through the binlog apply's row images (insert, update
     * before and after, delete).
     */
    private static void everyValueChanged(Connection c, int base) throws SQLException {
        int rows = maxValues();
        for (int seed = 2; seed < 2 + rows; seed++) {
            insertRow(c, base + seed, rowValues(seed));
        }
        for (int seed = 2; seed < 2 + rows; seed++) {
            updateRow(c, base + seed, rowValues(seed == 1 + rows ? 2 : seed + 1));
        }
        try (Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE t SET id = " + (base + 900) + " WHERE id = " + (base + 2));
            s.executeUpdate("DELETE FROM t WHERE id = " + (base + 3));
            insertRow(c, base + 3, rowValues(4));
            s.executeUpdate("DELETE FROM t WHERE id = " + (base + 4));
            insertRow(c, base + 2, rowValues(5)); // the old key of the key change, taken again
        }
    }

    /** Changes made while the cutover is postponed: only the binlog apply can bring these over. */
    private static void changesWhilePostponed(Connection c) throws SQLException {
        Random r = new Random(2);
        try (Statement s = c.createStatement()) {
            for (int n = 0; n < 10; n++) {
                updateRow(c, 1000 + n, rowValues(2 + r.nextInt(maxValues() + 40)));
                updateRow(c, 20 + n, rowValues(2 + (n * 3 + 1) % maxValues()));
                insertRow(c, 2000 + n, rowValues(2 + (n * 7 + 3) % (maxValues() + 40)));
            }
            s.executeUpdate("DELETE FROM t WHERE id IN (1011, 2009, 542)");
            s.executeUpdate("UPDATE t SET id = 3000 WHERE id = 543");
            s.executeUpdate("UPDATE t SET f = 123456789, d = 4.9e-324, tm = '-00:00:01', ts = '1970-01-01 00:00:01.000001',"
                    + " dtm = '0000-00-00 00:00:00', b1 = b'1', yr = 0, js = '{\"x\": 1.0, \"y\": [1, 2.50]}'"
                    + " WHERE id IN (2000, 2001)");
            updateRow(c, 1100, rowValues(3));
            updateRow(c, 27, rowValues(4));
            insertRow(c, 3001, rowValues(1));
            everyValueChanged(c, 6000);
        }
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void everyTypeSurvivesCopyAndBinlogApply() throws Exception {
        MysqlServers servers = MysqlServers.get();
        String sourceDb = servers.source().createDatabase("fidelity_src");
        String targetDb = servers.target().createDatabase("fidelity_tgt");
        try (Connection c = session(servers.source(), sourceDb); Statement s = c.createStatement()) {
            s.execute(createAllTypes());
            for (int id = 1; id <= 50; id++) {
                insertRow(c, id, rowValues(id));
            }
            s.execute("ANALYZE TABLE t");
        }
        // the inserts did what we meant: extremes are stored as such on the source
        assertSourceHoldsExtremes(servers.source(), sourceDb);
        String ddlBefore = ddl(servers.source(), sourceDb, "t");

        MoveHarness.Run run = runMove(servers, sourceDb, targetDb, "t",
                TypeFidelityIT::changesDuringCopy, TypeFidelityIT::changesWhilePostponed);

        String del = CutoverNames.deletedName("t");
        assertEquals(withoutAutoIncrement(ddlBefore), withoutAutoIncrement(ddl(servers.target(), targetDb, "t")),
                "SHOW CREATE TABLE");
        assertEquals(withoutAutoIncrement(ddl(servers.source(), sourceDb, del).replace("`" + del + "`", "`t`")),
                withoutAutoIncrement(ddl(servers.target(), targetDb, "t")));
        assertRowComparerIdentical(servers, sourceDb, del, targetDb, "t");

        List<String> exprs = new ArrayList<>();
        List<String> names = new ArrayList<>();
        exprs.add("CAST(id AS CHAR)");
        names.add("id");
        for (Col col : COLS) {
            exprs.add(canonical(col.name(), col.kind()));
            names.add(col.name());
        }
        for (Gen g : GENERATED) {
            exprs.add(canonical(g.name(), g.kind()));
            names.add(g.name());
        }
        List<List<String>> src = canonicalRows(servers.source(), sourceDb, del, exprs, "id");
        List<List<String>> dst = canonicalRows(servers.target(), targetDb, "t", exprs, "id");
        assertTrue(src.size() >= 60, "source rows: " + src.size());
        assertSameRows(names, src, dst);
        assertEquals(md5s(servers.source(), sourceDb, del, exprs, "id"), md5s(servers.target(), targetDb, "t", exprs, "id"));
        assertTrue(run.out().contains("done:"), run.out());
        assertTrue(run.out().contains(", 0 keys repaired"), "the verify phase finds every type equal: " + run.out());
        assertVerifyDigestSeesEveryChangedValue(servers, sourceDb, del, targetDb, exprs);
    }

    /**
     * The verify phase's chunk digest ({@code VerifyStatements.chunkDigest}) is equal on both sides after the move,
     * and changes on the target whenever one value of row 1, of any column, changes (set to another row's value).
     */
    private static void assertVerifyDigestSeesEveryChangedValue(MysqlServers servers, String sourceDb, String del,
                                                                String targetDb, List<String> exprs) throws Exception {
        try (ServerPool source = MoveHarness.pool(servers.source(), sourceDb);
             ServerPool target = MoveHarness.pool(servers.target(), targetDb);
             Connection c = session(servers.target(), targetDb); Statement s = c.createStatement()) {
            TableSchema schema = new SchemaReader(target.dsl()).read(targetDb, "t");
            java.util.function.Function<ServerPool, Object> digest = pool -> VerifyStatements.chunkDigest(pool.dsl(),
                    pool.endpoint().database(), pool == source ? del : "t", schema.storedColumns(), schema.requireKey(),
                    KeyRange.ALL).fetchOne();
            Object before = digest.apply(target);
            assertEquals(digest.apply(source), before, "the verify digest of the type zoo is equal on both sides");
            int changedColumns = 0;
            for (Col col : COLS) {
                List<List<String>> row1 = canonicalRows(servers.target(), targetDb, "t", exprs, "id LIMIT 1");
                for (int other = 2; other <= 50; other++) {
                    s.executeUpdate("UPDATE t AS a JOIN t AS b ON b.id = " + other + " SET a.`" + col.name() + "` = b.`"
                            + col.name() + "` WHERE a.id = 1");
                    if (!canonicalRows(servers.target(), targetDb, "t", exprs, "id LIMIT 1").equals(row1)) {
                        break;
                    }
                }
                if (canonicalRows(servers.target(), targetDb, "t", exprs, "id LIMIT 1").equals(row1)) {
                    continue; // every row holds row 1's value of this column
                }
                Object after = digest.apply(target);
                assertFalse(before.equals(after), "a changed " + col.name() + " (" + col.ddl() + ") changes the digest");
                before = after;
                changedColumns++;
            }
            assertTrue(changedColumns >= COLS.size() - 2, "columns changed: " + changedColumns + " of " + COLS.size());
        }
    }

    /** Spot checks, on the source, that the test data really holds the extremes (guards the test itself). */
    private static void assertSourceHoldsExtremes(Server server, String db) throws SQLException {
        try (Connection c = session(server, db); Statement s = c.createStatement()) {
            Map<String, String> expect = new LinkedHashMap<>();
            expect.put("SELECT COUNT(*) FROM t WHERE biu = 18446744073709551615", "1+");
            expect.put("SELECT COUNT(*) FROM t WHERE CAST(f * 1e0 AS CHAR) = '3.4028234663852886e38'", "1+");
            expect.put("SELECT COUNT(*) FROM t WHERE CAST(f * 1e0 AS CHAR) = '123456792'", "1+");
            expect.put("SELECT COUNT(*) FROM t WHERE CAST(f * 1e0 AS CHAR) = '-0'", "1+");
            expect.put("SELECT COUNT(*) FROM t WHERE CAST(tm AS CHAR) = '-00:00:00.500000'", "1+");
            expect.put("SELECT COUNT(*) FROM t WHERE UNIX_TIMESTAMP(ts) = 1.000001", "1+");
            expect.put("SELECT COUNT(*) FROM t WHERE HEX(c_lat) = '818D8F909D'", "1+");
            expect.put("SELECT COUNT(*) FROM t WHERE HEX(b64) = 'FFFFFFFFFFFFFFFF'", "1+");
            expect.put("SELECT COUNT(*) FROM t WHERE yr = 0 AND CAST(yr AS CHAR) = '0000'", "1+");
            expect.put("SELECT COUNT(*) FROM t WHERE dt = '0000-00-00'", "1+");
            expect.put("SELECT COUNT(*) FROM t WHERE HEX(bin) = '01020000000000000000000000000000'", "1+");
            expect.put("SELECT COUNT(*) FROM t WHERE st = 'x,y,z,ü'", "1+");
            for (Map.Entry<String, String> e : expect.entrySet()) {
                try (ResultSet rs = s.executeQuery(e.getKey())) {
                    rs.next();
                    assertTrue(rs.getLong(1) >= 1, "source data: " + e.getKey());
                }
            }
        }
    }

    // ------------------------------------------------------------------------------------------------------------
    // composite keys at their extremes, changed during the move: the binlog key decoding path
    // ------------------------------------------------------------------------------------------------------------

    /**
     * One key column of a key test table.
     *
     * @param initial values of the rows inserted before the move
     * @param fresh further values the key changes move rows to (distinct from {@code initial} under the collation)
     * @param canonical the server-side lossless text of the column, for the independent check
     */
    private record KeyCol(String name, String ddl, List<Object> initial, List<Object> fresh, String canonical) {}

    /** A key as the test's model holds it: String or byte[] parts, compared by their text / hex. */
    private record Key(List<Object> parts) {
        String id() {
            return parts.stream().map(p -> p instanceof byte[] b ? "0x" + HEX.formatHex(b) : String.valueOf(p))
                    .collect(Collectors.joining(" | "));
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && id().equals(k.id());
        }

        @Override
        public int hashCode() {
            return id().hashCode();
        }

        @Override
        public String toString() {
            return "(" + id() + ")";
        }
    }

    /** The PRIMARY KEY of the first test the brief asks for: BIGINT UNSIGNED, VARBINARY(16), DATETIME(6). */
    private static final List<KeyCol> NUMERIC_BINARY_DATETIME_KEY = List.of(
            new KeyCol("a", "BIGINT UNSIGNED NOT NULL",
                    List.of("0", "1", "9223372036854775807", "9223372036854775808", "18446744073709551614",
                            "18446744073709551615"),
                    List.of("18446744073709551613", "42", "9223372036854775806", "2"), "CAST(a AS CHAR)"),
            new KeyCol("b", "VARBINARY(16) NOT NULL",
                    List.of(new byte[0], new byte[1], bytes("0100"), bytes("ff000000000000000000000000000000")),
                    List.of(bytes("0000"), bytes("010000"), new byte[16], bytes("00ff"),
                            bytes("ff0000000000000000000000000000")), "HEX(b)"),
            new KeyCol("c", "DATETIME(6) NOT NULL",
                    List.of("2024-01-31 10:00:00.120000", "9999-12-31 23:59:59.999999", "1000-01-01 00:00:00.000000",
                            "1970-01-01 00:00:00.000001"),
                    List.of("2024-01-31 10:00:00.120001", "2024-01-31 10:00:00.000000", "9999-12-31 23:59:59.999998",
                            "2024-01-31 10:00:00.100000", "1582-10-04 23:59:59.999999", "1582-10-15 00:00:00.000000",
                            "0001-01-01 00:00:00.000000", "1582-10-10 12:00:00.500000", "1582-10-20 12:00:00.500000"),
                    "CAST(c AS CHAR)"));

    /** Other key types whose binlog form differs from their JDBC form: character sets, padding, signs, time zones. */
    private static final List<KeyCol> TEXT_AND_OTHER_KEY = List.of(
            new KeyCol("l", "VARCHAR(16) CHARACTER SET latin1 COLLATE latin1_bin NOT NULL",
                    List.of("é", "\u0081", "ß€", "x"), List.of("\u009d\u0090", "ÿ", "Š\u008d\u008f"),
                    "HEX(CAST(l AS BINARY))"),
            new KeyCol("u", "VARCHAR(16) CHARACTER SET utf8mb4 COLLATE utf8mb4_0900_bin NOT NULL",
                    List.of("😀", "a ", "a", "", "ä漢"), List.of("😀 ", "𝄞", "b\u0000", "a  "),
                    "HEX(CAST(u AS BINARY))"),
            new KeyCol("ch", "CHAR(4) CHARACTER SET utf8mb4 COLLATE utf8mb4_0900_bin NOT NULL",
                    List.of("ab", "", "é😀"), List.of("z", "😀😀😀😀"), "HEX(CAST(ch AS BINARY))"),
            new KeyCol("bn", "BINARY(8) NOT NULL",
                    List.of(new byte[8], bytes("0100000000000000"), bytes("ffffffffffffffff"), bytes("0001000000000000")),
                    List.of(bytes("0100000000000001"), bytes("2000000000000000"), bytes("0000000000000002")), "HEX(bn)"),
            new KeyCol("ts", "TIMESTAMP(6) NOT NULL",
                    List.of("1970-01-01 00:00:01.000001", "2038-01-19 03:14:07.999999", "2024-03-31 01:30:00.500000"),
                    List.of("2024-10-27 01:30:00.000000", "1970-01-01 00:00:01.000000"),
                    "CONCAT(CAST(ts AS CHAR), ' @', UNIX_TIMESTAMP(ts))"),
            new KeyCol("dc", "DECIMAL(65,30) NOT NULL",
                    List.of("-99999999999999999999999999999999999.999999999999999999999999999999",
                            "0.000000000000000000000000000001", "1.5"),
                    List.of("-0.000000000000000000000000000001",
                            "99999999999999999999999999999999999.999999999999999999999999999999", "0"),
                    "CAST(dc AS CHAR)"),
            new KeyCol("dd", "DATE NOT NULL", List.of("1000-01-01", "9999-12-31", "1582-10-15"),
                    List.of("1582-10-04", "0001-01-01", "2024-02-29", "1582-10-05", "1582-10-14", "1582-10-24"),
                    "CAST(dd AS CHAR)"),
            new KeyCol("m", "MEDIUMINT NOT NULL", List.of("-8388608", "8388607", "-1"), List.of("0", "1", "-2"),
                    "CAST(m AS CHAR)"),
            new KeyCol("su", "SMALLINT UNSIGNED NOT NULL", List.of("65535", "0"), List.of("32768", "1"),
                    "CAST(su AS CHAR)"));

    /** A key test's table and the keys the source holds now; the writers keep the model in step. */
    private static final class KeyTable {
        final String name;
        final List<KeyCol> cols;
        final List<Key> keys = new CopyOnWriteArrayList<>();

        KeyTable(String name, List<KeyCol> cols) {
            this.name = name;
            this.cols = cols;
        }

        String create() {
            return "CREATE TABLE " + name + " (" + cols.stream().map(c -> c.name() + " " + c.ddl())
                    .collect(Collectors.joining(", ")) + ", v VARCHAR(64) CHARACTER SET utf8mb4, n INT NOT NULL,"
                    + " PRIMARY KEY (" + keyList() + "))";
        }

        String keyList() {
            return cols.stream().map(KeyCol::name).collect(Collectors.joining(", "));
        }

        String whereKey() {
            return cols.stream().map(c -> c.name() + " = ?").collect(Collectors.joining(" AND "));
        }

        void bindKey(PreparedStatement ps, int first, Key k) throws SQLException {
            for (int i = 0; i < cols.size(); i++) {
                ps.setObject(first + i, k.parts().get(i));
            }
        }

        void insert(Connection c, Key k, String v) throws SQLException {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + name + " (" + keyList() + ", v, n) VALUES ("
                    + "?, ".repeat(cols.size()) + "?, ?)")) {
                bindKey(ps, 1, k);
                ps.setString(cols.size() + 1, v);
                ps.setInt(cols.size() + 2, k.hashCode() & 0xffff);
                ps.executeUpdate();
            }
            keys.add(k);
        }

        /** Rows mixing every initial value of every column, {@code count} distinct keys. */
        void seed(Connection c, int count) throws SQLException {
            Random r = new Random(7);
            for (int row = 0; keys.size() < count; row++) {
                List<Object> parts = new ArrayList<>();
                for (int j = 0; j < cols.size(); j++) {
                    List<Object> values = cols.get(j).initial();
                    parts.add(row < 8 ? values.get((row + j) % values.size()) : values.get(r.nextInt(values.size())));
                }
                Key k = new Key(parts);
                if (!keys.contains(k)) {
                    insert(c, k, "row " + row + " é😀");
                }
            }
        }

        /**
         * {@code count} changes: updates of one key part (each part in turn), of all parts, of the other columns
         * only; deletes; inserts. Every statement hits exactly one row.
         */
        void change(Connection c, long seed, int count) throws SQLException {
            Random r = new Random(seed);
            int kinds = cols.size() + 4;
            for (int n = 0; n < count; n++) {
                Key old = keys.get(r.nextInt(keys.size()));
                int op = n % kinds;
                if (op == cols.size()) { // the other columns only
                    try (PreparedStatement ps = c.prepareStatement("UPDATE " + name
                            + " SET v = CONCAT(IFNULL(v, ''), '!é'), n = n + 1 WHERE " + whereKey())) {
                        bindKey(ps, 1, old);
                        assertEquals(1, ps.executeUpdate(), "update of " + old);
                    }
                    continue;
                }
                if (op == cols.size() + 1) {
                    try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + name + " WHERE " + whereKey())) {
                        bindKey(ps, 1, old);
                        assertEquals(1, ps.executeUpdate(), "delete of " + old);
                    }
                    keys.remove(old);
                    continue;
                }
                Key next = null;
                for (int tries = 0; tries < 100; tries++) {
                    List<Object> parts = new ArrayList<>(old.parts());
                    for (int j = 0; j < cols.size(); j++) {
                        if (op == j || op >= cols.size() + 2) {
                            KeyCol col = cols.get(j);
                            List<Object> pool = r.nextBoolean() ? col.fresh() : col.initial();
                            parts.set(j, pool.get(r.nextInt(pool.size())));
                        }
                    }
                    Key candidate = new Key(parts);
                    if (!keys.contains(candidate)) {
                        next = candidate;
                        break;
                    }
                }
                if (next == null) {
                    continue;
                }
                if (op == cols.size() + 3) {
                    insert(c, next, "new " + n);
                    continue;
                }
                try (PreparedStatement ps = c.prepareStatement("UPDATE " + name + " SET "
                        + cols.stream().map(col -> col.name() + " = ?").collect(Collectors.joining(", "))
                        + ", n = n + 100 WHERE " + whereKey())) {
                    bindKey(ps, 1, next);
                    bindKey(ps, cols.size() + 1, old);
                    assertEquals(1, ps.executeUpdate(), "key change " + old + " -> " + next);
                }
                keys.remove(old);
                keys.add(next);
            }
        }

        List<String> canonicalExprs() {
            List<String> exprs = new ArrayList<>(cols.stream().map(KeyCol::canonical).toList());
            exprs.add("COALESCE(HEX(CAST(v AS BINARY)), '" + NULL_MARK + "')");
            exprs.add("CAST(n AS CHAR)");
            return exprs;
        }

        List<String> columnNames() {
            List<String> names = new ArrayList<>(cols.stream().map(KeyCol::name).toList());
            names.add("v");
            names.add("n");
            return names;
        }
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void compositeKeyAtExtremesSurvivesKeyChanges() throws Exception {
        moveKeyTable(new KeyTable("k", NUMERIC_BINARY_DATETIME_KEY), 48);
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void textTimestampDecimalDateKeysSurviveKeyChanges() throws Exception {
        moveKeyTable(new KeyTable("k2", TEXT_AND_OTHER_KEY), 40);
    }

    private void moveKeyTable(KeyTable table, int rows) throws Exception {
        MysqlServers servers = MysqlServers.get();
        String sourceDb = servers.source().createDatabase("fidelity_" + table.name + "_src");
        String targetDb = servers.target().createDatabase("fidelity_" + table.name + "_tgt");
        try (Connection c = session(servers.source(), sourceDb); Statement s = c.createStatement()) {
            s.execute(table.create());
            table.seed(c, rows);
        }
        String ddlBefore = ddl(servers.source(), sourceDb, table.name);

        runMove(servers, sourceDb, targetDb, table.name, c -> table.change(c, 11, 60), c -> table.change(c, 12, 60));

        String del = CutoverNames.deletedName(table.name);
        assertEquals(withoutAutoIncrement(ddlBefore), withoutAutoIncrement(ddl(servers.target(), targetDb, table.name)));
        assertRowComparerIdentical(servers, sourceDb, del, targetDb, table.name);
        List<String> exprs = table.canonicalExprs();
        List<List<String>> src = canonicalRows(servers.source(), sourceDb, del, exprs, table.keyList());
        List<List<String>> dst = canonicalRows(servers.target(), targetDb, table.name, exprs, table.keyList());
        assertEquals(table.keys.size(), src.size(), "the source holds as many rows as the test's model");
        assertSameRows(table.columnNames(), src, dst);
        assertEquals(md5s(servers.source(), sourceDb, del, exprs, table.keyList()),
                md5s(servers.target(), targetDb, table.name, exprs, table.keyList()));
    }

    /**
     * Zero and partial-zero dates in a key, changed while the cutover is postponed: the binlog client's own reading
     * turns every such date into one "invalid" value (null); the stream's deserializer reads them exactly
     * ({@code binlog.TemporalCells}), so the changes arrive.
     */
    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void zeroDateKeyIsCopiedFaithfullyOrTheMoveFails() throws Exception {
        MysqlServers servers = MysqlServers.get();
        String sourceDb = servers.source().createDatabase("fidelity_zero_src");
        String targetDb = servers.target().createDatabase("fidelity_zero_tgt");
        try (Connection c = session(servers.source(), sourceDb); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE z (d DATE NOT NULL, id INT NOT NULL, v VARCHAR(20), PRIMARY KEY (d, id))");
            s.execute("INSERT INTO z VALUES ('2020-01-01', 1, 'a'), ('0000-00-00', 2, 'b'), ('2020-00-00', 3, 'c')");
        }
        Path flag = Files.createFile(temp.resolve("postpone-z"));
        CountDownLatch waiting = new CountDownLatch(1);
        MoveListener listener = new MoveListener() {
            @Override
            public void phase(Phase phase) {
                if (phase == Phase.WAIT_CUTOVER) {
                    waiting.countDown();
                }
            }
        };
        CompletableFuture<MoveHarness.Run> move = CompletableFuture.supplyAsync(() -> MoveHarness.move(
                sourceDb, targetDb, "z", listener, "--execute", "--postpone-cutover-flag-file", flag.toString()));
        try {
            assertTrue(waiting.await(2, TimeUnit.MINUTES) || move.isDone(), "the run reached WAIT_CUTOVER");
            try (Connection c = session(servers.source(), sourceDb); Statement s = c.createStatement()) {
                s.executeUpdate("UPDATE z SET v = 'changed' WHERE id IN (2, 3)");
            }
            Thread.sleep(1000);
        } finally {
            Files.deleteIfExists(flag);
        }
        MoveHarness.Run run = move.get(3, TimeUnit.MINUTES);
        assertEquals(0, run.exitCode(), run.out() + run.err());
        List<String> exprs = List.of("CAST(d AS CHAR)", "CAST(id AS CHAR)", "COALESCE(v, '" + NULL_MARK + "')");
        List<List<String>> src = canonicalRows(servers.source(), sourceDb, CutoverNames.deletedName("z"), exprs, "d, id");
        assertSameRows(List.of("d", "id", "v"), src, canonicalRows(servers.target(), targetDb, "z", exprs, "d, id"));
        assertEquals(2, src.stream().filter(r -> r.get(2).equals("changed")).count(), "the changes were applied: " + src);
    }
    // ------------------------------------------------------------------------------------------------------------
    // shared
    // ------------------------------------------------------------------------------------------------------------

    private interface Changes {
        void apply(Connection c) throws Exception;
    }

    /**
     * Moves {@code table} with the cutover postponed: {@code duringCopy} runs on its own thread from the start of
     * COPY, {@code whilePostponed} once the run waits for the flag (after {@code duringCopy} finished); then the
     * flag goes and the move must finish with exit code 0.
     */
    private MoveHarness.Run runMove(MysqlServers servers, String sourceDb, String targetDb, String table,
                                    Changes duringCopy, Changes whilePostponed) throws Exception {
        Path flag = Files.createFile(temp.resolve("postpone-" + table));
        List<Phase> phases = new CopyOnWriteArrayList<>();
        AtomicReference<Throwable> writerFailure = new AtomicReference<>();
        CountDownLatch waiting = new CountDownLatch(1);
        CountDownLatch copyWriterDone = new CountDownLatch(1);
        MoveListener listener = new MoveListener() {
            @Override
            public void phase(Phase phase) {
                phases.add(phase);
                if (phase == Phase.COPY) {
                    Thread t = new Thread(() -> {
                        try (Connection c = session(servers.source(), sourceDb)) {
                            duringCopy.apply(c);
                        } catch (Throwable e) {
                            writerFailure.compareAndSet(null, e);
                        } finally {
                            copyWriterDone.countDown();
                        }
                    }, "fidelity-copy-writer");
                    t.setDaemon(true);
                    t.start();
                }
                if (phase == Phase.WAIT_CUTOVER) {
                    waiting.countDown();
                }
            }
        };
        CompletableFuture<MoveHarness.Run> move = CompletableFuture.supplyAsync(() -> MoveHarness.move(
                sourceDb, targetDb, table, listener, "--execute", "--chunk-size", "4", "--copy-threads", "2",
                "--status-interval-seconds", "2", "--postpone-cutover-flag-file", flag.toString()));
        MoveHarness.Run run;
        try {
            while (!waiting.await(200, TimeUnit.MILLISECONDS)) {
                if (move.isDone()) {
                    MoveHarness.Run early = move.join();
                    fail("the move ended before WAIT_CUTOVER: exit " + early.exitCode() + "\n" + early.out() + "\n" + early.err());
                }
            }
            assertTrue(copyWriterDone.await(2, TimeUnit.MINUTES), "the COPY-phase writer finished");
            if (writerFailure.get() != null) {
                throw new AssertionError("writer during COPY failed", writerFailure.get());
            }
            try (Connection c = session(servers.source(), sourceDb)) {
                whilePostponed.apply(c);
            }
            Thread.sleep(300); // let the apply see the changes while still postponed
            assertFalse(move.isDone(), "the run waits while the flag file exists");
        } finally {
            Files.deleteIfExists(flag);
        }
        run = move.get(3, TimeUnit.MINUTES);
        assertEquals(0, run.exitCode(), "move failed:\n" + run.out() + "\n" + run.err());
        assertEquals(Phase.DONE, phases.get(phases.size() - 1), "phases " + phases);
        assertTrue(phases.contains(Phase.COPY) && phases.indexOf(Phase.COPY) < phases.indexOf(Phase.WAIT_CUTOVER)
                && phases.indexOf(Phase.WAIT_CUTOVER) < phases.indexOf(Phase.CUTOVER), "phases " + phases);
        return run;
    }

    /** The server-side, lossless text form of a column, NULL as {@link #NULL_MARK}. */
    private static String canonical(String col, Kind kind) {
        String c = "`" + col + "`";
        String e = switch (kind) {
            case NUM, TEMPORAL -> "CAST(" + c + " AS CHAR)";
            // FLOAT's own text has 6 significant digits; c * 1e0 is the exact value as a double (keeps -0)
            case FLOAT -> "CONCAT(CAST(" + c + " AS CHAR), ' ', CAST(" + c + " * 1e0 AS CHAR))";
            case DOUBLE -> "CAST(" + c + " AS CHAR)";
            case TEXT -> "HEX(CAST(" + c + " AS BINARY))";
            case ENUMSET -> "CONCAT(HEX(CAST(" + c + " AS BINARY)), ' #', " + c + " + 0)";
            case BYTES -> "HEX(" + c + ")";
            case TIMESTAMP -> "CONCAT(CAST(" + c + " AS CHAR), ' @', UNIX_TIMESTAMP(" + c + "))";
            case JSON -> "CONCAT(HEX(CAST(" + c + " AS CHAR)), ' ', JSON_TYPE(" + c + "))";
        };
        return "COALESCE(" + e + ", '" + NULL_MARK + "')";
    }

    private static List<List<String>> canonicalRows(Server server, String db, String table, List<String> exprs,
                                                    String orderBy) throws SQLException {
        List<List<String>> rows = new ArrayList<>();
        try (Connection c = session(server, db); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT " + String.join(", ", exprs.stream().map(TypeFidelityIT::compact).toList())
                     + " FROM `" + table + "` ORDER BY " + orderBy)) {
            while (rs.next()) {
                List<String> row = new ArrayList<>(exprs.size());
                for (int i = 1; i <= exprs.size(); i++) {
                    row.add(rs.getString(i));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    /**
     * A canonical text longer than 1,024 characters as its MD5 and length (exact enough, and a 1 MiB LONGBLOB's text does
     * not take 4 MiB of the test JVM's 512 MiB heap per row and side).
     */
    private static String compact(String expr) {
        return "IF(LENGTH(" + expr + ") > 1024, CONCAT('md5:', MD5(" + expr + "), ' length:', LENGTH(" + expr + ")), "
                + expr + ")";
    }

    /** The brief's per-row digest: MD5 over every column's lossless text. */
    private static List<String> md5s(Server server, String db, String table, List<String> exprs, String orderBy)
            throws SQLException {
        List<String> digests = new ArrayList<>();
        try (Connection c = session(server, db); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT MD5(CONCAT_WS('|', " + String.join(", ", exprs) + ")) FROM `"
                     + table + "` ORDER BY " + orderBy)) {
            while (rs.next()) {
                digests.add(rs.getString(1));
            }
        }
        return digests;
    }

    private static void assertSameRows(List<String> names, List<List<String>> src, List<List<String>> dst) {
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < Math.max(src.size(), dst.size()) && problems.size() < 20; i++) {
            List<String> a = i < src.size() ? src.get(i) : null;
            List<String> b = i < dst.size() ? dst.get(i) : null;
            if (a == null || b == null) {
                problems.add("row " + i + " only on the " + (a == null ? "target: " + b.get(0) : "source: " + a.get(0)));
                continue;
            }
            for (int j = 0; j < names.size(); j++) {
                if (!a.get(j).equals(b.get(j))) {
                    problems.add("row " + a.get(0) + " column " + names.get(j) + ": source " + shorten(a.get(j))
                            + " target " + shorten(b.get(j)));
                }
            }
        }
        assertEquals(src.size(), dst.size(), "row counts; " + problems);
        assertTrue(problems.isEmpty(), problems.size() + " differences:\n" + String.join("\n", problems));
    }

    private static void assertRowComparerIdentical(MysqlServers servers, String sourceDb, String sourceTable,
                                                   String targetDb, String targetTable) throws SQLException {
        try (ServerPool source = MoveHarness.pool(servers.source(), sourceDb);
             ServerPool target = MoveHarness.pool(servers.target(), targetDb)) {
            TableSchema schema = new SchemaReader(source.dsl()).read(sourceDb, sourceTable);
            RowComparer.Comparison cmp = RowComparer.compare(source, sourceDb, sourceTable, target, targetDb,
                    targetTable, schema);
            assertTrue(cmp.leftRows() > 0, "rows to compare");
            assertTrue(cmp.identical(), "RowComparer: " + cmp.differences() + " differences of " + cmp.leftRows()
                    + "/" + cmp.rightRows() + " rows, e.g. " + cmp.examples().stream().map(TypeFidelityIT::shorten).toList());
        }
    }

    private static String ddl(Server server, String db, String table) throws SQLException {
        try (Connection c = server.connect(db); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SHOW CREATE TABLE `" + table + "`")) {
            rs.next();
            return rs.getString(2);
        }
    }

    private static String withoutAutoIncrement(String ddl) {
        return ddl.replaceAll(" AUTO_INCREMENT=\\d+", "");
    }

    private static String shorten(String s) {
        return s.length() <= 300 ? s : s.substring(0, 150) + "...(" + s.length() + " chars)..." + s.substring(s.length() - 150);
    }

    private static byte[] bytes(String hex) {
        return HEX.parseHex(hex);
    }

    private static byte[] random(Random r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }

    private static byte[] allBytes(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) i;
        }
        return b;
    }
}
