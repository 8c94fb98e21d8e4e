package io.tablemover.engine.config;

import io.tablemover.engine.error.ExitCode;
import io.tablemover.engine.error.MoveException;

/**
 * A user mistake in the command line or config file (exit code 2). The message is one line that names
 * the option and says how to fix it; it is printed without a stack trace.
 */
public class InvalidInputException extends MoveException {
    private static final long serialVersionUID = 1L;

    /** @param message one line naming the option or setting and the fix */
    public InvalidInputException(String message) {
        super(ExitCode.INVALID_INPUT, message, null, null);
    }
}
