package io.tablemover.engine.throttle;

import java.util.Optional;

/**
 * A throttler that can also ask the run to stop (today the {@code critical-load} rule of
 * {@link SourceLoadThrottler}). The run looks at {@link io.tablemover.engine.plugin.ThrottleGate#checkAbort()}
 * while it copies and while it waits for the cutover; after the RENAME it does not, so there an abort verdict
 * only throttles. Engine-internal, not part of the SPI.
 */
public interface RunAborting {
    /**
     * Must return at once (no I/O). Once present it stays present.
     *
     * @return why the run must stop, one line with the cause and the fix; empty while it may go on
     */
    Optional<String> abortReason();
}
