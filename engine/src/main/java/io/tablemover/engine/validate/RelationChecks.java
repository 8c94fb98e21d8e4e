package io.tablemover.engine.validate;

import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;
import io.tablemover.engine.config.MoveConfig;
import io.tablemover.engine.mysql.ServerPool;
import io.tablemover.engine.sql.CatalogQueries;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Foreign keys (they cannot follow a table to another server) and triggers (their writes would not be moved). */
final class RelationChecks {
    private final MoveConfig config;
    private final ServerPool source;

    RelationChecks(ValidationScope scope) {
        this.config = scope.config();
        this.source = scope.source();
    }

    void checkForeignKeysAndTriggers(List<Problem> problems) {
        String db = config.source().database();
        List<String> tables = config.tables();
        Set<String> seen = new HashSet<>();
        for (CatalogQueries.ForeignKey fk : CatalogQueries.foreignKeys(source.dsl(), db, tables)) {
            String from = fk.schema() + "." + fk.table();
            String to = fk.refSchema() + "." + fk.refTable();
            if (seen.add(from + fk.constraint())) {
                String moved = fk.schema().equals(db) && tables.contains(fk.table()) ? fk.table() : fk.refTable();
                problems.add(new Problem("table " + moved, "foreign key " + fk.constraint() + " from " + from
                        + " to " + to + " cannot follow the table to another server",
                        "drop the foreign key (ALTER TABLE `" + fk.table() + "` DROP FOREIGN KEY `"
                                + fk.constraint() + "`) or leave the table out"));
            }
        }
        for (CatalogQueries.Trigger t : CatalogQueries.triggers(source.dsl(), db, tables)) {
            problems.add(new Problem("table " + t.table(), "has trigger " + t.name()
                    + ", whose writes tablemover would not move",
                    "drop the trigger (DROP TRIGGER `" + t.name() + "`) and recreate it on the target after cutover"));
        }
    }
}
