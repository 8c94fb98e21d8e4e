package io.tablemover.engine.verify;

import io.tablemover.engine.error.ExitCode;
import io.tablemover.engine.error.Fixes;
import io.tablemover.engine.error.MoveException;
import io.tablemover.engine.step.VerifySummary;

/**
 * A difference between a target and the source persisted after its repair (exit code 4). The verify phase runs
 * before the RENAME, so the source is untouched and the run resumable.
 */
public class VerifyException extends MoveException {
    private static final long serialVersionUID = 1L;

    private final transient VerifySummary.Figures figures;

    /** @param message one line: the table, the keys that still differ and the likely cause */
    public VerifyException(String message) {
        this(message, null);
    }

    /**
     * @param message one line: the table, the keys that still differ and the likely cause
     * @param figures what the verification found up to the difference that persisted; null if unknown
     */
    public VerifyException(String message, VerifySummary.Figures figures) {
        super(ExitCode.RUNTIME_FAILURE, message, Fixes.RESUME_OR_CANCEL, null);
        this.figures = figures;
    }

    /** @return what the verification found up to the difference that persisted; null if unknown */
    public VerifySummary.Figures figures() {
        return figures;
    }
}
