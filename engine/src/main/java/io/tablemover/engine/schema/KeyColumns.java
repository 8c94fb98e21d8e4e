package io.tablemover.engine.schema;

import java.util.List;

/**
 * The key a table is copied and synchronized by.
 *
 * @param indexName {@code PRIMARY} or the unique index's name
 * @param columns the key's columns in index order
 */
public record KeyColumns(String indexName, List<Column> columns) {
    public KeyColumns {
        columns = List.copyOf(columns);
    }

    /** @return e.g. {@code PRIMARY(id)} or {@code uk_email(email)} */
    @Override
    public String toString() {
        return indexName + "(" + String.join(", ", columns.stream().map(Column::name).toList()) + ")";
    }
}
