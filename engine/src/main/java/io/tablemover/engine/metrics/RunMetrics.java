package io.tablemover.engine.metrics;

import com.google.inject.Singleton;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.tablemover.engine.apply.ChangeBuffer;
import io.tablemover.engine.apply.Replication;
import io.tablemover.engine.config.MoveConfig;
import io.tablemover.engine.state.Phase;
import io.tablemover.engine.state.TableProgress;
import io.tablemover.engine.step.MoveResult;
import io.tablemover.engine.step.RunContext;
import io.tablemover.engine.step.VerifyProgress;
import io.tablemover.spi.throttle.ThrottleState;
import jakarta.inject.Inject;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The run's Prometheus metrics: callbacks that read the run's live progress when scraped (nothing is sampled in the
 * run's threads) plus the error counter. Every name is documented in docs/cli.md ("Metrics"); a series whose figure
 * does not exist yet (no replication before the copy, no cutover window before the drain) is left out until it does.
 * One per run (a Guice singleton); the registry is the run's own, served by {@link MetricsServer}.
 */
@Singleton
public final class RunMetrics {
    private final MoveConfig config;
    private final VerifyProgress verify;
    private final BinlogRetention retention;
    private final Counter errors;
    private volatile RunContext run;
    private volatile MoveResult result;

    /**
     * Registers every metric in {@code registry}.
     *
     * @param registry the run's registry (one per run: the names are registered once)
     * @param verify the verify phase's progress
     * @param retention the binlog retention guard
     */
    @Inject
    public RunMetrics(PrometheusRegistry registry, MoveConfig config, VerifyProgress verify, BinlogRetention retention) {
        this.config = config;
        this.retention = retention;
        this.verify = verify;
        this.errors = Counter.builder().name("tablemover_errors_total")
                .help("Failures of the run (each ends it; the same command resumes)").register(registry);
        gauge(registry, "tablemover_run_info", "The run: its token, source and (home) target", cb -> ifRun(r ->
                cb.call(1, r.token(), config.source().url(), config.target().url())), "run", "source", "target");
        gauge(registry, "tablemover_phase", "1 for the phase the run is in, 0 for the others", cb -> ifRun(r -> {
            for (Phase p : Phase.values()) {
                cb.call(p == r.phase() ? 1 : 0, p.name().toLowerCase(Locale.ROOT));
            }
        }), "phase");
        registerCopy(registry);
        registerStream(registry);
        registerThrottle(registry);
        registerVerifyAndCutover(registry);
    }

    private void registerCopy(PrometheusRegistry registry) {
        CounterWithCallback.builder().name("tablemover_rows_copied_total").labelNames("table")
                .help("Rows the copy wrote to the target(s), per table (stored progress included after a resume)")
                .callback(cb -> ifRun(r -> r.progress().forEach(t -> cb.call(t.rowsCopied(), t.table().name()))))
                .register(registry);
        gauge(registry, "tablemover_rows_estimated", "The table's row estimate (raised to the rows copied when low)",
                cb -> ifRun(r -> r.progress().forEach(t -> cb.call(t.estimatedRows(), t.table().name()))), "table");
        gauge(registry, "tablemover_table_copy_done", "1 once every chunk of the table is copied",
                cb -> ifRun(r -> r.progress().forEach(t -> cb.call(t.done() ? 1 : 0, t.table().name()))), "table");
        gauge(registry, "tablemover_copy_rate_rows_per_second",
                "Rows this process copied per second since its copy started (0 before)",
                cb -> ifRun(r -> cb.call(CopyFigures.of(r).rowsPerSecond())));
        gauge(registry, "tablemover_copy_eta_seconds", "Seconds until the copy ends at the current rate (while copying)",
                cb -> ifRun(r -> CopyFigures.of(r).etaSeconds().ifPresent(cb::call)));
    }

    private void registerStream(PrometheusRegistry registry) {
        CounterWithCallback.builder().name("tablemover_binlog_row_events_total")
                .help("Row images received from the binlog for the moved tables")
                .callback(cb -> ifReplication(r -> cb.call(r.buffer().rowEvents()))).register(registry);
        CounterWithCallback.builder().name("tablemover_binlog_keys_applied_total")
                .help("Row images the binlog apply wrote to the target(s) (one per changed key and batch)")
                .callback(cb -> ifReplication(r -> cb.call(r.applier().keysApplied()))).register(registry);
        gauge(registry, "tablemover_binlog_lag_seconds", "Now minus the source timestamp (binlog event header) of the"
                + " oldest transaction received and not yet applied; 0 when all are applied",
                cb -> ifReplication(r -> cb.call(r.applier().sourceLagMs() / 1000.0)));
        gauge(registry, "tablemover_binlog_last_applied_event_timestamp_seconds",
                "Source timestamp (binlog event header, Unix seconds) of the last transaction applied",
                cb -> ifReplication(r -> {
                    if (r.applier().lastAppliedSourceMs() > 0) {
                        cb.call(r.applier().lastAppliedSourceMs() / 1000.0);
                    }
                }));
        gauge(registry, "tablemover_binlog_position_age_seconds", "Age of the oldest binlog position the run still needs"
                + " (its oldest transaction not yet applied; 0 when none is pending)",
                cb -> ifRun(r -> retention.figures(r).ifPresent(f -> cb.call(f.positionAgeSeconds()))));
        gauge(registry, "tablemover_binlog_expire_logs_seconds", "The source's binlog_expire_logs_seconds (0: never purged"
                + " by age)", cb -> ifRun(r -> retention.figures(r).ifPresent(f -> cb.call(f.expireSeconds()))));
        gauge(registry, "tablemover_copy_eta_exceeds_retention", "1 while the copy's ETA goes past the seconds left before"
                + " the source may purge the binlog position the run needs", cb -> ifRun(r -> retention.figures(r)
                        .ifPresent(f -> cb.call(f.etaExceedsRetention() ? 1 : 0))));
        gauge(registry, "tablemover_change_buffer_keys", "Changed keys waiting in the change buffer for the applier",
                cb -> ifReplication(r -> cb.call(r.buffer().pendingKeys())));
        gauge(registry, "tablemover_change_buffer_max_keys", "Keys at which the binlog stream waits (--change-buffer-keys)",
                cb -> ifReplication(r -> cb.call(r.buffer().maxKeys())));
        gauge(registry, "tablemover_change_buffer_bytes", "Bytes of row images waiting in the change buffer",
                cb -> ifReplication(r -> cb.call(r.buffer().pendingBytes())));
        gauge(registry, "tablemover_change_buffer_fill_ratio", "Fill of the change buffer, 0..1: the larger of keys"
                + " and bytes over their bounds (at 1 the binlog stream waits)",
                cb -> ifReplication(r -> cb.call(fill(r.buffer()))));
    }

    private void registerThrottle(PrometheusRegistry registry) {
        gauge(registry, "tablemover_throttled", "1 while the copy and the binlog apply are throttled",
                cb -> ifRun(r -> cb.call(r.plugins().gate().throttled() ? 1 : 0)));
        gauge(registry, "tablemover_throttled_by", "1 for the throttler that throttles now (no series when none does)",
                cb -> ifRun(r -> {
                    ThrottleState s = r.plugins().gate().state();
                    if (s.throttled()) {
                        cb.call(1, s.throttler());
                    }
                }), "throttler");
    }

    private void registerVerifyAndCutover(PrometheusRegistry registry) {
        CounterWithCallback.builder().name("tablemover_verify_rows_compared_total").labelNames("table")
                .help("Source rows the verify phase compared, per table (stored progress included)")
                .callback(cb -> verify.tables().forEach((t, v) -> cb.call(v.rowsCompared(), t))).register(registry);
        gauge(registry, "tablemover_verify_table_done", "1 once every chunk of the table is verified",
                cb -> verify.tables().forEach((t, v) -> cb.call(v.done() ? 1 : 0, t)), "table");
        gauge(registry, "tablemover_cutover_window_seconds", "Write-unavailability window of the cutover: from the"
                + " RENAME sent to now during the drain, to the drain's end once done", cb -> ifRun(r -> {
                    MoveResult done = result;
                    if (done != null && done.executed()) {
                        cb.call(done.cutoverWindowMs() / 1000.0);
                    } else {
                        r.cutover().renamedHere().ifPresent(n -> cb.call((System.nanoTime() - n.startNanos()) / 1e9));
                    }
                }));
    }

    /**
     * The metrics, the interactive {@code status json} and the binlog retention guard's note in every status line read
     * {@code ctx} from now on.
     */
    public void attach(RunContext ctx) {
        this.run = ctx;
        ctx.plugins().control().statusJson(() -> LiveStatus.of(ctx, verify, retention.figures(ctx).orElse(null)).json());
        ctx.statusNotes(() -> retention.note(ctx));
    }

    /** The run ended with {@code result} (its cutover window is reported from now on). */
    public void finished(MoveResult result) {
        this.result = result;
    }

    /** The run failed (counted in {@code tablemover_errors_total}). */
    public void failed() {
        errors.inc();
    }

    /** @return the change buffer's fill, 0..1: the larger of keys and bytes over their bounds */
    static double fill(ChangeBuffer b) {
        double keys = (double) b.pendingKeys() / Math.max(1, b.maxKeys());
        double bytes = b.maxBytes() == Long.MAX_VALUE ? 0 : (double) b.pendingBytes() / Math.max(1, b.maxBytes());
        return Math.min(1, Math.max(keys, bytes));
    }

    private void ifRun(Consumer<RunContext> read) {
        RunContext r = run;
        if (r != null) {
            read.accept(r);
        }
    }

    private void ifReplication(Consumer<Replication> read) {
        RunContext r = run;
        Optional<Replication> replication = r == null ? Optional.empty() : r.runningReplication();
        replication.ifPresent(read);
    }

    private static void gauge(PrometheusRegistry registry, String name, String help,
                              Consumer<GaugeWithCallback.Callback> callback, String... labels) {
        GaugeWithCallback.builder().name(name).help(help).labelNames(labels).callback(callback).register(registry);
    }
}
