package io.tablemover.engine.cutover;

import io.tablemover.engine.error.ExitCode;
import io.tablemover.engine.error.MoveException;

/**
 * The cutover failed. If {@link #renamed()} is true the source tables were already renamed and the
 * message carries the exact {@code RENAME TABLE} that undoes it (exit code 5); otherwise the source is
 * untouched (exit code 4).
 */
public class CutoverException extends MoveException {
    private static final long serialVersionUID = 1L;

    private final boolean renamed;

    public CutoverException(String message, boolean renamed, Throwable cause) {
        super(renamed ? ExitCode.CUTOVER_FAILURE : ExitCode.RUNTIME_FAILURE, message, null, cause);
        this.renamed = renamed;
    }

    /** @return true if the source tables carry their {@code _<table>_del} names now */
    public boolean renamed() {
        return renamed;
    }
}
