package io.tablemover.demo.bench;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The benchmark's two tables and how they are filled and compared.
 *
 * <p>{@code big}: BIGINT AUTO_INCREMENT primary key, two secondary keys ({@code (account_id, created_at)} and
 * {@code email}); {@code comp}: composite {@code (tenant_id, item_code)} primary key. Both carry a varchar, a
 * DATETIME(6), a DECIMAL, an INT and a ~100-byte TEXT (NULL in one row out of ten). Row {@code i} (0-based) is a
 * pure function of {@code i}, so every load gives the same data, and {@link #compKey} names an existing
 * composite key without reading it. Rows are generated on the server by {@code INSERT … SELECT} from a cross join
 * of a 10,000-row sequence table (in database {@value #GEN_DB}), with {@code sql_log_bin=0}: no binlog for the load.
 */
public final class BenchTables {
    /** The moved tables. */
    public static final List<String> TABLES = List.of("big", "comp");
    /** The database holding the sequence table, on each server. */
    static final String GEN_DB = "bench_gen";
    private static final int SEQ = 10_000;
    private static final int LOAD_BATCH = 100_000;

    private static final String BIG_DDL = """
            CREATE TABLE %s.big (
              id BIGINT NOT NULL AUTO_INCREMENT,
              account_id INT NOT NULL,
              email VARCHAR(120) NOT NULL,
              status VARCHAR(16) NOT NULL,
              amount DECIMAL(12,2) NOT NULL,
              created_at DATETIME(6) NOT NULL,
              note TEXT,
              PRIMARY KEY (id),
              KEY idx_account_created (account_id, created_at),
              KEY idx_email (email)
            ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4""";
    private static final String COMP_DDL = """
            CREATE TABLE %s.comp (
              tenant_id INT NOT NULL,
              item_code VARCHAR(32) NOT NULL,
              qty INT NOT NULL,
              price DECIMAL(10,2) NOT NULL,
              updated_at DATETIME(6) NOT NULL,
              label VARCHAR(64) NOT NULL,
              note TEXT,
              PRIMARY KEY (tenant_id, item_code)
            ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4""";
    private static final String BIG_SELECT = """
            SELECT i + 1, i %% 50000, CONCAT('user', i, '@example.com'), ELT(1 + i %% 4, 'new', 'paid', 'shipped', 'closed'),
                   (i * 7919 %% 10000000) / 100, TIMESTAMP('2024-01-01 00:00:00') + INTERVAL i SECOND + INTERVAL i %% 999999 MICROSECOND,
                   IF(i %% 10 = 0, NULL, RPAD(CONCAT('note ', i, ' ', MD5(i), MD5(i + 1)), 100, '.'))
            FROM (SELECT a.n * %d + b.n AS i FROM %s.seq a JOIN %s.seq b WHERE a.n BETWEEN %d AND %d) g
            WHERE i BETWEEN %d AND %d""";
    private static final String COMP_SELECT = """
            SELECT i DIV 8, CONCAT('SKU-', LPAD(i %% 8, 3, '0'), '-', i %% 97), i %% 1000, (i * 104729 %% 1000000) / 100,
                   TIMESTAMP('2023-06-01 00:00:00') + INTERVAL i * 7 SECOND + INTERVAL i %% 999983 MICROSECOND,
                   CONCAT('label ', i %% 5000), IF(i %% 10 = 3, NULL, RPAD(CONCAT('item ', i, ' ', MD5(i * 3)), 100, '-'))
            FROM (SELECT a.n * %d + b.n AS i FROM %s.seq a JOIN %s.seq b WHERE a.n BETWEEN %d AND %d) g
            WHERE i BETWEEN %d AND %d""";

    private final long bigRows;
    private final long compRows;

    /**
     * @param bigRows rows of {@code big}
     * @param compRows rows of {@code comp}
     */
    public BenchTables(long bigRows, long compRows) {
        if (bigRows < 1 || compRows < 1 || bigRows > (long) SEQ * SEQ || compRows > (long) SEQ * SEQ) {
            throw new IllegalArgumentException("row counts must be between 1 and " + (long) SEQ * SEQ);
        }
        this.bigRows = bigRows;
        this.compRows = compRows;
    }

    /** @return rows of {@code big} after a load */
    public long bigRows() {
        return bigRows;
    }

    /** @return rows of {@code comp} after a load */
    public long compRows() {
        return compRows;
    }

    /** @return rows of both tables after a load */
    public long totalRows() {
        return bigRows + compRows;
    }

    /** Creates database {@code db} if needed, drops the tables (and their cutover twins) and creates them empty. */
    public static void createEmpty(Connection c, String db) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE IF NOT EXISTS " + db);
            s.execute("DROP TABLE IF EXISTS " + db + ".big, " + db + ".comp, " + db + "._big_del, " + db + "._comp_del");
            s.execute(BIG_DDL.formatted(db));
            s.execute(COMP_DDL.formatted(db));
        }
    }

    /**
     * (Re)creates both tables in {@code db} and fills them, without binlog.
     *
     * @return the load's wall time in ms
     */
    public long load(Connection c, String db) throws SQLException {
        long t0 = System.nanoTime();
        createSequence(c);
        createEmpty(c, db);
        try (Statement s = c.createStatement()) {
            s.execute("SET SESSION sql_log_bin = 0");
            try {
                fill(s, "INSERT INTO " + db + ".big (id, account_id, email, status, amount, created_at, note) ", BIG_SELECT, bigRows);
                fill(s, "INSERT INTO " + db + ".comp (tenant_id, item_code, qty, price, updated_at, label, note) ", COMP_SELECT, compRows);
            } finally {
                s.execute("SET SESSION sql_log_bin = 1");
            }
            s.execute("ANALYZE TABLE " + db + ".big, " + db + ".comp");
        }
        return (System.nanoTime() - t0) / 1_000_000;
    }

    private static void fill(Statement s, String insert, String select, long rows) throws SQLException {
        for (long from = 0; from < rows; from += LOAD_BATCH) {
            long to = Math.min(rows, from + LOAD_BATCH) - 1;
            s.executeUpdate(insert + select.formatted(SEQ, GEN_DB, GEN_DB, from / SEQ, to / SEQ, from, to));
        }
    }

    private static void createSequence(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("SET SESSION sql_log_bin = 0");
            try {
                s.execute("CREATE DATABASE IF NOT EXISTS " + GEN_DB);
                s.execute("CREATE TABLE IF NOT EXISTS " + GEN_DB + ".seq (n INT NOT NULL PRIMARY KEY) ENGINE=InnoDB");
                try (ResultSet r = s.executeQuery("SELECT COUNT(*) FROM " + GEN_DB + ".seq")) {
                    r.next();
                    if (r.getLong(1) == SEQ) {
                        return;
                    }
                }
                s.execute("TRUNCATE TABLE " + GEN_DB + ".seq");
                s.execute("SET SESSION cte_max_recursion_depth = " + (SEQ + 10));
                s.execute("INSERT INTO " + GEN_DB + ".seq (n) WITH RECURSIVE r (n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM r WHERE n < "
                        + (SEQ - 1) + ") SELECT n FROM r");
            } finally {
                s.execute("SET SESSION sql_log_bin = 1");
            }
        }
    }

    /** @return the composite key {@code (tenant_id, item_code)} of seeded row {@code i} */
    static Object[] compKey(long i) {
        return new Object[] {(int) (i / 8), String.format("SKU-%03d-%d", i % 8, i % 97)};
    }

    /**
     * An order-independent checksum of a whole table: row count and the XOR of the 128-bit MD5 of every row
     * (all columns as text, with a NULL flag each), computed on the server.
     *
     * @param columns the columns, in the same order for both sides
     * @return {@code count:xorHigh:xorLow}
     */
    static String checksum(Connection c, String db, String table, List<String> columns) throws SQLException {
        List<String> parts = new ArrayList<>();
        for (String col : columns) {
            parts.add("ISNULL(`" + col + "`)");
            parts.add("`" + col + "`");
        }
        String sql = "SELECT COUNT(*), COALESCE(BIT_XOR(CAST(CONV(SUBSTRING(h, 1, 16), 16, 10) AS UNSIGNED)), 0),"
                + " COALESCE(BIT_XOR(CAST(CONV(SUBSTRING(h, 17, 16), 16, 10) AS UNSIGNED)), 0)"
                + " FROM (SELECT MD5(CONCAT_WS('|', " + String.join(", ", parts) + ")) AS h FROM `" + db + "`.`" + table + "`) x";
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1) + ":" + r.getString(2) + ":" + r.getString(3);
        }
    }

    /** @return the table's columns in ordinal order */
    static List<String> columns(Connection c, String db, String table) throws SQLException {
        List<String> cols = new ArrayList<>();
        try (var ps = c.prepareStatement("SELECT COLUMN_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ?"
                + " AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION")) {
            ps.setString(1, db);
            ps.setString(2, table);
            try (ResultSet r = ps.executeQuery()) {
                while (r.next()) {
                    cols.add(r.getString(1));
                }
            }
        }
        if (cols.isEmpty()) {
            throw new SQLException("table " + db + "." + table + " does not exist");
        }
        return cols;
    }
}
