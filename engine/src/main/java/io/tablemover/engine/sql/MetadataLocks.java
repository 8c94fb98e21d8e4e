package io.tablemover.engine.sql;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.DSL;

/**
 * Who holds or waits for a metadata lock on some tables: {@code performance_schema.metadata_locks} (MySQL 8.0 manual
 * 27.12.13.3; the {@code wait/lock/metadata/sql/mdl} instrument is enabled by default) joined with
 * {@code performance_schema.threads} for the session and with {@code information_schema.innodb_trx} for the age of
 * its transaction. A transaction keeps the metadata locks of every table it touched until it ends, so an old
 * transaction here would make a RENAME of these tables wait, and every query queued behind the RENAME with it.
 */
public final class MetadataLocks {
    private MetadataLocks() {}

    /**
     * One session holding or waiting for a metadata lock on a table.
     *
     * @param session who
     * @param table the locked table
     * @param lockType e.g. {@code SHARED_WRITE}, {@code SHARED_READ_ONLY}, {@code EXCLUSIVE}
     * @param pending true if it waits for the lock rather than holds it
     */
    public record Holder(Session session, String table, String lockType, boolean pending) {
        /**
         * @return one line for the log, e.g.
         *     {@code connection 12 (app@10.0.0.5, transaction open 61 s, idle 58 s, holds SHARED_WRITE on t)}
         */
        public String describe() {
            return "connection " + session.connectionId() + " (" + session.user() + "@" + session.host()
                    + session.details() + ", " + (pending ? "waits for " : "holds ") + lockType + " on " + table + ")";
        }
    }

    /**
     * @return true if the server fills {@code performance_schema.metadata_locks}: {@code performance_schema} is ON and
     *     the {@code wait/lock/metadata/sql/mdl} instrument enabled (both are the defaults of MySQL 8.0)
     */
    public static boolean instrumented(DSLContext dsl) {
        Integer on = dsl.select(DSL.field("@@global.performance_schema", Integer.class)).fetchOne(0, Integer.class);
        if (on == null || on == 0) {
            return false;
        }
        Field<String> enabled = field(name("ENABLED"), String.class);
        return "YES".equals(dsl.select(enabled).from(table(name("performance_schema", "setup_instruments")))
                .where(field(name("NAME"), String.class).eq("wait/lock/metadata/sql/mdl")).fetchOne(enabled));
    }

    /**
     * @param db the tables' database
     * @param tables the tables
     * @return every other session holding or waiting for a metadata lock on one of the tables
     */
    public static List<Holder> on(DSLContext dsl, String db, Collection<String> tables) {
        Table<?> locks = table(name("performance_schema", "metadata_locks")).as("ml");
        Table<?> threads = table(name("performance_schema", "threads")).as("th");
        Table<?> trx = table(name("information_schema", "INNODB_TRX")).as("trx");
        Session.Columns session = new Session.Columns("th", "trx");
        Field<String> object = field(name("ml", "OBJECT_NAME"), String.class);
        Field<String> type = field(name("ml", "LOCK_TYPE"), String.class);
        Field<String> status = field(name("ml", "LOCK_STATUS"), String.class);
        List<Holder> holders = new ArrayList<>();
        for (Record r : dsl.select(session.fields()).select(object, type, status)
                .from(locks)
                .join(threads).on(field(name("th", "THREAD_ID")).eq(field(name("ml", "OWNER_THREAD_ID"))))
                .leftJoin(trx).on(session.trxJoin("trx"))
                .where(field(name("ml", "OBJECT_TYPE"), String.class).eq("TABLE"))
                .and(field(name("ml", "OBJECT_SCHEMA"), String.class).eq(db))
                .and(object.in(tables))
                .and(session.id.isNotNull())
                .and(session.id.ne(DSL.field("connection_id()", Long.class)))
                .fetch()) {
            holders.add(new Holder(session.read(r), r.get(object), r.get(type), "PENDING".equals(r.get(status))));
        }
        return holders;
    }
}
