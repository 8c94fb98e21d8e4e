package io.tablemover.engine.sql;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jooq.DSLContext;
import org.jooq.Field;

/**
 * The information_schema reads of validation: foreign keys and triggers touching tables, and an account's grants
 * (MySQL 8.0 manual 26.3: KEY_COLUMN_USAGE, TRIGGERS, USER_PRIVILEGES, SCHEMA_PRIVILEGES, TABLE_PRIVILEGES).
 */
public final class CatalogQueries {
    private static final Field<String> SCHEMA = field(name("TABLE_SCHEMA"), String.class);
    private static final Field<String> TABLE = field(name("TABLE_NAME"), String.class);
    private static final Field<String> GRANTEE = field(name("GRANTEE"), String.class);
    private static final Field<String> PRIVILEGE = field(name("PRIVILEGE_TYPE"), String.class);

    private CatalogQueries() {}

    /**
     * A foreign key from {@code schema.table} to {@code refSchema.refTable}.
     *
     * @param constraint the constraint's name
     */
    public record ForeignKey(String schema, String table, String constraint, String refSchema, String refTable) {}

    /** A trigger on a table. */
    public record Trigger(String name, String table) {}

    /** @return every foreign key from or to one of {@code tables} of database {@code db} (one row per constraint) */
    public static List<ForeignKey> foreignKeys(DSLContext dsl, String db, Collection<String> tables) {
        Field<String> constraint = field(name("CONSTRAINT_NAME"), String.class);
        Field<String> refSchema = field(name("REFERENCED_TABLE_SCHEMA"), String.class);
        Field<String> refTable = field(name("REFERENCED_TABLE_NAME"), String.class);
        return dsl.selectDistinct(SCHEMA, TABLE, constraint, refSchema, refTable)
                .from(table(name("information_schema", "KEY_COLUMN_USAGE")))
                .where(refTable.isNotNull())
                .and(SCHEMA.eq(db).and(TABLE.in(tables)).or(refSchema.eq(db).and(refTable.in(tables))))
                .fetch(r -> new ForeignKey(r.get(SCHEMA), r.get(TABLE), r.get(constraint), r.get(refSchema), r.get(refTable)));
    }

    /**
     * @return the names of the indexes of table {@code db.tableName} ({@code PRIMARY} included), as
     *     {@code information_schema.STATISTICS} lists them
     */
    public static Set<String> indexNames(DSLContext dsl, String db, String tableName) {
        Field<String> index = field(name("INDEX_NAME"), String.class);
        return new HashSet<>(dsl.selectDistinct(index).from(table(name("information_schema", "STATISTICS")))
                .where(SCHEMA.eq(db)).and(TABLE.eq(tableName)).fetch(index));
    }

    /** @return the triggers on {@code tables} of database {@code db} */
    public static List<Trigger> triggers(DSLContext dsl, String db, Collection<String> tables) {
        Field<String> trigger = field(name("TRIGGER_NAME"), String.class);
        Field<String> objTable = field(name("EVENT_OBJECT_TABLE"), String.class);
        return dsl.select(trigger, objTable).from(table(name("information_schema", "TRIGGERS")))
                .where(field(name("EVENT_OBJECT_SCHEMA"), String.class).eq(db)).and(objTable.in(tables))
                .fetch(r -> new Trigger(r.get(trigger), r.get(objTable)));
    }

    /** @param grantee as information_schema spells it, {@code 'user'@'host'} @return the account's global privileges */
    public static Set<String> globalPrivileges(DSLContext dsl, String grantee) {
        return new HashSet<>(dsl.select(PRIVILEGE).from(table(name("information_schema", "USER_PRIVILEGES")))
                .where(GRANTEE.eq(grantee)).fetch(PRIVILEGE));
    }

    /** @return the account's privileges on database {@code db} */
    public static Set<String> databasePrivileges(DSLContext dsl, String grantee, String db) {
        return new HashSet<>(dsl.select(PRIVILEGE).from(table(name("information_schema", "SCHEMA_PRIVILEGES")))
                .where(GRANTEE.eq(grantee)).and(SCHEMA.eq(db)).fetch(PRIVILEGE));
    }

    /** @return the account's privileges on table {@code db.tableName} */
    public static Set<String> tablePrivileges(DSLContext dsl, String grantee, String db, String tableName) {
        return new HashSet<>(dsl.select(PRIVILEGE).from(table(name("information_schema", "TABLE_PRIVILEGES")))
                .where(GRANTEE.eq(grantee)).and(SCHEMA.eq(db)).and(TABLE.eq(tableName)).fetch(PRIVILEGE));
    }
}
