package io.tablemover.engine.binlog;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which binlog table names are the moved tables. MySQL compares table and database names as
 * {@code lower_case_table_names} says: exactly when it is 0 (two tables {@code Orders} and {@code orders} are two
 * tables), in lower case when it is 1 or 2 (then {@code --tables Orders} and a binlog's {@code orders} are the same
 * table). A name that only looks like a moved one, because it is a moved name garbled by a character set (its UTF-8
 * bytes read as Latin-1, windows-1252 or ASCII, as a JVM with another default charset would), is a
 * {@linkplain #lookalike lookalike}: the stream must stop on it rather than guess.
 */
public final class MovedTableNames {
    private static final List<Charset> MISREADINGS =
            List.of(StandardCharsets.ISO_8859_1, Charset.forName("windows-1252"), StandardCharsets.US_ASCII);

    private final String database;
    private final List<String> tables;
    private final boolean caseInsensitive;
    private final Map<String, String> byName = new HashMap<>();
    private final Map<String, String> byGarbledName = new HashMap<>();
    private final Set<String> garbledDatabase = new LinkedHashSet<>();

    /**
     * @param database the source database, as the run names it
     * @param tables the moved tables, as the run names them
     * @param lowerCaseTableNames the source's {@code @@lower_case_table_names} (0, 1 or 2)
     */
    public MovedTableNames(String database, Collection<String> tables, int lowerCaseTableNames) {
        this.database = database;
        this.tables = List.copyOf(tables);
        this.caseInsensitive = lowerCaseTableNames != 0;
        for (String t : tables) {
            byName.put(canonical(t), t);
            garbled(t).forEach(g -> byGarbledName.putIfAbsent(canonical(g), t));
        }
        garbled(database).forEach(g -> garbledDatabase.add(canonical(g)));
    }

    /** @return the source database, as the run names it */
    public String database() {
        return database;
    }

    /** @return the moved tables, as the run names them */
    public List<String> tables() {
        return tables;
    }

    /** @return true if {@code db} is the source database (null: no database) */
    public boolean isDatabase(String db) {
        return db != null && canonical(db).equals(canonical(database));
    }

    /** @return true if {@code db} is the source database or its name garbled by a character set */
    public boolean mayBeDatabase(String db) {
        return db != null && (isDatabase(db) || garbledDatabase.contains(canonical(db)));
    }

    /**
     * @param db a database name as the binlog gives it
     * @param table a table name as the binlog gives it
     * @return the moved table (as the run names it) that {@code db.table} is
     */
    public Optional<String> moved(String db, String table) {
        return isDatabase(db) && table != null ? Optional.ofNullable(byName.get(canonical(table))) : Optional.empty();
    }

    /**
     * @return the moved table that {@code db.table} is not, but looks like: database and table each the moved name or
     *     that name garbled by a character set, and not both the moved names themselves
     */
    public Optional<String> lookalike(String db, String table) {
        if (db == null || table == null || moved(db, table).isPresent()) {
            return Optional.empty();
        }
        String t = byName.containsKey(canonical(table)) ? byName.get(canonical(table)) : byGarbledName.get(canonical(table));
        return mayBeDatabase(db) ? Optional.ofNullable(t) : Optional.empty();
    }

    /** @return the form in which the source compares {@code name} */
    private String canonical(String name) {
        return caseInsensitive ? name.toLowerCase(Locale.ROOT) : name;
    }

    /** The forms a name takes when its UTF-8 bytes are read in another charset (none for an ASCII name). */
    private static Set<String> garbled(String name) {
        Set<String> forms = new LinkedHashSet<>();
        byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
        for (Charset cs : MISREADINGS) {
            forms.add(new String(utf8, cs));
        }
        StringBuilder questionMarks = new StringBuilder(); // how the JDK's launcher decodes bytes in an ASCII locale
        for (byte b : utf8) {
            questionMarks.append(b < 0 ? '?' : (char) b);
        }
        forms.add(questionMarks.toString());
        forms.add(new String(name.getBytes(StandardCharsets.US_ASCII), StandardCharsets.US_ASCII));
        forms.remove(name);
        return forms;
    }
}
