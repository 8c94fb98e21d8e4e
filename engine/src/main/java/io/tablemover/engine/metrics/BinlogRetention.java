package io.tablemover.engine.metrics;

import com.google.inject.Singleton;
import io.tablemover.engine.mysql.ServerPools;
import io.tablemover.engine.sql.BinlogStatements;
import io.tablemover.engine.step.RunContext;
import jakarta.inject.Inject;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The binlog retention guard: how old the binlog position the run still needs is, against how long the source keeps
 * its binary logs ({@code binlog_expire_logs_seconds}), shown at the start of the replication and in every status
 * line, with a warning when the copy's ETA goes past what the retention allows.
 *
 * <p>The position the run needs is its oldest transaction not yet applied (a resume streams from the stored applied
 * set, at most {@code --checkpoint-interval} older). Its age is now minus that transaction's source timestamp (the
 * binlog event header; 0 when every transaction received is applied): MySQL purges a binary log once it was last
 * written more than {@code binlog_expire_logs_seconds} ago, and the log holding that transaction was written at or
 * after it, so the position is safe for at least {@code binlog_expire_logs_seconds} minus its age. A source that
 * purged a needed position already is refused at resume ({@code ReplicationFactory}). One per run.
 */
@Singleton
public final class BinlogRetention {
    private static final Logger log = LoggerFactory.getLogger(BinlogRetention.class);
    private static final long REREAD_NANOS = 60_000_000_000L;

    private final ServerPools pools;
    private volatile long expireSeconds = -1;
    private volatile long readAtNanos;
    private volatile boolean warned;
    private volatile boolean logged;

    /**
     * The guard's figures.
     *
     * @param expireSeconds the source's {@code binlog_expire_logs_seconds} (0: binary logs are never purged by age)
     * @param positionAgeSeconds how old the oldest transaction the run still needs is (0: none pending)
     * @param headroomSeconds seconds until the position may be purged ({@code expire - age}); null if never purged
     * @param etaExceedsRetention true if the copy's ETA goes past the headroom
     */
    public record Figures(long expireSeconds, long positionAgeSeconds, Long headroomSeconds,
                          boolean etaExceedsRetention) {}

    @Inject
    public BinlogRetention(ServerPools pools) {
        this.pools = pools;
    }

    /**
     * @return the figures now, empty before the replication starts or if the source's setting cannot be read; the
     *     setting is read from the source once a minute
     */
    public java.util.Optional<Figures> figures(RunContext run) {
        if (run.runningReplication().isEmpty()) {
            return java.util.Optional.empty();
        }
        OptionalLong expire = expireSeconds();
        if (expire.isEmpty()) {
            return java.util.Optional.empty();
        }
        long age = run.runningReplication().get().applier().sourceLagMs() / 1000;
        Long headroom = expire.getAsLong() == 0 ? null : expire.getAsLong() - age;
        OptionalLong eta = CopyFigures.of(run).etaSeconds();
        return java.util.Optional.of(new Figures(expire.getAsLong(), age, headroom,
                headroom != null && eta.isPresent() && eta.getAsLong() > headroom));
    }

    /**
     * @return the status line's note, e.g. {@code binlog position 3 s old, retention 604800 s}, with a warning when
     *     the ETA exceeds the retention; empty if not known
     */
    public String note(RunContext run) {
        return figures(run).map(f -> {
            if (!logged) {
                logged = true;
                logStart(f);
            }
            String note = "binlog position " + f.positionAgeSeconds() + " s old, retention "
                    + (f.headroomSeconds() == null ? "unlimited" : f.expireSeconds() + " s");
            if (f.etaExceedsRetention()) {
                warn(f, run);
                note += " (WARNING: the copy's ETA exceeds it)";
            }
            return note;
        }).orElse("");
    }

    /** Logs the guard's figures, once the replication has started (the start of the copy or of a resume). */
    private static void logStart(Figures f) {
        log.info("binlog retention: the source keeps binary logs {}; the run's binlog"
                + " position is {} s old", f.headroomSeconds() == null ? "without an age limit (binlog_expire_logs_seconds=0)"
                : "for " + f.expireSeconds() + " s (binlog_expire_logs_seconds)", f.positionAgeSeconds());
    }

    private void warn(Figures f, RunContext run) {
        if (!warned) {
            warned = true;
            log.warn("binlog retention: the copy's ETA ({} s) exceeds the {} s left before the source may purge the binary"
                    + " logs this run needs (binlog_expire_logs_seconds={}, position {} s old): if the run stops or lags"
                    + " that long it cannot resume; raise it on the source, e.g. SET PERSIST binlog_expire_logs_seconds = {}",
                    CopyFigures.of(run).etaSeconds().orElse(0), f.headroomSeconds(), f.expireSeconds(),
                    f.positionAgeSeconds(), Math.max(2 * f.expireSeconds(), 7 * 86_400));
        }
    }

    private OptionalLong expireSeconds() {
        long now = System.nanoTime();
        if (expireSeconds < 0 || now - readAtNanos > REREAD_NANOS) {
            try {
                Long v = pools.source().dsl().fetchOne(BinlogStatements.selectRetention()).value1();
                expireSeconds = v == null ? 0 : v;
                readAtNanos = now;
            } catch (RuntimeException e) {
                log.debug("binlog_expire_logs_seconds unreadable: {}", e.getMessage());
                return expireSeconds < 0 ? OptionalLong.empty() : OptionalLong.of(expireSeconds);
            }
        }
        return OptionalLong.of(expireSeconds);
    }
}
