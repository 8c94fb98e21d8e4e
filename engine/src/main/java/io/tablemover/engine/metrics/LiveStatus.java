package io.tablemover.engine.metrics;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tablemover.engine.apply.Applier;
import io.tablemover.engine.apply.Replication;
import io.tablemover.engine.state.TableProgress;
import io.tablemover.engine.step.RunContext;
import io.tablemover.engine.step.VerifyProgress;
import io.tablemover.spi.throttle.ThrottleState;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The document the interactive command {@code status json} answers with: the running run's live figures as one JSON
 * object (Jackson; records in component order, absent values as {@code null}). Its schema is documented in
 * docs/cli.md ("status json"); {@link #SCHEMA_VERSION} changes only when a field changes meaning or goes.
 *
 * @param schemaVersion {@link #SCHEMA_VERSION}
 * @param run the run token
 * @param phase the phase, lower case (as {@code tablemover_phase})
 * @param tables per table: copy and verify progress
 * @param rowsCopied rows copied over all tables
 * @param rowsEstimated estimated rows over all tables
 * @param percent rows copied of the estimate, 0..100 (100 once every table is copied)
 * @param rowsPerSecond rows this process copied per second
 * @param etaSeconds seconds until the copy ends at that rate; null outside the copy
 * @param binlog the binlog stream, null before it starts
 * @param throttled whether the copy and the apply are throttled
 * @param throttledBy the throttler that throttles, null if none
 * @param throttleReason its reason, null if none
 * @param retention the binlog retention guard's figures; null before the stream starts
 */
public record LiveStatus(int schemaVersion, String run, String phase, List<Table> tables, long rowsCopied,
                         long rowsEstimated, int percent, long rowsPerSecond, Long etaSeconds, Binlog binlog,
                         boolean throttled, String throttledBy, String throttleReason,
                         BinlogRetention.Figures retention) {
    /** The version of this document's schema. */
    public static final int SCHEMA_VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One table.
     *
     * @param table its name
     * @param rowsCopied rows copied
     * @param rowsEstimated its row estimate
     * @param copyDone every chunk copied
     * @param rowsVerified source rows the verify phase compared (0 before it)
     * @param verifyDone every chunk verified
     */
    public record Table(String table, long rowsCopied, long rowsEstimated, boolean copyDone, long rowsVerified,
                        boolean verifyDone) {}

    /**
     * The binlog stream.
     *
     * @param lagSeconds now minus the source timestamp of the oldest transaction not yet applied (0: caught up)
     * @param lastAppliedEventAt source timestamp of the last transaction applied (ISO-8601 UTC); null if none
     * @param rowEvents row images received for the moved tables
     * @param keysApplied row images written to the target(s)
     * @param appliedGtidSet every transaction in it is applied
     * @param changeBufferKeys changed keys waiting for the applier
     * @param changeBufferFillRatio the change buffer's fill, 0..1
     */
    public record Binlog(double lagSeconds, String lastAppliedEventAt, long rowEvents, long keysApplied,
                         String appliedGtidSet, long changeBufferKeys, double changeBufferFillRatio) {}

    /** @return the live status of {@code run} */
    public static LiveStatus of(RunContext run, VerifyProgress verify, BinlogRetention.Figures retention) {
        List<TableProgress> progress = run.progress();
        Map<String, VerifyProgress.Table> verified = verify.tables();
        List<Table> tables = progress.stream().map(t -> {
            VerifyProgress.Table v = verified.getOrDefault(t.table().name(), new VerifyProgress.Table(0, false));
            return new Table(t.table().name(), t.rowsCopied(), t.estimatedRows(), t.done(), v.rowsCompared(), v.done());
        }).toList();
        long copied = run.rowsCopied();
        long estimated = progress.stream().mapToLong(TableProgress::estimatedRows).sum();
        boolean done = !progress.isEmpty() && progress.stream().allMatch(TableProgress::done);
        int percent = done ? 100 : (int) Math.min(99, copied * 100 / Math.max(1, estimated));
        CopyFigures figures = CopyFigures.of(run);
        Binlog binlog = run.runningReplication().map(LiveStatus::binlog).orElse(null);
        ThrottleState t = run.plugins().gate().state();
        return new LiveStatus(SCHEMA_VERSION, run.token(), run.phase().name().toLowerCase(Locale.ROOT), tables, copied,
                estimated, percent, (long) figures.rowsPerSecond(),
                figures.etaSeconds().isPresent() ? figures.etaSeconds().getAsLong() : null, binlog, t.throttled(),
                t.throttled() ? t.throttler() : null, t.throttled() ? t.reason() : null, retention);
    }

    private static Binlog binlog(Replication r) {
        Applier a = r.applier();
        long last = a.lastAppliedSourceMs();
        return new Binlog(a.sourceLagMs() / 1000.0, last == 0 ? null : Instant.ofEpochMilli(last).toString(),
                r.buffer().rowEvents(), a.keysApplied(), a.appliedGtidSet(), r.buffer().pendingKeys(),
                RunMetrics.fill(r.buffer()));
    }

    /** @return this document as one line of JSON */
    public String json() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the live status cannot be written as JSON", e);
        }
    }
}
