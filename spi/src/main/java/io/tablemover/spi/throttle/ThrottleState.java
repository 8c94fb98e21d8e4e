package io.tablemover.spi.throttle;

import java.util.Objects;

/**
 * A throttler's verdict. Immutable.
 *
 * @param throttled true if copy and apply should pause
 * @param throttler who decided: the throttler's name, e.g. {@code "http"}; shown to the operator
 * @param reason why, one line, e.g. {@code "HTTP 429: Threshold exceeded (value 2.5, threshold 1)"};
 *     empty when not throttled
 * @since 1.1
 */
public record ThrottleState(boolean throttled, String throttler, String reason) {
    /**
     * @throws NullPointerException if a text is null
     * @throws IllegalArgumentException if throttled without a reason
     */
    public ThrottleState {
        Objects.requireNonNull(throttler, "throttler");
        Objects.requireNonNull(reason, "reason");
        if (throttled && reason.isBlank()) {
            throw new IllegalArgumentException("a throttled state needs a reason");
        }
    }

    /**
     * @param throttler the throttler's name
     * @return not throttled, no reason
     */
    public static ThrottleState open(String throttler) {
        return new ThrottleState(false, throttler, "");
    }

    /**
     * @param throttler the throttler's name
     * @param reason why, one line, non-blank
     * @return throttled
     */
    public static ThrottleState throttled(String throttler, String reason) {
        return new ThrottleState(true, throttler, reason);
    }

    /** @return {@code "throttled by <throttler>: <reason>"} or {@code "not throttled (<throttler>)"} */
    @Override
    public String toString() {
        return throttled ? "throttled by " + throttler + ": " + reason : "not throttled (" + throttler + ")";
    }
}
