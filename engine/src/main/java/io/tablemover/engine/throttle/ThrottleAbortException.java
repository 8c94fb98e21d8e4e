package io.tablemover.engine.throttle;

import io.tablemover.engine.run.RunFailedException;

/**
 * A throttler stopped the run before its RENAME (e.g. {@code --critical-load} was reached): the source tables are
 * untouched and running the same command again resumes the run (exit code 4). The message is one line with the
 * cause and the fix.
 */
public final class ThrottleAbortException extends RunFailedException {
    /** @param message one line: the cause and the fix */
    public ThrottleAbortException(String message) {
        super(message, null);
    }
}
