package io.tablemover.engine.state;

import static io.tablemover.engine.sql.Statements.table;
import static io.tablemover.engine.state.StateTables.*;

import io.tablemover.engine.schema.KeyValue;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.Query;
import org.jooq.Record;
import org.jooq.Table;

/**
 * Reads and writes the run state in the target database. Every write is one short statement (or one
 * transaction); phase changes are also appended to the journal.
 */
public final class RunStore {
    private final DSLContext dsl;
    private final String db;

    /**
     * @param dsl a context on the target server
     * @param db the target database holding the state tables
     */
    public RunStore(DSLContext dsl, String db) {
        this.dsl = dsl;
        this.db = db;
    }

    /** The run columns, typed: selected explicitly so that jOOQ converts e.g. TINYINT(1) to Boolean. */
    private static final List<org.jooq.Field<?>> RUN_FIELDS = List.of(TOKEN, SOURCE_DB, TARGET_DB, TABLE_LIST, SOURCE_UUID,
            TARGET_UUID, PHASE, START_GTID, APPLIED_GTID, DRAIN_GTID, VERSION, CREATED_AT, UPDATED_AT, LAST_ERROR);
    private static final List<org.jooq.Field<?>> TABLE_FIELDS = List.of(TABLE_NAME, KEY_COLUMNS, LOW_KEY, ROWS_COPIED,
            CHUNKS_COPIED, DONE);

    private Table<Record> runs() {
        return table(db, RUNS);
    }

    private Table<Record> tables() {
        return table(db, TABLES);
    }

    private static LocalDateTime now() {
        return LocalDateTime.now(ZoneOffset.UTC);
    }

    /** @return the run with this token, if the state tables exist and hold it */
    public Optional<RunRecord> find(String token) {
        if (!StateSchema.exists(dsl, db) || StateSchema.installedVersion(dsl, db) < 1) {
            return Optional.empty();
        }
        return dsl.select(RUN_FIELDS).from(runs()).where(TOKEN.eq(token)).fetchOptional().map(RunStore::toRun);
    }

    /** @return every run stored in the database, newest first */
    public List<RunRecord> all() {
        if (!StateSchema.exists(dsl, db) || StateSchema.installedVersion(dsl, db) < 1) {
            return List.of();
        }
        return dsl.select(RUN_FIELDS).from(runs()).orderBy(CREATED_AT.desc()).fetch(RunStore::toRun);
    }

    private static RunRecord toRun(Record r) {
        return new RunRecord(r.get(TOKEN), r.get(SOURCE_DB), r.get(TARGET_DB), Arrays.asList(r.get(TABLE_LIST).split(",")),
                r.get(SOURCE_UUID), r.get(TARGET_UUID), Phase.valueOf(r.get(PHASE)), r.get(START_GTID), r.get(APPLIED_GTID),
                Optional.ofNullable(r.get(DRAIN_GTID)), r.get(VERSION), r.get(CREATED_AT), r.get(UPDATED_AT),
                Optional.ofNullable(r.get(LAST_ERROR)));
    }

    /**
     * Stores a new run and one progress row per table (key columns given per table), in one transaction.
     */
    public void create(RunRecord run, List<String> keyColumnsPerTable) {
        dsl.transaction(cfg -> {
            DSLContext tx = cfg.dsl();
            tx.insertInto(runs(), TOKEN, SOURCE_DB, TARGET_DB, TABLE_LIST, SOURCE_UUID, TARGET_UUID, PHASE, START_GTID,
                            APPLIED_GTID, VERSION, CREATED_AT, UPDATED_AT)
                    .values(run.token(), run.sourceDb(), run.targetDb(), String.join(",", run.tables()), run.sourceUuid(),
                            run.targetUuid(), run.phase().name(), run.startGtid(), run.appliedGtid(), run.version(), now(), now())
                    .execute();
            for (int i = 0; i < run.tables().size(); i++) {
                tx.insertInto(tables(), TOKEN, TABLE_NAME, KEY_COLUMNS, ROWS_COPIED, CHUNKS_COPIED, DONE)
                        .values(run.token(), run.tables().get(i), keyColumnsPerTable.get(i), 0L, 0L, false).execute();
            }
            journal(tx, run.token(), run.phase(), "run started by tablemover " + run.version());
        });
    }

    /** Records a phase change (and a journal line). */
    public void phase(String token, Phase phase, String message) {
        dsl.transaction(cfg -> {
            cfg.dsl().update(runs()).set(PHASE, phase.name()).set(UPDATED_AT, now()).where(TOKEN.eq(token)).execute();
            journal(cfg.dsl(), token, phase, message);
        });
    }

    /** Records the drain GTID set read in the RENAME's round trip, and the DRAIN phase, in one transaction. */
    public void renamed(String token, String drainGtid) {
        dsl.transaction(cfg -> {
            cfg.dsl().update(runs()).set(PHASE, Phase.DRAIN.name()).set(DRAIN_GTID, drainGtid).set(UPDATED_AT, now())
                    .where(TOKEN.eq(token)).execute();
            journal(cfg.dsl(), token, Phase.DRAIN, "source tables renamed; draining to " + drainGtid);
        });
    }

    /** The stream checkpoint: {@code appliedGtid} must only hold transactions already applied on the target. */
    public void checkpointStream(String token, String appliedGtid) {
        dsl.update(runs()).set(APPLIED_GTID, appliedGtid).set(UPDATED_AT, now()).where(TOKEN.eq(token)).execute();
    }

    /**
     * The stream checkpoint with the source timestamp of the last transaction applied (for {@code status}).
     *
     * @param appliedEventMs binlog event header timestamp of the last transaction applied, ms since the epoch; 0
     *     leaves the stored one (nothing applied by this process yet)
     */
    public void checkpointStream(String token, String appliedGtid, long appliedEventMs) {
        var update = dsl.update(runs()).set(APPLIED_GTID, appliedGtid).set(UPDATED_AT, now());
        (appliedEventMs > 0 ? update.set(APPLIED_EVENT_MS, appliedEventMs) : update).where(TOKEN.eq(token)).execute();
    }

    /**
     * @return the source timestamp (ms since the epoch) of the last transaction the run applied, as of its last
     *     stream checkpoint; empty if none was recorded (nothing applied yet, or a state written before version 4)
     */
    public java.util.OptionalLong appliedEventMs(String token) {
        if (StateSchema.installedVersion(dsl, db) < 4) {
            return java.util.OptionalLong.empty();
        }
        Long ms = dsl.select(APPLIED_EVENT_MS).from(runs()).where(TOKEN.eq(token)).fetchOne(APPLIED_EVENT_MS);
        return ms == null ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(ms);
    }

    /** Records the last failure's message (one line). */
    public void error(String token, String message) {
        dsl.update(runs()).set(LAST_ERROR, message).set(UPDATED_AT, now()).where(TOKEN.eq(token)).execute();
    }

    /** Records that this tablemover version now drives the run (after a resume). */
    public void resumedBy(String token, String version) {
        dsl.update(runs()).set(VERSION, version).set(LAST_ERROR, (String) null).set(UPDATED_AT, now())
                .where(TOKEN.eq(token)).execute();
    }

    /**
     * @return the hook events whose hooks completed for this run, in firing order, e.g.
     *     {@code [startup, validated]}; empty if none, or if the state schema predates {@code hooks_fired}
     */
    public List<String> hooksFired(String token) {
        if (StateSchema.installedVersion(dsl, db) < 2) {
            return List.of();
        }
        String fired = dsl.select(HOOKS_FIRED).from(runs()).where(TOKEN.eq(token)).fetchOptional(HOOKS_FIRED).orElse(null);
        return fired == null || fired.isBlank() ? List.of() : List.of(fired.split(","));
    }

    /** Stores the hook events whose hooks completed for this run (the whole list, comma-joined). */
    public void hooksFired(String token, List<String> events) {
        dsl.update(runs()).set(HOOKS_FIRED, String.join(",", events)).set(UPDATED_AT, now()).where(TOKEN.eq(token)).execute();
    }

    /**
     * The reverse stream's start (or checkpoint) per target shard: every transaction in {@code gtids} is (or needs
     * not be) applied to the source's {@code _t_del} tables.
     *
     * @param lagMs the reverse lag now, ms (shown by {@code status}); null before the stream runs
     */
    public void checkpointReverse(String token, List<String> gtids, Long lagMs) {
        dsl.update(runs()).set(REVERSE_GTID, ReverseState.join(gtids)).set(REVERSE_LAG_MS, lagMs).set(UPDATED_AT, now())
                .where(TOKEN.eq(token)).execute();
    }

    /**
     * Records where the reverse stream starts (each target shard's {@code gtid_executed} before the cutover) and when
     * the reverse window ends; written with the cutover intent of a run with {@code --reverse-window}.
     */
    public void reverseStart(String token, List<String> gtids, LocalDateTime until) {
        dsl.update(runs()).set(REVERSE_GTID, ReverseState.join(gtids)).set(REVERSE_UNTIL, until).set(UPDATED_AT, now())
                .where(TOKEN.eq(token)).execute();
    }

    /** Records phase REVERSE (and a journal line naming the window's end). */
    public void reverseBegins(String token, LocalDateTime until) {
        phase(token, Phase.REVERSE, "cut over; the reverse stream applies the target's changes to the source's _del"
                + " tables until " + until + " UTC");
    }

    /**
     * Stores an operator's request ({@link ReverseState#REVERT} or {@link ReverseState#COMPLETE}) for a run in phase
     * REVERSE.
     *
     * @return true if stored; false if the run is not in phase REVERSE (or does not exist)
     */
    public boolean requestReverse(String token, String request) {
        return dsl.update(runs()).set(REVERSE_REQUEST, request).set(UPDATED_AT, now())
                .where(TOKEN.eq(token)).and(PHASE.eq(Phase.REVERSE.name())).execute() == 1;
    }

    /** Records the revert's RENAME on the target(s) and the GTID sets read with it, and phase REVERT_DRAIN, at once. */
    public void targetRenamed(String token, List<String> revertGtids) {
        dsl.transaction(cfg -> {
            cfg.dsl().update(runs()).set(PHASE, Phase.REVERT_DRAIN.name()).set(REVERT_GTID, ReverseState.join(revertGtids))
                    .set(UPDATED_AT, now()).where(TOKEN.eq(token)).execute();
            journal(cfg.dsl(), token, Phase.REVERT_DRAIN, "target tables renamed to _rev; reverse stream draining to "
                    + ReverseState.join(revertGtids));
        });
    }

    /** @return the run's reverse replication (empty lists and values before state schema 4 or the cutover) */
    public ReverseState reverse(String token) {
        if (StateSchema.installedVersion(dsl, db) < 4) {
            return new ReverseState(List.of(), Optional.empty(), List.of(), Optional.empty(), Optional.empty());
        }
        Record r = dsl.select(REVERSE_GTID, REVERSE_UNTIL, REVERT_GTID, REVERSE_REQUEST, REVERSE_LAG_MS).from(runs())
                .where(TOKEN.eq(token)).fetchOne();
        if (r == null) {
            return new ReverseState(List.of(), Optional.empty(), List.of(), Optional.empty(), Optional.empty());
        }
        return new ReverseState(ReverseState.split(r.get(REVERSE_GTID)), Optional.ofNullable(r.get(REVERSE_UNTIL)),
                ReverseState.split(r.get(REVERT_GTID)), Optional.ofNullable(r.get(REVERSE_REQUEST)),
                Optional.ofNullable(r.get(REVERSE_LAG_MS)));
    }

    /** Appends a line to the run's journal without changing its phase (e.g. a hook failure). */
    public void note(String token, Phase phase, String message) {
        journal(dsl, token, phase, message);
    }

    /** @return the copy progress of each table of the run */
    public List<TableCheckpoint> tables(String token) {
        return dsl.select(TABLE_FIELDS).from(tables()).where(TOKEN.eq(token)).fetch(r -> new TableCheckpoint(r.get(TABLE_NAME),
                r.get(KEY_COLUMNS), Optional.ofNullable(r.get(LOW_KEY)).map(KeyValue::fromHex), r.get(ROWS_COPIED),
                r.get(CHUNKS_COPIED), r.get(DONE)));
    }

    /**
     * The copy checkpoint of one chunk, to execute in the same target transaction as the chunk's rows.
     *
     * @param tx the chunk's target transaction
     * @param upper the table's new low key (every key at or below it is copied once {@code tx} commits), empty to keep
     *     the stored one; rows and chunks count every committed chunk, so chunks committed above the low key when a run
     *     stops are counted again when the resumed run re-copies them
     * @param last whether the table's copy is complete once {@code tx} commits
     */
    public Query chunkCopied(DSLContext tx, String token, String table, Optional<KeyValue> upper, long rows, boolean last) {
        var update = tx.update(tables()).set(ROWS_COPIED, ROWS_COPIED.plus(rows)).set(CHUNKS_COPIED, CHUNKS_COPIED.plus(1));
        if (upper.isPresent()) {
            update = update.set(LOW_KEY, upper.get().toHex());
        }
        return update.set(DONE, last).where(TOKEN.eq(token)).and(TABLE_NAME.eq(table));
    }

    /** @return the verify progress of each table of the run that has any (state schema 3 on) */
    public List<VerifyCheckpoint> verified(String token) {
        if (StateSchema.installedVersion(dsl, db) < 3) {
            return List.of();
        }
        return dsl.select(TABLE_NAME, LOW_KEY, V_ROWS, V_CHUNKS, V_REPAIRED, DONE).from(table(db, VERIFY))
                .where(TOKEN.eq(token)).fetch(r -> new VerifyCheckpoint(r.get(TABLE_NAME),
                        Optional.ofNullable(r.get(LOW_KEY)).map(KeyValue::fromHex), r.get(V_ROWS), r.get(V_CHUNKS),
                        r.get(V_REPAIRED), r.get(DONE)));
    }

    /** Stores (replaces) the verify progress of one table: every key up to its low key is verified. */
    public void verified(String token, VerifyCheckpoint p) {
        String low = p.lowKey().map(KeyValue::toHex).orElse(null);
        dsl.insertInto(table(db, VERIFY), TOKEN, TABLE_NAME, LOW_KEY, V_ROWS, V_CHUNKS, V_REPAIRED, DONE)
                .values(token, p.table(), low, p.rowsCompared(), p.chunksCompared(), p.keysRepaired(), p.done())
                .onDuplicateKeyUpdate().set(LOW_KEY, low).set(V_ROWS, p.rowsCompared()).set(V_CHUNKS, p.chunksCompared())
                .set(V_REPAIRED, p.keysRepaired()).set(DONE, p.done()).execute();
    }

    /** @return the run's journal, oldest first: (at, phase, message) lines */
    public List<String> journal(String token) {
        return dsl.select(J_AT, PHASE, J_MESSAGE).from(table(db, JOURNAL)).where(TOKEN.eq(token)).orderBy(J_ID)
                .fetch(r -> r.value1() + " " + r.value2() + " " + r.value3());
    }

    private void journal(DSLContext tx, String token, Phase phase, String message) {
        tx.insertInto(table(db, JOURNAL), TOKEN, J_AT, PHASE, J_MESSAGE).values(token, now(), phase.name(), message).execute();
    }

    /** Deletes a run's state (cancel). */
    public void delete(String token) {
        dsl.transaction(cfg -> {
            cfg.dsl().deleteFrom(table(db, JOURNAL)).where(TOKEN.eq(token)).execute();
            cfg.dsl().deleteFrom(tables()).where(TOKEN.eq(token)).execute();
            if (StateSchema.installedVersion(cfg.dsl(), db) >= 3) {
                cfg.dsl().deleteFrom(table(db, VERIFY)).where(TOKEN.eq(token)).execute();
            }
            cfg.dsl().deleteFrom(runs()).where(TOKEN.eq(token)).execute();
        });
    }
}
