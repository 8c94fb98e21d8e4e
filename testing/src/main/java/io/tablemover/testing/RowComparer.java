package io.tablemover.testing;

import io.tablemover.engine.mysql.ServerPool;
import io.tablemover.engine.schema.Column;
import io.tablemover.engine.schema.TableSchema;
import io.tablemover.engine.sql.Statements;
import io.tablemover.engine.transfer.ValueReader;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Compares two tables row by row, every column (generated ones included), both read in key order:
 * the check the demo and the tests run after a cutover. Values are compared in the form
 * {@link ValueReader} reads them (exact numbers, bytes, the server's text).
 */
public final class RowComparer {
    private RowComparer() {}

    /**
     * The outcome of a comparison.
     *
     * @param leftRows rows in the left table
     * @param rightRows rows in the right table
     * @param differences rows that differ or exist on one side only
     * @param examples up to 5 differences, readable
     */
    public record Comparison(long leftRows, long rightRows, long differences, List<String> examples) {
        /** @return true if both tables hold exactly the same rows */
        public boolean identical() {
            return differences == 0 && leftRows == rightRows;
        }
    }

    /**
     * @param table the schema (columns and key) both tables share
     * @throws SQLException if either read fails
     */
    public static Comparison compare(ServerPool left, String leftDb, String leftName,
                                     ServerPool right, String rightDb, String rightName,
                                     TableSchema table) throws SQLException {
        return compare(left, leftDb, leftName, right, rightDb, rightName, table, row -> true);
    }

    /**
     * Compares the left table's rows that {@code leftRows} accepts with all rows of the right table: e.g. the source
     * rows a shard owns with the shard's table.
     *
     * @param leftRows accepts a left row, given as the values of {@link TableSchema#columns()}
     * @throws SQLException if either read fails
     */
    public static Comparison compare(ServerPool left, String leftDb, String leftName,
                                     ServerPool right, String rightDb, String rightName,
                                     TableSchema table, java.util.function.Predicate<List<Object>> leftRows)
            throws SQLException {
        List<Column> columns = table.columns();
        List<List<Object>> a = readAll(left, leftDb, leftName, table);
        a.removeIf(leftRows.negate());
        List<List<Object>> b = readAll(right, rightDb, rightName, table);
        long diffs = 0;
        List<String> examples = new ArrayList<>();
        int n = Math.max(a.size(), b.size());
        for (int i = 0; i < n; i++) {
            List<Object> x = i < a.size() ? a.get(i) : null;
            List<Object> y = i < b.size() ? b.get(i) : null;
            if (!sameRow(x, y)) {
                diffs++;
                if (examples.size() < 5) {
                    examples.add("row " + i + ": " + show(x, columns) + " <> " + show(y, columns));
                }
            }
        }
        return new Comparison(a.size(), b.size(), diffs, examples);
    }

    private static List<List<Object>> readAll(ServerPool pool, String db, String name, TableSchema table)
            throws SQLException {
        List<List<Object>> rows = new ArrayList<>();
        try (Connection c = pool.connection();
             ResultSet rs = ServerPool.on(c).select(Statements.readFields(table.columns()))
                     .from(Statements.table(db, name))
                     .orderBy(Statements.fields(table.requireKey().columns())).fetchResultSet()) {
            while (rs.next()) {
                rows.add(ValueReader.readRow(rs, table.columns()));
            }
        }
        return rows;
    }

    private static boolean sameRow(List<Object> x, List<Object> y) {
        if (x == null || y == null) {
            return x == y;
        }
        for (int i = 0; i < x.size(); i++) {
            Object p = x.get(i);
            Object q = y.get(i);
            boolean same = p instanceof byte[] pb && q instanceof byte[] qb ? Arrays.equals(pb, qb) : Objects.equals(p, q);
            if (!same) {
                return false;
            }
        }
        return true;
    }

    private static String show(List<Object> row, List<Column> columns) {
        if (row == null) {
            return "(none)";
        }
        StringBuilder s = new StringBuilder("{");
        for (int i = 0; i < row.size(); i++) {
            Object v = row.get(i);
            s.append(i == 0 ? "" : ", ").append(columns.get(i).name()).append('=')
                    .append(v instanceof byte[] b ? "0x" + java.util.HexFormat.of().formatHex(b) : v);
        }
        return s.append('}').toString();
    }
}
