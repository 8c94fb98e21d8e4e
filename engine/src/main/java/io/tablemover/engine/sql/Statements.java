package io.tablemover.engine.sql;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import io.tablemover.engine.schema.Column;
import io.tablemover.engine.schema.KeyColumns;
import io.tablemover.engine.schema.KeyRange;
import io.tablemover.engine.schema.KeyValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jooq.Condition;
import org.jooq.conf.ParamType;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Query;
import org.jooq.QueryPart;
import org.jooq.Record;
import org.jooq.ResultQuery;
import org.jooq.RowN;
import org.jooq.SQLDialect;
import org.jooq.Table;
import org.jooq.impl.DSL;

/**
 * The statements on tables and their rows (reads, locking reads, writes, DDL), built with jOOQ (identifiers quoted,
 * values bound).
 *
 * <p>Some MySQL statements have no jOOQ builder and are composed with jOOQ's templating from jOOQ
 * query parts (still no string concatenation of names or values): {@code REPLACE INTO}, the
 * multi-table {@code RENAME TABLE}, {@code SHOW CREATE TABLE} and {@code ALTER TABLE ... AUTO_INCREMENT}.
 *
 * <p>The other statements are by concern: {@link ServerStatements} (server variables and status, the session
 * setup), {@link LockStatements} (advisory locks), {@link SchemaReader} ({@code information_schema}).
 */
public final class Statements {
    private static final DSLContext RENDER = DSL.using(SQLDialect.MYSQL);

    private Statements() {}

    /** @return {@code `db`.`table`} */
    public static Table<Record> table(String database, String name) {
        return DSL.table(name(database, name));
    }

    /** @return an untyped field for a column name */
    public static Field<Object> column(String name) {
        return field(name(name));
    }

    /** @return the fields of {@code columns}, in order */
    public static List<Field<Object>> fields(List<Column> columns) {
        return columns.stream().map(c -> column(c.name())).toList();
    }

    /**
     * The select list that reads {@code columns} losslessly: the columns themselves, except those whose type
     * {@linkplain io.tablemover.engine.schema.MysqlType#readAsDouble() reads as a double} (FLOAT), read as
     * {@code (col * 1e0)}, a DOUBLE holding the float's exact value. MySQL prints a FLOAT with 6
     * significant digits ({@code 3.40282e38}, {@code 16777200} for 16777217), text that does not write the
     * same float back; the double's text does. The product keeps the sign of -0.
     */
    public static List<Field<Object>> readFields(List<Column> columns) {
        return columns.stream()
                .map(c -> c.type().readAsDouble() ? DSL.field("({0} * 1e0)", Object.class, column(c.name()))
                        : column(c.name()))
                .toList();
    }

    /** {@code SHOW CREATE TABLE `db`.`t`}: column 2 of its one row holds the DDL text. */
    public static ResultQuery<Record> showCreateTable(String database, String name) {
        return RENDER.resultQuery("show create table {0}", table(database, name));
    }

    /**
     * {@code ALTER TABLE `db`.`t` AUTO_INCREMENT = n}: sets the table's next AUTO_INCREMENT value. InnoDB ignores a
     * value at or below the table's current maximum (it never lowers the counter below {@code MAX(col) + 1}).
     *
     * @param next the next value to hand out, inlined (DDL takes no bind values)
     * @throws IllegalArgumentException if {@code next} is negative
     */
    public static Query alterAutoIncrement(String database, String name, long next) {
        if (next < 0) {
            throw new IllegalArgumentException("AUTO_INCREMENT must not be negative, got " + next);
        }
        return RENDER.query("alter table {0} auto_increment = {1}", table(database, name), DSL.inline(next));
    }

    /**
     * The condition {@code range.lower < key <= range.upper} expanded into column comparisons
     * ({@code a > ? OR (a = ? AND b > ?)}) because MySQL's range optimizer does not use an index for
     * row-constructor inequalities ({@code (a,b) > (?,?)}); see MySQL manual 8.2.1.2 "Range Optimization".
     */
    public static Condition range(KeyColumns key, KeyRange range) {
        Condition c = DSL.noCondition();
        if (range.lowerExclusive().isPresent()) {
            c = c.and(compare(key, range.lowerExclusive().get(), true));
        }
        if (range.upperInclusive().isPresent()) {
            c = c.and(compare(key, range.upperInclusive().get(), false));
        }
        return c;
    }

    /** {@code key > v} (greater) or {@code key <= v}, lexicographically over the key columns. */
    private static Condition compare(KeyColumns key, KeyValue value, boolean greater) {
        List<Field<Object>> f = fields(key.columns());
        List<Object> v = value.bindValues();
        int n = f.size();
        Condition result = greater ? f.get(n - 1).gt(DSL.val(v.get(n - 1))) : f.get(n - 1).le(DSL.val(v.get(n - 1)));
        for (int i = n - 2; i >= 0; i--) {
            Condition strict = greater ? f.get(i).gt(DSL.val(v.get(i))) : f.get(i).lt(DSL.val(v.get(i)));
            result = strict.or(f.get(i).eq(DSL.val(v.get(i))).and(result));
        }
        return result;
    }

    /** {@code key IN (...)}: a row-constructor IN for composite keys (MySQL range-optimizes it). */
    public static Condition keyIn(KeyColumns key, List<KeyValue> keys) {
        List<Field<Object>> f = fields(key.columns());
        if (f.size() == 1) {
            return f.get(0).in(keys.stream().map(k -> DSL.val(k.bindValues().get(0))).toList());
        }
        List<RowN> rows = keys.stream().map(k -> DSL.row(k.bindValues().stream().map(DSL::val).toList())).toList();
        return DSL.row(f).in(rows);
    }

    /**
     * The upper bound of the next chunk: the key {@code chunkSize} rows above {@code lower}, by a
     * non-locking index-only read ({@code SELECT key ... WHERE key > ? ORDER BY key LIMIT 1 OFFSET n-1}).
     * No row means the rest of the table is the last chunk.
     */
    public static ResultQuery<Record> chunkBoundary(DSLContext dsl, String db, String name, KeyColumns key,
                                                    KeyRange from, int chunkSize) {
        List<Field<Object>> k = fields(key.columns());
        return dsl.select(k).from(table(db, name)).where(range(key, from))
                .orderBy(k).limit(1).offset(chunkSize - 1);
    }

    /**
     * {@code SELECT cols FROM t WHERE <range> ORDER BY key}: a chunk by a plain consistent read, which takes no lock and
     * waits for none (the copy's GTID watermark makes it safe: {@code transfer.AppliedKeys}).
     */
    public static ResultQuery<Record> readRange(DSLContext dsl, String db, String name, List<Column> columns,
                                                KeyColumns key, KeyRange range) {
        return dsl.select(readFields(columns)).from(table(db, name)).where(range(key, range))
                .orderBy(fields(key.columns()));
    }

    /**
     * The upper bound of the next chunk by rows and bytes, by a non-locking read of at most {@code lookAhead} rows
     * after {@code from.lower}: the first row at which the running total of the rows' bytes
     * ({@code SUM(COALESCE(LENGTH(col), 0))} over the columns) reaches {@code maxBytes}, or else the
     * {@code lookAhead}-th row. Its columns: the key columns, then {@code tm_bytes} (the bytes up to and including
     * that row) and {@code tm_rows} (its position, 1-based). No row means fewer than {@code lookAhead} rows remain,
     * and together fewer than {@code maxBytes}: the rest of the table is the last chunk. Reads (on the server, not
     * over the network) every column of the rows it looks at.
     *
     * <pre>select k from (select k, sum(b) over (order by k rows unbounded preceding) tm_bytes,
     *     row_number() over (order by k) tm_rows from (select k, (coalesce(length(c1), 0) + ...) b from t
     *     where k &gt; ? order by k limit n) r) w where tm_bytes &gt;= ? or tm_rows = n order by k limit 1</pre>
     */
    public static ResultQuery<Record> chunkBoundaryByBytes(DSLContext dsl, String db, String name, KeyColumns key,
                                                           List<Column> columns, KeyRange from, int lookAhead,
                                                           long maxBytes) {
        QueryPart keys = DSL.list(fields(key.columns()));
        Field<Long> bytes = DSL.inline(0L);
        for (Column c : columns) {
            bytes = bytes.plus(DSL.coalesce(DSL.field("length({0})", Long.class, column(c.name())), DSL.inline(0L)));
        }
        return dsl.resultQuery("select {0}, {1}, {2} from (select {0}, sum({3}) over (order by {0} rows unbounded"
                        + " preceding) as {1}, row_number() over (order by {0}) as {2} from (select {0}, {4} as {3}"
                        + " from {5} where {6} order by {0} limit {7}) as {8}) as {9} where {1} >= {10} or {2} = {7}"
                        + " order by {0} limit 1",
                keys, name("tm_bytes"), name("tm_rows"), name("tm_b"), bytes, table(db, name), range(key, from),
                DSL.val(lookAhead), name("tm_look"), name("tm_chunk"), DSL.val(maxBytes));
    }

    /**
     * {@code SELECT cols FROM t WHERE key IN (...)}: the rows of some keys by a plain consistent read (no lock); the
     * reverse stream's look at the other shards ({@code reverse.ShardReconciler}).
     */
    public static ResultQuery<Record> readKeys(DSLContext dsl, String db, String name, List<Column> columns,
                                               KeyColumns key, List<KeyValue> keys) {
        return dsl.select(readFields(columns)).from(table(db, name)).where(keyIn(key, keys));
    }

    /** {@code SELECT cols FROM t WHERE key IN (...) FOR SHARE}: changed keys under share locks. */
    public static ResultQuery<Record> lockKeys(DSLContext dsl, String db, String name, List<Column> columns,
                                               KeyColumns key, List<KeyValue> keys) {
        return dsl.select(readFields(columns)).from(table(db, name)).where(keyIn(key, keys)).forShare();
    }

    /** {@code DELETE FROM t WHERE key IN (...)}. */
    public static Query deleteKeys(DSLContext dsl, String db, String name, KeyColumns key, List<KeyValue> keys) {
        return dsl.deleteFrom(table(db, name)).where(keyIn(key, keys));
    }

    /**
     * A multi-row {@code REPLACE INTO t (cols) VALUES (?, ...), (?, ...)} in two rendered parts, rendered once per table:
     * the statement for n rows is {@code head} followed by n copies of {@code row} separated by commas. REPLACE (not
     * INSERT IGNORE or ON DUPLICATE KEY UPDATE) also removes target rows conflicting on another UNIQUE key, which keeps
     * the target converging while the copy and the binlog apply overlap (a stale conflicting row is re-written by its
     * own later change).
     *
     * @param head {@code replace into `db`.`t` (`a`, `b`) values }
     * @param row one row's placeholders, {@code (?, ?)}
     */
    public record ReplaceTemplate(String head, String row) {
        /** @return the statement text for {@code rows} rows */
        public String forRows(int rows) {
            StringBuilder sql = new StringBuilder(head.length() + rows * (row.length() + 2)).append(head);
            for (int i = 0; i < rows; i++) {
                sql.append(i == 0 ? "" : ", ").append(row);
            }
            return sql.toString();
        }
    }

    /**
     * The {@link ReplaceTemplate} of {@code db.name}: rendered once per table and reused, so that writing a chunk builds
     * no query object per value (one per value cost half of the copy's CPU in issue 10's profile).
     */
    public static ReplaceTemplate replaceTemplate(String db, String name, List<Column> columns) {
        List<Field<?>> params = new ArrayList<>(columns.size());
        for (int i = 0; i < columns.size(); i++) {
            params.add(DSL.param(Object.class));
        }
        return new ReplaceTemplate(RENDER.query("replace into {0} ({1}) values ", table(db, name),
                DSL.list(fields(columns))).getSQL(), RENDER.query("({0})", DSL.list(params)).getSQL(ParamType.INDEXED));
    }

    /**
     * {@code ALTER TABLE `db`.`t` DROP INDEX `a`, DROP INDEX `b`}: one statement, one table rebuild at most (instant on
     * an empty table).
     */
    public static Query dropIndexes(String db, String name, List<String> indexes) {
        return RENDER.query("alter table {0} {1}", table(db, name),
                DSL.list(indexes.stream().map(i -> DSL.sql("drop index {0}", DSL.name(i))).toList()));
    }

    /**
     * {@code ALTER TABLE `db`.`t` ADD KEY ..., ADD KEY ...}: adds indexes in one statement (InnoDB builds them online,
     * in one pass over the table: MySQL manual 15.12.1 "Online DDL Operations").
     *
     * @param clauses index definitions exactly as the source's {@code SHOW CREATE TABLE} prints them (e.g.
     *     {@code KEY `k` (`a`,`b`(10) DESC) COMMENT 'c'}), server text inserted verbatim like the CREATE TABLE itself
     */
    public static Query addIndexes(String db, String name, List<String> clauses) {
        return RENDER.query("alter table {0} {1}", table(db, name),
                DSL.list(clauses.stream().map(c -> (QueryPart) DSL.raw("add " + c)).toList()));
    }

    /** One atomic {@code RENAME TABLE a TO b, c TO d} (MySQL 13.1.36) over {@code renames} (from → to). */
    public static Query renameTables(DSLContext dsl, String db, Map<String, String> renames) {
        List<QueryPart> pairs = new ArrayList<>();
        renames.forEach((from, to) -> pairs.add(DSL.sql("{0} to {1}", table(db, from), table(db, to))));
        return dsl.query("rename table {0}", DSL.list(pairs));
    }
}
