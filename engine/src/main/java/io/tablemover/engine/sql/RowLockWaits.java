package io.tablemover.engine.sql;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.DSL;

/**
 * Who holds the row lock a session waits for: {@code performance_schema.data_lock_waits} (MySQL 8.0 manual
 * 27.12.13.2; filled while {@code performance_schema} is ON, the default) joined with {@code performance_schema.threads}
 * for both sessions and with {@code information_schema.INNODB_TRX} for the age of the blocking transaction. Reading
 * them needs {@code SELECT} on {@code performance_schema} and the {@code PROCESS} privilege.
 */
public final class RowLockWaits {
    private RowLockWaits() {}

    /**
     * A session holding a row lock that another one waits for.
     *
     * @param connectionId the blocking session's {@code PROCESSLIST_ID} ({@code KILL} takes it)
     * @param user its user
     * @param host its client host
     * @param statementSeconds seconds in its current state ({@code PROCESSLIST_TIME}); for an idle session, since its
     *     last statement
     * @param transactionSeconds age of its InnoDB transaction in seconds, -1 if unknown
     * @param statement its current statement, or null when idle
     */
    public record Blocker(long connectionId, String user, String host, long statementSeconds, long transactionSeconds,
                          String statement) {
        /**
         * @return one line for the log, the status line and the error, e.g.
         *     {@code connection 12 (app@10.0.0.5, transaction open 61 s, idle 58 s)}
         */
        public String describe() {
            return "connection " + connectionId + " (" + user + "@" + host
                    + (transactionSeconds >= 0 ? ", transaction open " + transactionSeconds + " s" : "")
                    + (statement == null ? ", idle " + statementSeconds + " s"
                            : ", running for " + statementSeconds + " s: " + statement.replaceAll("\\s+", " ")) + ")";
        }
    }

    /**
     * @param waitingConnectionId the {@code CONNECTION_ID()} of the waiting session
     * @return the session whose lock it waits for now (the one with the oldest transaction, if several), or empty if
     *     it waits for none
     */
    public static Optional<Blocker> blocking(DSLContext dsl, long waitingConnectionId) {
        Table<?> waits = table(name("performance_schema", "data_lock_waits")).as("w");
        Table<?> waiting = table(name("performance_schema", "threads")).as("rt");
        Table<?> holding = table(name("performance_schema", "threads")).as("bt");
        Table<?> trx = table(name("information_schema", "INNODB_TRX")).as("trx");
        Field<Long> id = field(name("bt", "PROCESSLIST_ID"), Long.class);
        Field<String> user = field(name("bt", "PROCESSLIST_USER"), String.class);
        Field<String> host = field(name("bt", "PROCESSLIST_HOST"), String.class);
        Field<Long> time = field(name("bt", "PROCESSLIST_TIME"), Long.class);
        Field<String> info = field(name("bt", "PROCESSLIST_INFO"), String.class);
        Field<Long> trxAge = DSL.field("timestampdiff(second, {0}, now())", Long.class, field(name("trx", "trx_started")));
        Record r = dsl.select(id, user, host, time, info, trxAge)
                .from(waits)
                .join(waiting).on(field(name("rt", "THREAD_ID")).eq(field(name("w", "REQUESTING_THREAD_ID"))))
                .join(holding).on(field(name("bt", "THREAD_ID")).eq(field(name("w", "BLOCKING_THREAD_ID"))))
                .leftJoin(trx).on(field(name("trx", "trx_mysql_thread_id")).eq(id))
                .where(field(name("rt", "PROCESSLIST_ID"), Long.class).eq(waitingConnectionId))
                .and(id.isNotNull())
                .orderBy(trxAge.desc())
                .limit(1)
                .fetchOne();
        if (r == null) {
            return Optional.empty();
        }
        Long age = r.get(trxAge);
        Long seconds = r.get(time);
        return Optional.of(new Blocker(r.get(id), r.get(user), r.get(host), seconds == null ? 0 : seconds,
                age == null ? -1 : age, r.get(info)));
    }
}
