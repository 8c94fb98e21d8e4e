package io.tablemover.engine.state;

import static io.tablemover.engine.sql.Statements.table;
import static io.tablemover.engine.state.StateTables.*;
import static org.jooq.impl.DSL.constraint;
import static org.jooq.impl.DSL.max;

import io.tablemover.engine.sql.LockStatements;
import io.tablemover.engine.sql.SchemaReader;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;
import org.jooq.Query;
import org.jooq.Record3;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The versioned schema of the run-state tables, migrated forward Flyway-style: the history table
 * {@code _tablemover_schema_history} records each migration (version, description, checksum of its
 * {@linkplain StateMigration#definition() definition}, installed_on, success). A newer tablemover migrates older
 * state; an older one refuses a state schema newer than it knows, and any migration whose checksum changed.
 *
 * <p>Release 0.1.0 recorded as checksum the SHA-256 of the statements as jOOQ 3.19 rendered them; such a checksum
 * is still accepted for its migration ({@link #RELEASE_0_1_CHECKSUMS}) and left as it is, so that 0.1.0 can still
 * read the state it wrote.
 */
public final class StateSchema {
    private static final Logger log = LoggerFactory.getLogger(StateSchema.class);

    static final List<StateMigration> MIGRATIONS = List.of(
            new StateMigration(1, "run state: runs, table progress, journal", """
                    create table _tablemover_runs (
                        token char(12) not null,
                        source_db varchar(64) not null,
                        target_db varchar(64) not null,
                        tables text not null,
                        source_uuid varchar(36) not null,
                        target_uuid varchar(36) not null,
                        phase varchar(32) not null,
                        start_gtid text not null,
                        applied_gtid text not null,
                        drain_gtid text null,
                        tool_version varchar(32) not null,
                        created_at timestamp(6) not null,
                        updated_at timestamp(6) not null,
                        last_error text null,
                        constraint pk_tablemover_runs primary key (token));
                    create table _tablemover_tables (
                        token char(12) not null,
                        table_name varchar(64) not null,
                        key_columns text not null,
                        low_key text null,
                        rows_copied bigint not null,
                        chunks_copied bigint not null,
                        done boolean not null,
                        constraint pk_tablemover_tables primary key (token, table_name));
                    create table _tablemover_journal (
                        id bigint not null auto_increment,
                        token char(12) not null,
                        at timestamp(6) not null,
                        phase varchar(32) not null,
                        message text not null,
                        constraint pk_tablemover_journal primary key (id));
                    """, db -> List.of(
                    DSL.createTable(table(db, RUNS))
                            .column(TOKEN, SQLDataType.CHAR(12).nullable(false))
                            .column(SOURCE_DB, SQLDataType.VARCHAR(64).nullable(false))
                            .column(TARGET_DB, SQLDataType.VARCHAR(64).nullable(false))
                            .column(TABLE_LIST, SQLDataType.CLOB.nullable(false))
                            .column(SOURCE_UUID, SQLDataType.VARCHAR(36).nullable(false))
                            .column(TARGET_UUID, SQLDataType.VARCHAR(36).nullable(false))
                            .column(PHASE, SQLDataType.VARCHAR(32).nullable(false))
                            .column(START_GTID, SQLDataType.CLOB.nullable(false))
                            .column(APPLIED_GTID, SQLDataType.CLOB.nullable(false))
                            .column(DRAIN_GTID, SQLDataType.CLOB.nullable(true))
                            .column(VERSION, SQLDataType.VARCHAR(32).nullable(false))
                            .column(CREATED_AT, SQLDataType.LOCALDATETIME(6).nullable(false))
                            .column(UPDATED_AT, SQLDataType.LOCALDATETIME(6).nullable(false))
                            .column(LAST_ERROR, SQLDataType.CLOB.nullable(true))
                            .constraints(constraint("pk_tablemover_runs").primaryKey(TOKEN)),
                    DSL.createTable(table(db, TABLES))
                            .column(TOKEN, SQLDataType.CHAR(12).nullable(false))
                            .column(TABLE_NAME, SQLDataType.VARCHAR(64).nullable(false))
                            .column(KEY_COLUMNS, SQLDataType.CLOB.nullable(false))
                            .column(LOW_KEY, SQLDataType.CLOB.nullable(true))
                            .column(ROWS_COPIED, SQLDataType.BIGINT.nullable(false))
                            .column(CHUNKS_COPIED, SQLDataType.BIGINT.nullable(false))
                            .column(DONE, SQLDataType.BOOLEAN.nullable(false))
                            .constraints(constraint("pk_tablemover_tables").primaryKey(TOKEN, TABLE_NAME)),
                    DSL.createTable(table(db, JOURNAL))
                            .column(J_ID, SQLDataType.BIGINT.nullable(false).identity(true))
                            .column(TOKEN, SQLDataType.CHAR(12).nullable(false))
                            .column(J_AT, SQLDataType.LOCALDATETIME(6).nullable(false))
                            .column(PHASE, SQLDataType.VARCHAR(32).nullable(false))
                            .column(J_MESSAGE, SQLDataType.CLOB.nullable(false))
                            .constraints(constraint("pk_tablemover_journal").primaryKey(J_ID)))),
            new StateMigration(2, "hooks fired per run", """
                    alter table _tablemover_runs add hooks_fired text null;
                    """, db -> List.of(
                    DSL.alterTable(table(db, RUNS)).addColumn(HOOKS_FIRED, SQLDataType.CLOB.nullable(true)))),
            new StateMigration(3, "verify progress per table", """
                    create table _tablemover_verify (
                        token char(12) not null,
                        table_name varchar(64) not null,
                        low_key text null,
                        rows_compared bigint not null,
                        chunks_compared bigint not null,
                        keys_repaired bigint not null,
                        done boolean not null,
                        constraint pk_tablemover_verify primary key (token, table_name));
                    """, db -> List.of(
                    DSL.createTable(table(db, VERIFY))
                            .column(TOKEN, SQLDataType.CHAR(12).nullable(false))
                            .column(TABLE_NAME, SQLDataType.VARCHAR(64).nullable(false))
                            .column(LOW_KEY, SQLDataType.CLOB.nullable(true))
                            .column(V_ROWS, SQLDataType.BIGINT.nullable(false))
                            .column(V_CHUNKS, SQLDataType.BIGINT.nullable(false))
                            .column(V_REPAIRED, SQLDataType.BIGINT.nullable(false))
                            .column(DONE, SQLDataType.BOOLEAN.nullable(false))
                            .constraints(constraint("pk_tablemover_verify").primaryKey(TOKEN, TABLE_NAME)))),
            new StateMigration(4, "source timestamp of the last applied binlog event", """
                    alter table _tablemover_runs add applied_event_ms bigint null;
                    """, db -> List.of(
                    DSL.alterTable(table(db, RUNS)).addColumn(APPLIED_EVENT_MS, SQLDataType.BIGINT.nullable(true)))),
            new StateMigration(5, "reverse replication and revert (--reverse-window)", """
                    alter table _tablemover_runs add reverse_gtid text null;
                    alter table _tablemover_runs add reverse_until timestamp(6) null;
                    alter table _tablemover_runs add revert_gtid text null;
                    alter table _tablemover_runs add reverse_request varchar(16) null;
                    alter table _tablemover_runs add reverse_lag_ms bigint null;
                    """, db -> List.of(
                    DSL.alterTable(table(db, RUNS)).addColumn(REVERSE_GTID, SQLDataType.CLOB.nullable(true)),
                    DSL.alterTable(table(db, RUNS)).addColumn(REVERSE_UNTIL, SQLDataType.LOCALDATETIME(6).nullable(true)),
                    DSL.alterTable(table(db, RUNS)).addColumn(REVERT_GTID, SQLDataType.CLOB.nullable(true)),
                    DSL.alterTable(table(db, RUNS)).addColumn(REVERSE_REQUEST, SQLDataType.VARCHAR(16).nullable(true)),
                    DSL.alterTable(table(db, RUNS)).addColumn(REVERSE_LAG_MS, SQLDataType.BIGINT.nullable(true)))));

    /**
     * The checksums release 0.1.0 recorded (SHA-256 of jOOQ 3.19.18's rendering of the statements, against the
     * database name {@code db}), by version: still accepted for their migration.
     */
    static final Map<Integer, String> RELEASE_0_1_CHECKSUMS = Map.of(
            1, "238c45d6f0736aa82e74082e828230f71203a90e68f4bae738982e2a1dafcafe",
            2, "e8a89bdfec042f0552be79ec7c3efb7e333b0b7cd41302473393c66bd74fb360");

    /** The newest state-schema version this build knows. */
    public static final int LATEST = MIGRATIONS.get(MIGRATIONS.size() - 1).version();

    private StateSchema() {}

    /** @return true if the database holds run state (the history table exists) */
    public static boolean exists(DSLContext dsl, String db) {
        return !new SchemaReader(dsl).tableTypes(db, List.of(HISTORY)).isEmpty();
    }

    /**
     * Creates or migrates the state tables of {@code db} up to {@link #LATEST} (or up to {@code upTo}).
     * Serialized across processes with {@code GET_LOCK}.
     *
     * @throws StateException if the stored schema is newer than this build, a migration failed before,
     *     or an applied migration's checksum differs
     */
    public static void migrate(DSLContext dsl, String db, int upTo) {
        dsl.connection(c -> {
            DSLContext one = DSL.using(c, dsl.dialect(), dsl.settings());
            String lock = "tablemover.state." + db;
            Integer got = one.fetchOne(LockStatements.getLock(lock, 30)).value1();
            if (got == null || got != 1) {
                throw new StateException("could not lock the state of " + db + " for migration within 30 s: another"
                        + " tablemover is migrating it; try again");
            }
            try {
                migrateLocked(one, db, upTo);
            } finally {
                one.fetch(LockStatements.releaseLock(lock));
            }
        });
    }

    private static void migrateLocked(DSLContext dsl, String db, int upTo) {
        dsl.createTableIfNotExists(table(db, HISTORY))
                .column(H_VERSION, SQLDataType.INTEGER.nullable(false))
                .column(H_DESCRIPTION, SQLDataType.VARCHAR(200).nullable(false))
                .column(H_CHECKSUM, SQLDataType.CHAR(64).nullable(false))
                .column(H_INSTALLED_ON, SQLDataType.LOCALDATETIME(6).nullable(false))
                .column(H_SUCCESS, SQLDataType.BOOLEAN.nullable(false))
                .constraints(constraint("pk_tablemover_schema_history").primaryKey(H_VERSION))
                .execute();
        Map<Integer, Record3<Integer, String, Boolean>> applied = dsl.select(H_VERSION, H_CHECKSUM, H_SUCCESS)
                .from(table(db, HISTORY)).fetchMap(H_VERSION);
        Integer newest = dsl.select(max(H_VERSION)).from(table(db, HISTORY)).fetchOne(0, Integer.class);
        if (newest != null && newest > LATEST) {
            throw new StateException("the run state in " + db + " has schema version " + newest
                    + ", newer than this tablemover knows (" + LATEST + "): use the tablemover version that wrote it, or newer");
        }
        for (StateMigration m : MIGRATIONS) {
            if (m.version() > upTo) {
                break;
            }
            String checksum = m.checksum();
            Record3<Integer, String, Boolean> row = applied.get(m.version());
            if (row != null) {
                if (!row.value3()) {
                    throw new StateException("state migration " + m.version() + " (" + m.description() + ") failed earlier in "
                            + db + ": check the _tablemover_ tables, then delete its row from " + HISTORY);
                }
                if (!accepts(m, row.value2())) {
                    throw new StateException("state migration " + m.version() + " in " + db + " has checksum " + row.value2()
                            + ", this tablemover expects " + checksum + ": the state was written by an incompatible build");
                }
                continue;
            }
            boolean ok = false;
            try {
                for (Query q : m.statements().apply(db)) {
                    dsl.execute(q);
                }
                ok = true;
            } finally {
                dsl.insertInto(table(db, HISTORY), H_VERSION, H_DESCRIPTION, H_CHECKSUM, H_INSTALLED_ON, H_SUCCESS)
                        .values(m.version(), m.description(), checksum, LocalDateTime.now(ZoneOffset.UTC), ok).execute();
            }
            log.info("state schema of {} migrated to version {} ({})", db, m.version(), m.description());
        }
    }

    /** @return true if {@code stored} is the migration's checksum, or the one release 0.1.0 recorded for it */
    static boolean accepts(StateMigration m, String stored) {
        return m.checksum().equals(stored) || stored.equals(RELEASE_0_1_CHECKSUMS.get(m.version()));
    }

    /** @return the installed state-schema version of {@code db}, 0 if none */
    public static int installedVersion(DSLContext dsl, String db) {
        if (!exists(dsl, db)) {
            return 0;
        }
        Integer v = dsl.select(max(H_VERSION)).from(table(db, HISTORY)).where(H_SUCCESS.isTrue()).fetchOne(0, Integer.class);
        return v == null ? 0 : v;
    }

}
