package io.tablemover.engine.config;

import java.util.List;

/**
 * The one owner of what a table name given to tablemover may be: not blank, at most {@value #MAX_LENGTH} characters
 * (MySQL's identifier limit, MySQL 8.0 manual 11.2.1), each named once, at least one. Whether the tables exist is
 * validation's question, on the source.
 */
public final class TableNames {
    /** The longest table name MySQL allows, in characters. */
    public static final int MAX_LENGTH = 64;

    private TableNames() {}

    /**
     * @param names the table names as given, e.g. split from {@code --tables t1,t2}
     * @return the names trimmed, in the order given
     * @throws InvalidInputException naming {@code --tables} and the offending name
     */
    public static List<String> check(List<String> names) {
        for (String table : names) {
            if (table.isBlank() || table.trim().length() > MAX_LENGTH) {
                throw new InvalidInputException("--tables: '" + table + "' is not a table name");
            }
        }
        List<String> trimmed = names.stream().map(String::trim).toList();
        if (trimmed.isEmpty()) {
            throw new InvalidInputException("--tables is empty: name at least one table, e.g. --tables t1,t2");
        }
        if (trimmed.stream().distinct().count() != trimmed.size()) {
            throw new InvalidInputException("--tables names a table twice: " + trimmed);
        }
        return trimmed;
    }
}
