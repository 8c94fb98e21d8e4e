package io.tablemover.engine.throttle;

import io.tablemover.spi.throttle.ThrottleState;
import io.tablemover.spi.throttle.Throttler;

/**
 * The built-in throttler behind the interactive {@code throttle} and {@code no-throttle} commands (gh-ost's
 * "throttled by user command"): the copy and the binlog apply pause from {@code throttle} until
 * {@code no-throttle}. Thread-safe: the command server toggles it while the throttle gate checks it.
 */
public final class UserCommandThrottler implements Throttler {
    /** The name shown in throttle states and status lines: {@code "throttled by user command: ..."}. */
    public static final String NAME = "user command";

    private volatile boolean throttled;

    /**
     * @param throttle true for the {@code throttle} command, false for {@code no-throttle}
     * @return whether it was throttled before
     */
    public boolean throttle(boolean throttle) {
        boolean was = throttled;
        throttled = throttle;
        return was;
    }

    /** @return true between {@code throttle} and {@code no-throttle} */
    public boolean throttled() {
        return throttled;
    }

    @Override
    public ThrottleState check() {
        return throttled ? ThrottleState.throttled(NAME, "send no-throttle to resume") : ThrottleState.open(NAME);
    }
}
