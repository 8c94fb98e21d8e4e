package io.tablemover.engine.step;

import java.util.concurrent.atomic.AtomicReference;

/**
 * An operator's request to stop the process (SIGTERM, SIGINT), as the run sees it. The CLI's signal handlers
 * {@link #request} it; the run polls {@link #requested()} where it can stop cleanly: before the RENAME it stops copy
 * and stream, records the state and exits 4 (resumable); from the RENAME on it keeps draining for
 * {@link #DRAIN_GRACE_MS} ms more. The run keeps {@link #situation} up to date, so that a forced stop (a second
 * signal) can still say where the run is and what the operator must do.
 */
public final class StopSignal {
    /** How long a drain goes on after a stop request before the run gives up, ms. */
    public static final long DRAIN_GRACE_MS = 30_000;

    private final AtomicReference<String> signal = new AtomicReference<>();
    private volatile long requestedAtNanos;
    private volatile String situation = "the run has not started; nothing was changed";

    /** @return a signal that is never requested (embedded runs, tests) */
    public static StopSignal none() {
        return new StopSignal();
    }

    /**
     * @param name e.g. {@code SIGTERM}
     * @return true for the first request, false if a stop was requested already
     */
    public boolean request(String name) {
        requestedAtNanos = System.nanoTime();
        return signal.compareAndSet(null, name);
    }

    /** @return true once a stop was requested */
    public boolean requested() {
        return signal.get() != null;
    }

    /** @return the signal that asked to stop, e.g. {@code SIGTERM}; null if none did */
    public String signal() {
        return signal.get();
    }

    /** @return {@link System#nanoTime()} of the last request */
    public long requestedAtNanos() {
        return requestedAtNanos;
    }

    /** @param text where the run is and what the operator must do if the process ends now, one line */
    public void situation(String text) {
        this.situation = text;
    }

    /** @return where the run is and what the operator must do if the process ends now */
    public String situation() {
        return situation;
    }
}
