package io.tablemover.engine.reverse;

import io.tablemover.engine.step.FaultInjector;
import io.tablemover.engine.step.FaultInjectors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An in-JVM stand-in for a kill at a fault point: the first run to reach the point named by {@link #failAt} fails there
 * (an exception, so the run stops and leaves the run state as a kill would); later passes go on.
 */
public final class FailingFaultInjector implements FaultInjector {
    private static volatile String point;
    private static final AtomicBoolean FAILED = new AtomicBoolean();

    static void failAt(String name) {
        point = name;
        FAILED.set(false);
        System.setProperty(FaultInjectors.PROPERTY, FailingFaultInjector.class.getName());
    }

    static boolean failed() {
        return FAILED.get();
    }

    static void clear() {
        point = null;
        System.clearProperty(FaultInjectors.PROPERTY);
    }

    @Override
    public void reach(String at) {
        if (at.equals(point) && FAILED.compareAndSet(false, true)) {
            throw new IllegalStateException("fault injected at " + at);
        }
    }
}
