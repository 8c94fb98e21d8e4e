package io.tablemover.spi.hook;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * How far a run is, at the moment of an event. Immutable.
 *
 * @param rowsCopied rows copied so far, all tables, zero or more
 * @param rowsEstimated estimated rows to copy (from the source's statistics), zero or more; may be
 *     below {@code rowsCopied}
 * @param progressPercent copy progress in percent, 0.0..100.0
 * @param elapsedSeconds whole seconds since the run started, zero or more
 * @param etaSeconds estimated seconds until the copy is done; empty while unknown (no rate yet,
 *     or the copy is done)
 * @param binlogLagMillis how far the binlog apply is behind the source, in milliseconds; empty
 *     while the stream is not running
 * @param lastVerify the outcome of the run's last verification against the source (the verify phase, or a
 *     re-verification while the cutover waits); empty while none has ended in this process. Since 1.2
 * @since 1.1
 */
public record RunProgress(long rowsCopied, long rowsEstimated, double progressPercent, long elapsedSeconds,
                          OptionalLong etaSeconds, OptionalLong binlogLagMillis, Optional<VerifyResult> lastVerify) {
    /** Nothing done yet: zeros, ETA and lag unknown, no verification. */
    public static final RunProgress NONE = new RunProgress(0, 0, 0.0, 0, OptionalLong.empty(), OptionalLong.empty());

    /**
     * The SPI 1.1 shape, kept so that plugins compiled against it still link: no verification yet.
     *
     * @throws IllegalArgumentException as the canonical constructor
     */
    public RunProgress(long rowsCopied, long rowsEstimated, double progressPercent, long elapsedSeconds,
                       OptionalLong etaSeconds, OptionalLong binlogLagMillis) {
        this(rowsCopied, rowsEstimated, progressPercent, elapsedSeconds, etaSeconds, binlogLagMillis, Optional.empty());
    }

    /**
     * @param verify the last verification's outcome
     * @return this progress with {@link #lastVerify()} set to {@code verify}
     * @since 1.2
     */
    public RunProgress withLastVerify(VerifyResult verify) {
        return new RunProgress(rowsCopied, rowsEstimated, progressPercent, elapsedSeconds, etaSeconds, binlogLagMillis,
                Optional.of(verify));
    }

    /**
     * @throws IllegalArgumentException if a count or duration is negative, or the percentage is
     *     outside 0..100 or NaN
     * @throws NullPointerException if an optional is null
     */
    public RunProgress {
        Objects.requireNonNull(etaSeconds, "etaSeconds");
        Objects.requireNonNull(binlogLagMillis, "binlogLagMillis");
        Objects.requireNonNull(lastVerify, "lastVerify");
        if (rowsCopied < 0 || rowsEstimated < 0 || elapsedSeconds < 0
                || etaSeconds.orElse(0) < 0 || binlogLagMillis.orElse(0) < 0) {
            throw new IllegalArgumentException("counts and durations must be >= 0: " + toText(rowsCopied, rowsEstimated,
                    elapsedSeconds, etaSeconds, binlogLagMillis));
        }
        if (!(progressPercent >= 0.0 && progressPercent <= 100.0)) {
            throw new IllegalArgumentException("progressPercent must be 0..100, got " + progressPercent);
        }
    }

    private static String toText(long copied, long estimated, long elapsed, OptionalLong eta, OptionalLong lag) {
        return "rowsCopied=" + copied + " rowsEstimated=" + estimated + " elapsedSeconds=" + elapsed
                + " etaSeconds=" + eta + " binlogLagMillis=" + lag;
    }
}
