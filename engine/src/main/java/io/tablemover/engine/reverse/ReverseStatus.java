package io.tablemover.engine.reverse;

import io.tablemover.engine.step.RunContext;
import io.tablemover.engine.step.StatusLine;
import java.time.LocalDateTime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The status line of the reverse phases, e.g.
 * {@code reverse | reverse lag 12 ms, 3400 keys applied to the source | window ends 2026-11-29T15:00 UTC}: logged every
 * {@code --status-interval-seconds} (on the logger of {@link StatusLine}) and answered to the interactive
 * {@code status} and {@code sup}.
 */
final class ReverseStatus {
    private static final Logger status = LoggerFactory.getLogger(StatusLine.class);

    private ReverseStatus() {}

    static String line(ReverseStreams streams, LocalDateTime until) {
        return "reverse | reverse lag " + streams.lagMs() + " ms, " + streams.keysApplied()
                + " keys applied to the source | window ends " + until + " UTC";
    }

    /** Makes the interactive {@code status} and {@code sup} answer with the reverse status line. */
    static void attach(RunContext ctx, ReverseStreams streams, LocalDateTime until) {
        ctx.plugins().control().status(() -> line(streams, until), () -> line(streams, until));
    }

    static void log(ReverseStreams streams, LocalDateTime until) {
        status.info(line(streams, until));
    }
}
