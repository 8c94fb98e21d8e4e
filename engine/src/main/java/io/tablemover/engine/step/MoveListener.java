package io.tablemover.engine.step;

import io.tablemover.engine.state.Phase;

/** Observes a run (tests, the demo). Called on the run's thread; must return quickly. */
public interface MoveListener {
    /** The run entered {@code phase}. */
    default void phase(Phase phase) {}

    /** A listener that does nothing. */
    MoveListener NONE = new MoveListener() {};
}
