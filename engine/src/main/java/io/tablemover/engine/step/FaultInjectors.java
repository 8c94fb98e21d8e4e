package io.tablemover.engine.step;

/** Chooses the run's {@link FaultInjector}. */
public final class FaultInjectors {
    private FaultInjectors() {}

    /** @return the environment-driven injector when {@code TABLEMOVER_FAULT_POINT} is set, else {@link FaultInjector#NONE} */
    public static FaultInjector configured() {
        return System.getenv("TABLEMOVER_FAULT_POINT") == null ? FaultInjector.NONE : new EnvFaultInjector();
    }
}
