package io.tablemover.engine.cutover;

/**
 * The cutover failed. If {@link #renamed()} is true the source tables were already renamed and the
 * message carries the exact {@code RENAME TABLE} that undoes it (exit code 5); otherwise the source is
 * untouched (exit code 4).
 */
public class CutoverException extends RuntimeException {
    private final boolean renamed;

    public CutoverException(String message, boolean renamed, Throwable cause) {
        super(message, cause);
        this.renamed = renamed;
    }

    /** @return true if the source tables carry their {@code _<table>_del} names now */
    public boolean renamed() {
        return renamed;
    }
}
