package io.tablemover.spi.throttle;

/**
 * Tells the engine whether to pause the row copy and the binlog apply.
 *
 * <p>Threading: the engine calls {@link #check()} serially (never concurrently), from one of its
 * threads, at most once per check interval (100 ms unless configured otherwise), and caches the
 * answer in between. {@code check()} must return at once (well under a millisecond): it must
 * not do I/O; a throttler that asks a remote system does so on its own (daemon) thread and returns
 * the latest answer here.
 *
 * @since 1.1
 */
public interface Throttler extends AutoCloseable {
    /**
     * @return the current verdict; never null
     * @throws RuntimeException only on a plugin bug; the engine then treats the throttler as
     *     throttling (fail safe) with the exception's message as the reason
     */
    ThrottleState check();

    /**
     * Stops the throttler's threads and releases its resources; called once when the run ends.
     * Default: nothing. Must not throw.
     */
    @Override
    default void close() {}
}
