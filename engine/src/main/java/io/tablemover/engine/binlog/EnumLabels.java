package io.tablemover.engine.binlog;

import java.util.ArrayList;
import java.util.List;

/**
 * The members of an ENUM or SET column, from its {@code information_schema.COLUMNS.COLUMN_TYPE}
 * ({@code enum('a','it''s')}): the binlog row image holds only the member's index (ENUM, 1-based) or bitmask (SET), and
 * the server's default {@code binlog_row_metadata=MINIMAL} sends no names.
 */
final class EnumLabels {
    private EnumLabels() {}

    /**
     * @param columnType e.g. {@code enum('a','b c')} or {@code set('x','y')}, in the case the server reports it
     * @return the members in definition order; a quote inside one is written {@code ''} (or {@code \'}), a backslash
     *     sequence {@code \\}, {@code \0}, {@code \n}, {@code \r}, {@code \Z} stands for its character
     * @throws IllegalArgumentException if the text is not such a list
     */
    static List<String> parse(String columnType) {
        int open = columnType.indexOf('(');
        if (open < 0 || !columnType.endsWith(")")) {
            throw new IllegalArgumentException("not an ENUM or SET type: " + columnType);
        }
        List<String> labels = new ArrayList<>();
        int i = open + 1;
        int end = columnType.length() - 1;
        while (i < end) {
            if (columnType.charAt(i) != '\'') {
                throw new IllegalArgumentException("cannot read the members of " + columnType);
            }
            StringBuilder label = new StringBuilder();
            i++;
            while (true) {
                if (i >= end) {
                    throw new IllegalArgumentException("cannot read the members of " + columnType);
                }
                char c = columnType.charAt(i);
                if (c == '\'' && i + 1 < end && columnType.charAt(i + 1) == '\'') {
                    label.append('\'');
                    i += 2;
                } else if (c == '\'') {
                    i++;
                    break;
                } else if (c == '\\' && i + 1 < end) {
                    char n = columnType.charAt(i + 1);
                    label.append(switch (n) {
                        case '0' -> '\0';
                        case 'n' -> '\n';
                        case 'r' -> '\r';
                        case 'Z' -> '\032';
                        default -> n;
                    });
                    i += 2;
                } else {
                    label.append(c);
                    i++;
                }
            }
            labels.add(label.toString());
            if (i < end && columnType.charAt(i) == ',') {
                i++;
            }
        }
        return List.copyOf(labels);
    }
}
