package io.tablemover.engine.throttle;

import io.tablemover.engine.error.ExitCode;
import io.tablemover.engine.error.MoveException;

/**
 * A throttler stopped the run before its RENAME (e.g. {@code --critical-load} was reached): the source tables are
 * untouched and running the same command again resumes the run (exit code 4). The message is one line with the
 * cause and the fix.
 */
public final class ThrottleAbortException extends MoveException {
    private static final long serialVersionUID = 1L;

    /** @param message one line: the cause and the fix */
    public ThrottleAbortException(String message) {
        super(ExitCode.RUNTIME_FAILURE, message, null, null);
    }
}
