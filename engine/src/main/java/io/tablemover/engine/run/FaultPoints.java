package io.tablemover.engine.run;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Test-only fault points: named places in a run where a crash test wants its {@code kill -9} to land.
 * When the environment variable {@code TABLEMOVER_FAULT_POINT} names a point (optionally
 * {@code name:N} for its N-th pass), reaching it prints {@code FAULT POINT <name> REACHED} on stderr and
 * blocks forever, so the test kills the process exactly there. Without the variable a fault point does
 * nothing.
 *
 * <p>Points: {@code validated}, {@code created}, {@code chunk-copied}, {@code waiting-cutover},
 * {@code cutover-intent}, {@code renamed}, {@code draining}, {@code drained}.
 */
public final class FaultPoints {
    private static final String SPEC = System.getenv("TABLEMOVER_FAULT_POINT");
    private static final AtomicInteger PASSES = new AtomicInteger();

    private FaultPoints() {}

    /** Blocks forever if {@code TABLEMOVER_FAULT_POINT} names this point (and pass). */
    public static void reach(String point) {
        if (SPEC == null) {
            return;
        }
        String[] spec = SPEC.split(":");
        if (!spec[0].equals(point)) {
            return;
        }
        int wanted = spec.length > 1 ? Integer.parseInt(spec[1]) : 1;
        if (PASSES.incrementAndGet() != wanted) {
            return;
        }
        System.err.println("FAULT POINT " + point + " REACHED");
        System.err.flush();
        while (true) {
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                // keep blocking: only a kill ends this
            }
        }
    }
}
