package io.tablemover.spi.hook;

/**
 * A hook failed. The message is one line for the operator: which hook, what happened (e.g.
 * {@code "tablemover-on-before-cut-over-check exited with 3: replica lag too high"}).
 *
 * <p>{@link #veto()} says whether the hook asks the engine not to go on. The engine honours a veto
 * only for a {@link HookEventType#vetoable() vetoable} event ({@code before-cut-over}: the cutover
 * is aborted before the source is touched); for every other event, and for a non-veto failure, it
 * logs and records the failure and goes on.
 *
 * @since 1.1
 */
public final class HookException extends Exception {
    private static final long serialVersionUID = 1L;

    private final boolean veto;

    /**
     * @param message one line naming the hook and what went wrong
     * @param veto true to ask the engine to stop (only honoured for vetoable events)
     */
    public HookException(String message, boolean veto) {
        super(message);
        this.veto = veto;
    }

    /**
     * @param message one line naming the hook and what went wrong
     * @param veto true to ask the engine to stop (only honoured for vetoable events)
     * @param cause the underlying error, e.g. an {@link java.io.IOException}
     */
    public HookException(String message, boolean veto, Throwable cause) {
        super(message, cause);
        this.veto = veto;
    }

    /** @return true if the hook asks the engine not to go on */
    public boolean veto() {
        return veto;
    }
}
