package io.tablemover.engine.state;

import io.tablemover.engine.error.ExitCode;
import io.tablemover.engine.error.MoveException;

/**
 * The run state cannot be used as it is (newer schema, failed migration, a run that does not match,
 * a run held by another process). The message is one line with the fix. Exit code 4.
 */
public class StateException extends MoveException {
    private static final long serialVersionUID = 1L;

    /** @param message one line: what is wrong with the stored run and the fix */
    public StateException(String message) {
        super(ExitCode.RUNTIME_FAILURE, message, null, null);
    }
}
