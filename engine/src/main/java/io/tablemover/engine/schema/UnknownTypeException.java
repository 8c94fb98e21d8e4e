package io.tablemover.engine.schema;

import io.tablemover.engine.error.ExitCode;
import io.tablemover.engine.error.MoveException;

/**
 * A column is of a data type tablemover does not know (exit code 3), so it cannot tell how to copy its values;
 * raised while the table's schema is read, before anything is changed.
 */
public class UnknownTypeException extends MoveException {
    private static final long serialVersionUID = 1L;

    /**
     * @param table the table, e.g. {@code db.orders}
     * @param column the column's name
     * @param dataType the {@code DATA_TYPE} the server reports for it
     */
    public UnknownTypeException(String table, String column, String dataType) {
        super(ExitCode.VALIDATION_FAILED, "table " + table + ", column " + column + ": data type '" + dataType
                + "' is unknown to tablemover", "tablemover moves the data types of MySQL 8.0; leave this table out of --tables",
                null);
    }
}
