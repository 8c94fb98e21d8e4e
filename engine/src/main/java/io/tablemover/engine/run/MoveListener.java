package io.tablemover.engine.run;

/** Observes a run (tests, the demo). Called on the run's thread; must return quickly. */
public interface MoveListener {
    /** The run entered {@code phase}. */
    default void phase(Phase phase) {}

    /** A listener that does nothing. */
    MoveListener NONE = new MoveListener() {};
}
