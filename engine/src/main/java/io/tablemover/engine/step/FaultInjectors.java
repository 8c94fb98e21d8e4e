package io.tablemover.engine.step;

import io.tablemover.engine.error.ExitCode;
import io.tablemover.engine.error.MoveException;

/**
 * Chooses the run's {@link FaultInjector}. Production binds {@link FaultInjector#NONE}; only a test binds another,
 * by naming its class in the system property {@value #PROPERTY} (e.g. {@code JAVA_OPTS=-Dtablemover.fault-injector=...}
 * for {@code bin/tablemover}). Nothing here reads the environment.
 */
public final class FaultInjectors {
    /** The system property that names a {@link FaultInjector} class (public, with a public no-arg constructor). */
    public static final String PROPERTY = "tablemover.fault-injector";

    private FaultInjectors() {}

    /**
     * @return a new instance of the class named by {@value #PROPERTY}, or {@link FaultInjector#NONE} when the
     *     property is unset or blank
     * @throws MoveException ({@link ExitCode#INVALID_INPUT}) if that class cannot be loaded or instantiated
     */
    public static FaultInjector configured() {
        return load(System.getProperty(PROPERTY));
    }

    /**
     * @param className a {@link FaultInjector} implementation, or null / blank for none
     * @return a new instance of {@code className}, or {@link FaultInjector#NONE}
     * @throws MoveException ({@link ExitCode#INVALID_INPUT}) if the class cannot be loaded, is no
     *     {@link FaultInjector}, or has no public no-arg constructor
     */
    static FaultInjector load(String className) {
        if (className == null || className.isBlank()) {
            return FaultInjector.NONE;
        }
        String name = className.strip();
        try {
            Class<?> type = Class.forName(name, true, FaultInjectors.class.getClassLoader());
            if (!FaultInjector.class.isAssignableFrom(type)) {
                throw new ClassCastException(name + " does not implement " + FaultInjector.class.getName());
            }
            return (FaultInjector) type.getConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError | ClassCastException e) {
            Throwable cause = e instanceof java.lang.reflect.InvocationTargetException ite && ite.getCause() != null
                    ? ite.getCause() : e;
            throw new MoveException(ExitCode.INVALID_INPUT, "cannot load the fault injector '" + name
                    + "' named by -D" + PROPERTY + " (" + cause.getClass().getSimpleName() + ": "
                    + cause.getMessage() + ");", "remove the property or put the class on the class path", e);
        }
    }
}
