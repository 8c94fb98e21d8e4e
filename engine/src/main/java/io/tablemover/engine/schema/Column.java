package io.tablemover.engine.schema;

import java.util.Objects;

/**
 * One column of a source table, as {@code information_schema.COLUMNS} describes it.
 *
 * @param name column name
 * @param ordinal 1-based position in the table; the binlog row image lists columns in this order
 * @param type its data type, parsed from {@code DATA_TYPE}
 * @param columnType full {@code COLUMN_TYPE} as the server reports it (type names in lower case, ENUM and SET members in
 *     their own case), e.g. {@code "bigint unsigned"}, {@code "binary(16)"}, {@code "enum('A','b')"}
 * @param charset {@code CHARACTER_SET_NAME}, null for non-string columns
 * @param maxLength {@code CHARACTER_OCTET_LENGTH} for string types (bytes), else 0
 * @param fractionalDigits {@code DATETIME_PRECISION} for temporal types (0..6), else 0
 * @param nullable whether the column accepts NULL
 * @param generated true for STORED and VIRTUAL generated columns, which are never written
 */
public record Column(
        String name,
        int ordinal,
        MysqlType type,
        String columnType,
        String charset,
        long maxLength,
        int fractionalDigits,
        boolean nullable,
        boolean generated) {

    public Column {
        Objects.requireNonNull(type, "type");
    }

    /**
     * A column whose type is given as its {@code DATA_TYPE} text.
     *
     * @throws IllegalArgumentException if tablemover does not know {@code dataType}
     */
    public Column(String name, int ordinal, String dataType, String columnType, String charset, long maxLength,
                  int fractionalDigits, boolean nullable, boolean generated) {
        this(name, ordinal, MysqlType.of(dataType), columnType, charset, maxLength, fractionalDigits, nullable,
                generated);
    }

    /** @return the lower-case {@code DATA_TYPE}, e.g. {@code "bigint"}, {@code "varchar"} */
    public String dataType() {
        return type.dataType();
    }

    /** @return true for integer types declared UNSIGNED */
    public boolean unsigned() {
        return columnType.contains("unsigned");
    }

    @Override
    public String toString() {
        return name + " " + columnType;
    }
}
