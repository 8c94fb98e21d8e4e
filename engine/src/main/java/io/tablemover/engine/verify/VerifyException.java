package io.tablemover.engine.verify;

import io.tablemover.engine.error.ExitCode;
import io.tablemover.engine.error.Fixes;
import io.tablemover.engine.error.MoveException;

/**
 * A difference between a target and the source persisted after its repair (exit code 4). The verify phase runs
 * before the RENAME, so the source is untouched and the run resumable.
 */
public class VerifyException extends MoveException {
    private static final long serialVersionUID = 1L;

    /** @param message one line: the table, the keys that still differ and the likely cause */
    public VerifyException(String message) {
        super(ExitCode.RUNTIME_FAILURE, message, Fixes.RESUME_OR_CANCEL, null);
    }
}
