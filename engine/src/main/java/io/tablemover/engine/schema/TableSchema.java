package io.tablemover.engine.schema;

import java.util.List;
import java.util.Optional;

/**
 * What tablemover knows of one source table.
 *
 * @param database the source database
 * @param name the table name
 * @param columns every column in ordinal order, generated ones included
 * @param key the key chunks and change events are keyed by: the PRIMARY KEY, else the first UNIQUE
 *     key whose columns are all NOT NULL; empty if the table has neither
 * @param estimatedRows {@code information_schema.TABLES.TABLE_ROWS}, an InnoDB estimate
 * @param createStatement the source's {@code SHOW CREATE TABLE} text, replayed on the target
 */
public record TableSchema(
        String database,
        String name,
        List<Column> columns,
        Optional<KeyColumns> key,
        long estimatedRows,
        String createStatement) {

    public TableSchema {
        columns = List.copyOf(columns);
    }

    /** @return this schema under another table name (a renamed source table read for its original) */
    public TableSchema withName(String newName) {
        return new TableSchema(database, newName, columns, key, estimatedRows, createStatement);
    }

    /** @return the columns tablemover reads and writes: all but generated ones */
    public List<Column> storedColumns() {
        return columns.stream().filter(c -> !c.generated()).toList();
    }

    /** @return the chosen key; call only after validation */
    public KeyColumns requireKey() {
        return key.orElseThrow(() -> new IllegalStateException("table " + name + " has no usable key"));
    }
}
