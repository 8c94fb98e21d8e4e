package io.tablemover.engine.transfer;

import io.tablemover.engine.schema.Column;
import io.tablemover.engine.sql.Statements;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes rows to a target table as multi-row {@code REPLACE} statements, cheaply: the statement's parts are rendered by
 * jOOQ once per table ({@link Statements#replaceTemplate}) and cached; each call binds the values straight into one
 * client-side prepared statement per slice of rows (at most {@link #MAX_ROWS} rows and about
 * {@value #MAX_STATEMENT_BYTES} bytes of values, far below {@code max_allowed_packet}'s 64 MiB default), which
 * Connector/J sends as one text statement with each value encoded once. Building a jOOQ query of one bind value per
 * column and row, as before, cost about half of the copy's CPU (issue 10's profile); a JDBC batch rewritten by
 * {@code rewriteBatchedStatements} encodes every string twice (once to size the batch) and copies the bindings per row.
 * Thread-safe.
 */
public final class RowWriter {
    /**
     * Rows per statement at most. Statements of this many rows (and the chunk sizes the copy plans, multiples of it from
     * this size on) repeat, so Connector/J parses their text once per connection ({@code cachePrepStmts}) instead of
     * once per chunk (a fifth of the copy's CPU otherwise).
     */
    public static final int MAX_ROWS = 500;
    /** Bytes of values per statement at most (estimated: text as 3 bytes per char, binary escaped as 2 per byte). */
    static final long MAX_STATEMENT_BYTES = 8L << 20;

    private final Map<String, Statements.ReplaceTemplate> templates = new ConcurrentHashMap<>();

    /**
     * Replaces {@code rows} in {@code db.name} within the connection's current transaction.
     *
     * @param columns the columns written, in the rows' value order
     * @param rows values as {@link ValueReader} reads them; null for SQL NULL
     * @throws SQLException the server's error (e.g. 1213 deadlock, which the caller retries)
     */
    public void replace(Connection target, String db, String name, List<Column> columns, List<List<Object>> rows)
            throws SQLException {
        Statements.ReplaceTemplate template = templates.computeIfAbsent(db + '\u0000' + name + '\u0000' + columns,
                k -> Statements.replaceTemplate(db, name, columns));
        int from = 0;
        while (from < rows.size()) {
            int to = from;
            long bytes = 0;
            while (to < rows.size() && to - from < MAX_ROWS && (to == from || bytes < MAX_STATEMENT_BYTES)) {
                bytes += estimatedBytes(rows.get(to++));
            }
            write(target, template, rows.subList(from, to));
            from = to;
        }
    }

    private static void write(Connection target, Statements.ReplaceTemplate template, List<List<Object>> rows)
            throws SQLException {
        try (PreparedStatement ps = target.prepareStatement(template.forRows(rows.size()))) {
            int index = 1;
            for (List<Object> row : rows) {
                for (Object v : row) {
                    bind(ps, index++, v);
                }
            }
            ps.executeUpdate();
        }
    }

    private static long estimatedBytes(List<Object> row) {
        long bytes = 0;
        for (Object v : row) {
            bytes += v instanceof String s ? 3L * s.length() + 2 : v instanceof byte[] b ? 2L * b.length + 10 : 24;
        }
        return bytes;
    }

    /** Binds one value the way jOOQ bound it before: bytes as bytes, text as text, exact numbers exactly. */
    private static void bind(PreparedStatement ps, int index, Object v) throws SQLException {
        if (v == null) {
            ps.setNull(index, Types.NULL);
        } else if (v instanceof byte[] b) {
            ps.setBytes(index, b);
        } else if (v instanceof String s) {
            ps.setString(index, s);
        } else if (v instanceof Long l) {
            ps.setLong(index, l);
        } else if (v instanceof Integer i) {
            ps.setInt(index, i);
        } else if (v instanceof BigDecimal d) {
            ps.setBigDecimal(index, d);
        } else if (v instanceof BigInteger b) {
            ps.setBigDecimal(index, new BigDecimal(b)); // BIGINT UNSIGNED above Long.MAX_VALUE
        } else {
            ps.setObject(index, v);
        }
    }
}
