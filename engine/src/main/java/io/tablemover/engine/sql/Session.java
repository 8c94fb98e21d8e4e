package io.tablemover.engine.sql;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;

import org.jooq.Field;
import org.jooq.Record;
import org.jooq.impl.DSL;

/**
 * A session on a server as a lock lookup sees it: {@code performance_schema.threads} for who and what, and
 * {@code information_schema.INNODB_TRX} for the age of its transaction. Shared by the metadata-lock blockers of the
 * cutover ({@link MetadataLocks}) and the row-lock blockers of the copy and apply ({@link RowLockWaits}).
 *
 * @param connectionId its {@code PROCESSLIST_ID} ({@code KILL} takes it)
 * @param user its user
 * @param host its client host
 * @param statementSeconds seconds in its current state ({@code PROCESSLIST_TIME}); for an idle session, since its
 *     last statement
 * @param transactionSeconds age of its open InnoDB transaction in seconds, -1 if it has none (or it is unknown)
 * @param statement its current statement, or null when idle
 */
public record Session(long connectionId, String user, String host, long statementSeconds, long transactionSeconds,
                      String statement) {
    /**
     * @return one line for the log, the status line and errors, e.g.
     *     {@code connection 12 (app@10.0.0.5, transaction open 61 s, idle 58 s)}
     */
    public String describe() {
        return "connection " + connectionId + " (" + user + "@" + host + details() + ")";
    }

    /** @return the part of {@link #describe()} after user@host, e.g. {@code , transaction open 61 s, idle 58 s} */
    String details() {
        return (transactionSeconds >= 0 ? ", transaction open " + transactionSeconds + " s" : "")
                + (statement == null ? ", idle " + statementSeconds + " s"
                        : ", running for " + statementSeconds + " s: " + statement.replaceAll("\\s+", " "));
    }

    /**
     * The columns that read a {@link Session} from a {@code performance_schema.threads} alias and an
     * {@code INNODB_TRX} alias (left-joined on {@code trx_mysql_thread_id = PROCESSLIST_ID}).
     */
    static final class Columns {
        final Field<Long> id;
        final Field<String> user;
        final Field<String> host;
        final Field<Long> time;
        final Field<String> info;
        final Field<Long> trxAge;

        /**
         * @param thread the alias of {@code performance_schema.threads}
         * @param trx the alias of {@code information_schema.INNODB_TRX}
         */
        Columns(String thread, String trx) {
            id = field(name(thread, "PROCESSLIST_ID"), Long.class);
            user = field(name(thread, "PROCESSLIST_USER"), String.class);
            host = field(name(thread, "PROCESSLIST_HOST"), String.class);
            time = field(name(thread, "PROCESSLIST_TIME"), Long.class);
            info = field(name(thread, "PROCESSLIST_INFO"), String.class);
            trxAge = DSL.field("timestampdiff(second, {0}, now())", Long.class, field(name(trx, "trx_started")));
        }

        /** @return the select list, in this order: id, user, host, time, info, transaction age */
        Field<?>[] fields() {
            return new Field<?>[] {id, user, host, time, info, trxAge};
        }

        /** @return the join condition of the {@code INNODB_TRX} alias {@code trx} with the thread */
        org.jooq.Condition trxJoin(String trx) {
            return field(name(trx, "trx_mysql_thread_id")).eq(id);
        }

        /** @return the session a record of {@link #fields()} describes */
        Session read(Record r) {
            Long age = r.get(trxAge);
            Long seconds = r.get(time);
            return new Session(r.get(id), r.get(user), r.get(host), seconds == null ? 0 : seconds,
                    age == null ? -1 : age, r.get(info));
        }
    }
}
