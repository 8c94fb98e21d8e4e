package io.tablemover.engine.cli;

import java.util.List;

/**
 * The document {@code tablemover status --format json} prints: every run stored in the target database, as JSON
 * (Jackson; records in component order, absent values as {@code null}). Its schema is documented in docs/cli.md
 * ("status --format json"); {@link #SCHEMA_VERSION} changes only when a field changes meaning or goes (new fields may
 * be added within a version). Times are UTC, ISO-8601 ({@code 2026-11-29T13:57:32.123456Z}).
 *
 * @param schemaVersion {@link #SCHEMA_VERSION}
 * @param target the (home) target database read, {@code jdbc:mysql://HOST:PORT/DB}
 * @param source the {@code --source} database asked for the live lag; null without {@code --source}
 * @param runs the runs, newest first
 */
public record StatusDocument(int schemaVersion, String target, String source, List<Run> runs) {
    /** The version of this document's schema. */
    public static final int SCHEMA_VERSION = 1;

    /**
     * One stored run.
     *
     * @param run the run token (12 hex digits)
     * @param sourceDatabase the source database
     * @param targetDatabase the target database
     * @param tables the moved tables
     * @param phase the phase it reached, lower case: {@code validate}, {@code create}, {@code copy},
     *     {@code add_indexes}, {@code verify}, {@code wait_cutover}, {@code cutover}, {@code drain}, {@code done}
     * @param startedAt when the run started
     * @param updatedAt when its state was last written
     * @param checkpointAgeSeconds seconds since then (how far behind a stopped run's stream checkpoint is)
     * @param toolVersion the tablemover version that last drove it
     * @param copy the copy progress per table
     * @param verify the verify progress per table (empty before the verify phase)
     * @param appliedGtidSet the stream checkpoint: every transaction in it is applied on the target(s)
     * @param drainGtidSet the source's GTID set at the RENAME, once renamed; else null
     * @param lastAppliedEventAt the source timestamp (binlog event header) of the last transaction applied, as of the
     *     last stream checkpoint; null if none is recorded
     * @param lastError the last failure, one line; null if none
     * @param liveLag the lag against the live source (with {@code --source}); else null
     * @param reverse the reverse stream of {@code --reverse-window}, once the run reached phase REVERSE; else null
     */
    public record Run(String run, String sourceDatabase, String targetDatabase, List<String> tables, String phase,
                      String startedAt, String updatedAt, long checkpointAgeSeconds, String toolVersion,
                      List<TableCopy> copy, List<TableVerify> verify, String appliedGtidSet, String drainGtidSet,
                      String lastAppliedEventAt, String lastError, LiveLag liveLag, Reverse reverse) {}

    /**
     * The reverse stream (target(s) to source) of a run with {@code --reverse-window}, as of its last checkpoint.
     *
     * @param appliedGtidSets per target, the GTID set of the target applied to the source
     * @param lagMs the reverse lag at the last checkpoint, ms; null if unknown
     * @param windowEndsAt when the window ends (then the run completes); null if not set
     * @param request a pending {@code revert} or {@code complete}; null if none
     */
    public record Reverse(List<String> appliedGtidSets, Long lagMs, String windowEndsAt, String request) {}

    /**
     * A table's copy progress.
     *
     * @param table the table
     * @param rowsCopied rows copied
     * @param chunksCopied chunks copied
     * @param done every chunk copied
     * @param copiedUpToKey the last key copied, e.g. {@code id=1000}; null before the first chunk
     */
    public record TableCopy(String table, long rowsCopied, long chunksCopied, boolean done, String copiedUpToKey) {}

    /**
     * A table's verify progress.
     *
     * @param table the table
     * @param rowsCompared source rows compared
     * @param chunksCompared chunks compared
     * @param keysRepaired keys whose target rows were repaired
     * @param done every chunk compared
     */
    public record TableVerify(String table, long rowsCompared, long chunksCompared, long keysRepaired, boolean done) {}

    /**
     * The run's stream against the live source.
     *
     * @param sameServer false if {@code --source} is not the server the run streams from (its {@code server_uuid}
     *     differs); the other fields are then null
     * @param sourceGtidExecuted the source's {@code gtid_executed} now
     * @param missingGtidSet the transactions the source executed that the run has not applied
     *     ({@code GTID_SUBTRACT(gtid_executed, appliedGtidSet)}; empty if none)
     * @param missingTransactions how many transactions that is
     * @param secondsSinceLastAppliedEvent seconds from {@code lastAppliedEventAt} to the source's clock now; null if
     *     none is recorded. With {@code missingTransactions} 0 it only says how long the source has been idle
     * @param binlogExpireLogsSeconds the source's {@code binlog_expire_logs_seconds} (0: never purged by age)
     * @param positionPurged true if the source purged binlogs the stored position needs ({@code gtid_purged} not
     *     within {@code appliedGtidSet}): the run cannot resume, only be cancelled and started again
     */
    public record LiveLag(boolean sameServer, String sourceGtidExecuted, String missingGtidSet, Long missingTransactions,
                          Long secondsSinceLastAppliedEvent, Long binlogExpireLogsSeconds, Boolean positionPurged) {}
}
