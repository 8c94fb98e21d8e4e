package io.tablemover.testing;

import io.tablemover.engine.step.FaultInjector;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The crash tests' injector: when the environment variable {@code TABLEMOVER_FAULT_POINT} names a point (optionally
 * {@code name:N} for its N-th pass), reaching it prints {@code FAULT POINT <name> REACHED} on stderr and blocks
 * forever, so the test kills the process exactly there; with {@code TABLEMOVER_FAULT_PAUSE_MS} set it only pauses
 * that long and the run goes on (so that a test can send a signal exactly there). Production never picks it: a test binds it with
 * {@code -Dtablemover.fault-injector=<this class>} (see {@link io.tablemover.engine.step.FaultInjectors#configured()}).
 */
public final class EnvFaultInjector implements FaultInjector {
    private final String spec;
    private final long pauseMs;
    private final AtomicInteger passes = new AtomicInteger();

    /** Reads {@code TABLEMOVER_FAULT_POINT} and {@code TABLEMOVER_FAULT_PAUSE_MS}. */
    public EnvFaultInjector() {
        this(System.getenv("TABLEMOVER_FAULT_POINT"), System.getenv("TABLEMOVER_FAULT_PAUSE_MS"));
    }

    /** @param spec a point name, {@code name:N}, or null for none */
    EnvFaultInjector(String spec) {
        this(spec, null);
    }

    /**
     * @param spec a point name, {@code name:N}, or null for none
     * @param pauseMs how long to pause at the point (ms), or null to block forever
     */
    EnvFaultInjector(String spec, String pauseMs) {
        this.spec = spec;
        this.pauseMs = pauseMs == null ? -1 : Long.parseLong(pauseMs);
    }

    @Override
    public void reach(String point) {
        if (spec == null) {
            return;
        }
        String[] parts = spec.split(":");
        if (!parts[0].equals(point)) {
            return;
        }
        int wanted = parts.length > 1 ? Integer.parseInt(parts[1]) : 1;
        if (passes.incrementAndGet() != wanted) {
            return;
        }
        System.err.println("FAULT POINT " + point + " REACHED");
        System.err.flush();
        if (pauseMs >= 0) {
            try {
                Thread.sleep(pauseMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return;
        }
        while (true) {
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                // keep blocking: only a kill ends this
            }
        }
    }
}
