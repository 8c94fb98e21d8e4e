package io.tablemover.engine.reverse;

import io.tablemover.engine.cutover.CutoverNames;
import io.tablemover.engine.schema.TableSchema;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The revert's names on the target(s): every moved table {@code t} becomes {@code _t_rev} (the cutover's naming rule
 * with another suffix, {@link CutoverNames#renamedName}), so that writes to {@code t} on the target fail from the
 * revert on: the application's signal to switch back to the source.
 */
public final class RevertNames {
    /** The suffix of the revert's names: {@value}. */
    public static final String SUFFIX = "_rev";

    private RevertNames() {}

    /** @return {@code _<table>_rev} */
    public static String revertedName(String table) {
        return CutoverNames.renamedName(table, SUFFIX);
    }

    /** @return table → {@code _table_rev}, in the run's order */
    public static Map<String, String> renames(List<TableSchema> tables) {
        Map<String, String> renames = new LinkedHashMap<>();
        tables.forEach(t -> renames.put(t.name(), revertedName(t.name())));
        return renames;
    }
}
