package io.tablemover.engine.cutover;

import io.tablemover.engine.mysql.ServerPool;
import io.tablemover.engine.sql.SchemaReader;
import io.tablemover.engine.sql.Statements;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jooq.impl.DSL;

/**
 * The one owner of the cutover's names: every moved table {@code t} is renamed on the source to {@code _t_del}
 * (gh-ost's naming), the RENAME that does it and the one that undoes it, and what the source shows around a
 * cutover. {@code move}, its resume and {@code cancel} all ask here.
 */
public final class CutoverNames {
    private static final String PREFIX = "_";
    private static final String SUFFIX = "_del";

    private final String sourceDb;
    private final List<String> tables;

    /**
     * @param sourceDb the source database
     * @param tables the moved tables, in the run's order
     */
    public CutoverNames(String sourceDb, List<String> tables) {
        this.sourceDb = sourceDb;
        this.tables = List.copyOf(tables);
    }

    /** The suffix of {@link #deletedName}: {@value}. */
    public static final String DELETED_SUFFIX = SUFFIX;

    /** @return the name a source table gets at cutover: {@code _<table>_del}, as gh-ost names it */
    public static String deletedName(String table) {
        return renamedName(table, SUFFIX);
    }

    /**
     * @param suffix e.g. {@value #DELETED_SUFFIX}
     * @return the cutover's naming rule with another suffix: {@code _<table><suffix>} ({@code verify --source-suffix})
     */
    public static String renamedName(String table, String suffix) {
        return PREFIX + table + suffix;
    }

    /** @return the source database */
    public String sourceDb() {
        return sourceDb;
    }

    /** @return the moved tables' {@code _del} names, in the run's order */
    public List<String> deletedNames() {
        return tables.stream().map(CutoverNames::deletedName).toList();
    }

    /** @return table → {@code _table_del}, in the run's order */
    public Map<String, String> renames() {
        Map<String, String> renames = new LinkedHashMap<>();
        tables.forEach(t -> renames.put(t, deletedName(t)));
        return renames;
    }

    /** @return {@code _table_del} → table, in the run's order */
    public Map<String, String> undoRenames() {
        Map<String, String> back = new LinkedHashMap<>();
        tables.forEach(t -> back.put(deletedName(t), t));
        return back;
    }

    /** @return the statement that undoes the cutover's RENAME on the source, e.g. {@code rename table `db`.`_t_del` to `db`.`t`;} */
    public String undoStatement() {
        return render(undoRenames());
    }

    /** @return one undo statement per table, for a source where only some tables are renamed */
    public String undoStatementsPerTable() {
        return undoRenames().entrySet().stream().map(e -> render(Map.of(e.getKey(), e.getValue())))
                .collect(Collectors.joining(" "));
    }

    private String render(Map<String, String> renames) {
        return Statements.renameTables(DSL.using(ServerPool.DIALECT, ServerPool.settings()), sourceDb, renames).getSQL() + ";";
    }

    /** What the source looks like around a cutover. */
    public enum SourceState {
        /** every moved table has its own name: the RENAME did not run */
        ORIGINAL,
        /** every moved table is {@code _<table>_del}: the RENAME ran */
        RENAMED,
        /** anything else: cannot be decided automatically */
        MIXED
    }

    /**
     * How many of the moved tables the source holds under their own names and under their {@code _del} names.
     *
     * @param original tables present under their own names
     * @param renamed tables present under their {@code _del} names
     * @param total moved tables
     */
    public record SourceTables(int original, int renamed, int total) {
        /** @return ORIGINAL or RENAMED when all tables agree, else MIXED */
        public SourceState state() {
            if (original == total && renamed == 0) {
                return SourceState.ORIGINAL;
            }
            if (renamed == total && original == 0) {
                return SourceState.RENAMED;
            }
            return SourceState.MIXED;
        }

        /** @return true if the RENAME touched the source at all: any moved table carries its {@code _del} name */
        public boolean anyRenamed() {
            return renamed > 0;
        }
    }

    /** Looks at the source's tables (two reads of information_schema). */
    public SourceTables inspect(ServerPool source) {
        SchemaReader reader = new SchemaReader(source.dsl());
        return new SourceTables(reader.tableTypes(sourceDb, tables).size(),
                reader.tableTypes(sourceDb, deletedNames()).size(), tables.size());
    }
}
