package io.tablemover.engine.validate;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;
import io.tablemover.engine.config.MoveConfig;
import io.tablemover.engine.mysql.ServerPool;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;

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
        Field<String> schema = field(name("TABLE_SCHEMA"), String.class);
        Field<String> tableName = field(name("TABLE_NAME"), String.class);
        Field<String> constraint = field(name("CONSTRAINT_NAME"), String.class);
        Field<String> refSchema = field(name("REFERENCED_TABLE_SCHEMA"), String.class);
        Field<String> refTable = field(name("REFERENCED_TABLE_NAME"), String.class);
        DSLContext dsl = source.dsl();
        Set<String> seen = new HashSet<>();
        for (Record r : dsl.selectDistinct(schema, tableName, constraint, refSchema, refTable)
                .from(table(name("information_schema", "KEY_COLUMN_USAGE")))
                .where(refTable.isNotNull())
                .and(schema.eq(db).and(tableName.in(tables)).or(refSchema.eq(db).and(refTable.in(tables))))) {
            String from = r.get(schema) + "." + r.get(tableName);
            String to = r.get(refSchema) + "." + r.get(refTable);
            if (seen.add(from + r.get(constraint))) {
                String moved = r.get(schema).equals(db) && tables.contains(r.get(tableName)) ? r.get(tableName) : r.get(refTable);
                problems.add(new Problem("table " + moved, "foreign key " + r.get(constraint) + " from " + from
                        + " to " + to + " cannot follow the table to another server",
                        "drop the foreign key (ALTER TABLE `" + r.get(tableName) + "` DROP FOREIGN KEY `"
                                + r.get(constraint) + "`) or leave the table out"));
            }
        }
        Field<String> trigger = field(name("TRIGGER_NAME"), String.class);
        Field<String> objSchema = field(name("EVENT_OBJECT_SCHEMA"), String.class);
        Field<String> objTable = field(name("EVENT_OBJECT_TABLE"), String.class);
        for (Record r : dsl.select(trigger, objTable).from(table(name("information_schema", "TRIGGERS")))
                .where(objSchema.eq(db)).and(objTable.in(tables))) {
            problems.add(new Problem("table " + r.get(objTable), "has trigger " + r.get(trigger)
                    + ", whose writes tablemover would not move",
                    "drop the trigger (DROP TRIGGER `" + r.get(trigger) + "`) and recreate it on the target after cutover"));
        }
    }
}
