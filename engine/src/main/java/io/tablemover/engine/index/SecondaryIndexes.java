package io.tablemover.engine.index;

import java.util.ArrayList;
import java.util.List;

/**
 * The secondary indexes that {@code --defer-secondary-indexes} leaves out of the copy, read off a table's
 * {@code SHOW CREATE TABLE} text: the plain (non-unique) B-tree indexes, which MySQL prints one per line as
 * {@code   KEY `name` (...) ...}. UNIQUE keys stay (the copy's REPLACE relies on them to remove stale conflicting rows,
 * and a unique index added later would fail on a duplicate that the apply has not yet removed); FULLTEXT and SPATIAL
 * keys stay too (adding them later rebuilds the table rather than sorting a key); so does a key that starts with the
 * AUTO_INCREMENT column (InnoDB requires one: error 1075). Spirit and Vitess defer secondary indexes the same way.
 */
public final class SecondaryIndexes {
    private static final String KEY_LINE = "  KEY `";

    private SecondaryIndexes() {}

    /**
     * One deferrable index.
     *
     * @param name the index name, unquoted
     * @param clause its definition as {@code SHOW CREATE TABLE} prints it, without the trailing comma, e.g.
     *     {@code KEY `k` (`a`,`b`(10) DESC) COMMENT 'c'}
     */
    public record Index(String name, String clause) {}

    /**
     * @param showCreateTable the text of {@code SHOW CREATE TABLE}
     * @return the deferrable indexes in the order the table defines them (the order MySQL keeps, so adding them back in
     *     one ALTER gives back the same {@code SHOW CREATE TABLE})
     * @throws IllegalArgumentException if an index line has no closing backquote (not SHOW CREATE TABLE text)
     */
    public static List<Index> deferrable(String showCreateTable) {
        List<Index> indexes = new ArrayList<>();
        List<String> autoIncrement = new ArrayList<>();
        for (String line : showCreateTable.split("\n")) {
            if (line.startsWith("  `") && line.contains(" AUTO_INCREMENT")) {
                autoIncrement.add(quotedName(line.strip(), 0)); // conservative: a COMMENT naming it only keeps a key
            }
            if (!line.startsWith(KEY_LINE)) {
                continue;
            }
            String clause = line.strip();
            if (clause.endsWith(",")) {
                clause = clause.substring(0, clause.length() - 1);
            }
            String name = quotedName(clause, "KEY ".length());
            String rest = clause.substring("KEY ".length() + name.replace("`", "``").length() + 2).strip();
            if (autoIncrement.stream().noneMatch(c -> rest.startsWith("(`" + c.replace("`", "``") + "`"))) {
                indexes.add(new Index(name, clause));
            }
        }
        return indexes;
    }

    /** The identifier quoted with backquotes at {@code from} ({@code ``} inside it stands for one backquote). */
    private static String quotedName(String clause, int from) {
        StringBuilder name = new StringBuilder();
        for (int i = from + 1; i < clause.length(); i++) {
            char c = clause.charAt(i);
            if (c == '`') {
                if (i + 1 < clause.length() && clause.charAt(i + 1) == '`') {
                    name.append('`');
                    i++;
                    continue;
                }
                return name.toString();
            }
            name.append(c);
        }
        throw new IllegalArgumentException("no index name in: " + clause);
    }
}
