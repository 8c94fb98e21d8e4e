package io.tablemover.engine.step;

import io.tablemover.engine.state.Phase;

/**
 * One phase of a move (the shape of Vitess's {@code vreplicator}: read the saved progress, pick the step for the
 * stored phase, run it). A step reads and writes the run through its {@link RunContext}, records its own end in
 * the run state before it returns, and is idempotent: a run killed inside a step runs the same step again on
 * resume. Each step lives in its phase's package and is bound to its {@link Phase} in one line of
 * {@code run.StepsModule}.
 */
public interface Step {
    /** @return the stored phase this step carries out */
    Phase phase();

    /**
     * Carries out the phase.
     *
     * @return the phase to run next; {@link Phase#DONE} ends the run
     * @throws io.tablemover.engine.error.MoveException for every failure the operator can act on (with its exit code)
     * @throws InterruptedException if the run's thread is interrupted
     */
    Phase run(RunContext ctx) throws InterruptedException;
}
