package io.tablemover.engine.sql;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import io.tablemover.engine.schema.Column;
import io.tablemover.engine.schema.KeyColumns;
import io.tablemover.engine.schema.MysqlType;
import io.tablemover.engine.schema.TableSchema;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;

/**
 * Reads tables from {@code information_schema} (with jOOQ) into {@link TableSchema}s and chooses each
 * table's key. Read-only: safe in a dry run.
 */
public final class SchemaReader {
    private static final Table<?> COLUMNS = table(name("information_schema", "COLUMNS"));
    private static final Table<?> STATISTICS = table(name("information_schema", "STATISTICS"));
    private static final Table<?> TABLES = table(name("information_schema", "TABLES"));
    private static final Field<String> TABLE_SCHEMA = field(name("TABLE_SCHEMA"), String.class);
    private static final Field<String> TABLE_NAME = field(name("TABLE_NAME"), String.class);

    private final DSLContext dsl;

    public SchemaReader(DSLContext dsl) {
        this.dsl = dsl;
    }

    /**
     * @return the {@code TABLE_TYPE} of each existing table among {@code tables} (e.g. {@code BASE TABLE},
     *     {@code VIEW}); tables that do not exist are absent from the map
     */
    public Map<String, String> tableTypes(String database, List<String> tables) {
        Field<String> type = field(name("TABLE_TYPE"), String.class);
        Map<String, String> types = new LinkedHashMap<>();
        dsl.select(TABLE_NAME, type).from(TABLES)
                .where(TABLE_SCHEMA.eq(database)).and(TABLE_NAME.in(tables))
                .forEach(r -> types.put(r.value1(), r.value2()));
        return types;
    }

    /**
     * Reads one existing base table.
     *
     * @throws org.jooq.exception.DataAccessException if the server cannot be read
     * @throws io.tablemover.engine.schema.UnknownTypeException if a column is of a type tablemover does not know
     */
    public TableSchema read(String database, String tableName) {
        List<Column> columns = readColumns(database, tableName);
        Optional<KeyColumns> key = chooseKey(database, tableName, columns);
        Field<Long> rows = field(name("TABLE_ROWS"), Long.class);
        Long estimate = dsl.select(rows).from(TABLES)
                .where(TABLE_SCHEMA.eq(database)).and(TABLE_NAME.eq(tableName)).fetchOne(rows);
        String ddl = dsl.fetchOne(Statements.showCreateTable(database, tableName)).get(1, String.class);
        return new TableSchema(database, tableName, columns, key, estimate == null ? 0 : estimate, ddl);
    }

    private List<Column> readColumns(String database, String tableName) {
        Field<String> colName = field(name("COLUMN_NAME"), String.class);
        Field<Integer> ordinal = field(name("ORDINAL_POSITION"), Integer.class);
        Field<String> dataType = field(name("DATA_TYPE"), String.class);
        Field<String> columnType = field(name("COLUMN_TYPE"), String.class);
        Field<String> charset = field(name("CHARACTER_SET_NAME"), String.class);
        Field<Long> octets = field(name("CHARACTER_OCTET_LENGTH"), Long.class);
        Field<Integer> precision = field(name("DATETIME_PRECISION"), Integer.class);
        Field<String> nullable = field(name("IS_NULLABLE"), String.class);
        Field<String> extra = field(name("EXTRA"), String.class);
        List<Column> columns = new ArrayList<>();
        for (Record r : dsl.select(colName, ordinal, dataType, columnType, charset, octets, precision, nullable, extra)
                .from(COLUMNS)
                .where(TABLE_SCHEMA.eq(database)).and(TABLE_NAME.eq(tableName))
                .orderBy(ordinal)) {
            String ex = r.get(extra) == null ? "" : r.get(extra).toLowerCase();
            columns.add(new Column(
                    r.get(colName),
                    r.get(ordinal),
                    MysqlType.ofColumn(database + "." + tableName, r.get(colName), r.get(dataType)),
                    r.get(columnType),
                    r.get(charset),
                    r.get(octets) == null ? 0 : r.get(octets),
                    r.get(precision) == null ? 0 : r.get(precision),
                    "YES".equals(r.get(nullable)),
                    ex.contains("generated") && !ex.contains("default_generated")));
        }
        return columns;
    }

    /**
     * The PRIMARY KEY if there is one, else the first UNIQUE index (by name) whose columns are all
     * NOT NULL, whole (no prefix) and plain columns (no functional key part) — the rule gh-ost and
     * Spirit apply. Key columns must be of a type that {@linkplain MysqlType#mayBeKey() may be a key}.
     */
    private Optional<KeyColumns> chooseKey(String database, String tableName, List<Column> columns) {
        Field<String> index = field(name("INDEX_NAME"), String.class);
        Field<Integer> nonUnique = field(name("NON_UNIQUE"), Integer.class);
        Field<String> column = field(name("COLUMN_NAME"), String.class);
        Field<Integer> seq = field(name("SEQ_IN_INDEX"), Integer.class);
        Field<Integer> subPart = field(name("SUB_PART"), Integer.class);
        Map<String, List<Record>> unique = new LinkedHashMap<>();
        dsl.select(index, column, subPart).from(STATISTICS)
                .where(TABLE_SCHEMA.eq(database)).and(TABLE_NAME.eq(tableName)).and(nonUnique.eq(0))
                .orderBy(index.eq("PRIMARY").desc(), index, seq)
                .forEach(r -> unique.computeIfAbsent(r.get(index), k -> new ArrayList<>()).add(r));
        Map<String, Column> byName = new LinkedHashMap<>();
        columns.forEach(c -> byName.put(c.name().toLowerCase(), c));
        for (Map.Entry<String, List<Record>> e : unique.entrySet()) {
            List<Column> keyColumns = new ArrayList<>();
            for (Record r : e.getValue()) {
                Column c = r.get(column) == null ? null : byName.get(r.get(column).toLowerCase());
                if (c == null || r.get(subPart) != null || c.nullable() || !c.type().mayBeKey()) {
                    keyColumns = null;
                    break;
                }
                keyColumns.add(c);
            }
            if (keyColumns != null) {
                return Optional.of(new KeyColumns(e.getKey(), keyColumns));
            }
        }
        return Optional.empty();
    }
}
