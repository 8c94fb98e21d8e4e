package io.tablemover.spi.hook;

/**
 * Called at the points of a run's life cycle (see {@link HookEventType}).
 *
 * <p>Threading: the engine calls {@link #handle} synchronously and serially: never twice at the
 * same time on one hook, but not always from the same thread (status events come from the
 * status thread). The run waits while a hook runs, so a hook should return within seconds and
 * enforce its own timeout.
 *
 * @since 1.1
 */
public interface Hook extends AutoCloseable {
    /**
     * Reacts to one event.
     *
     * @param event the event and the run's state
     * @throws HookException the hook failed; with {@link HookException#veto()} at
     *     {@code before-cut-over} the cutover is aborted, otherwise the engine logs and records
     *     the failure and goes on. Any unchecked exception is treated as a plugin bug: logged,
     *     and at {@code before-cut-over} it aborts the cutover too (fail safe).
     */
    void handle(HookEvent event) throws HookException;

    /**
     * Releases what the hook holds; called once when the run ends, after the last event. Default:
     * nothing. Must not throw.
     */
    @Override
    default void close() {}
}
