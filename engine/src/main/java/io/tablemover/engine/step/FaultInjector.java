package io.tablemover.engine.step;

/**
 * Named places in a run where a crash test wants its {@code kill -9} to land: {@code validated}, {@code created},
 * {@code chunk-copied}, {@code waiting-cutover}, {@code cutover-intent}, {@code renamed}, {@code draining},
 * {@code drained}; with {@code --reverse-window} also {@code reversing}, {@code revert-intent}, {@code target-renamed},
 * {@code reverse-drained}, {@code source-renamed-back}. The run calls {@link #reach} at each; production binds {@link #NONE}, and only a test binds an
 * injector that acts (see {@link FaultInjectors#configured()}).
 */
@FunctionalInterface
public interface FaultInjector {
    /** Does nothing at every point: the production binding. */
    FaultInjector NONE = point -> { };

    /**
     * The run reached {@code point}; an injector may block here forever so that a test kills the process exactly
     * at this point.
     */
    void reach(String point);
}
