package io.tablemover.engine.sql;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.Table;

/**
 * Who holds the row lock a session waits for: {@code performance_schema.data_lock_waits} (MySQL 8.0 manual
 * 27.12.13.2; filled while {@code performance_schema} is ON, the default) joined with {@code performance_schema.threads}
 * for both sessions and with {@code information_schema.INNODB_TRX} for the age of the blocking transaction. Reading
 * them needs {@code SELECT} on {@code performance_schema} and the {@code PROCESS} privilege.
 */
public final class RowLockWaits {
    private RowLockWaits() {}

    /**
     * @param waitingConnectionId the {@code CONNECTION_ID()} of the waiting session
     * @return the session ({@link Session}) whose lock it waits for now (the one with the oldest transaction, if several), or empty if
     *     it waits for none
     */
    public static Optional<Session> blocking(DSLContext dsl, long waitingConnectionId) {
        Table<?> waits = table(name("performance_schema", "data_lock_waits")).as("w");
        Table<?> waiting = table(name("performance_schema", "threads")).as("rt");
        Table<?> holding = table(name("performance_schema", "threads")).as("bt");
        Table<?> trx = table(name("information_schema", "INNODB_TRX")).as("trx");
        Session.Columns blocker = new Session.Columns("bt", "trx");
        Record r = dsl.select(blocker.fields())
                .from(waits)
                .join(waiting).on(field(name("rt", "THREAD_ID")).eq(field(name("w", "REQUESTING_THREAD_ID"))))
                .join(holding).on(field(name("bt", "THREAD_ID")).eq(field(name("w", "BLOCKING_THREAD_ID"))))
                .leftJoin(trx).on(blocker.trxJoin("trx"))
                .where(field(name("rt", "PROCESSLIST_ID"), Long.class).eq(waitingConnectionId))
                .and(blocker.id.isNotNull())
                .orderBy(blocker.trxAge.desc())
                .limit(1)
                .fetchOne();
        return r == null ? Optional.empty() : Optional.of(blocker.read(r));
    }
}
