package io.tablemover.engine.step;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tablemover.engine.error.ExitCode;
import io.tablemover.engine.error.MoveException;
import org.junit.jupiter.api.Test;

class FaultInjectorsTest {
    /** A loadable injector: public, public no-arg constructor. */
    public static final class Recording implements FaultInjector {
        /** Needed by reflection. */
        public Recording() {}

        @Override
        public void reach(String point) {}
    }

    /** Not an injector. */
    public static final class NotAnInjector {
        /** Needed by reflection. */
        public NotAnInjector() {}
    }

    @Test
    void withoutTheClassNameNothingActs() {
        assertSame(FaultInjector.NONE, FaultInjectors.load(null));
        assertSame(FaultInjector.NONE, FaultInjectors.load(" "));
    }

    @Test
    void productionBindsNoneWhenThePropertyIsUnset() {
        assertEquals(null, System.getProperty(FaultInjectors.PROPERTY), "the test JVM must not set the property");
        assertSame(FaultInjector.NONE, FaultInjectors.configured());
    }

    @Test
    void theNamedClassIsInstantiatedPerCall() {
        FaultInjector a = FaultInjectors.load(Recording.class.getName());
        assertInstanceOf(Recording.class, a);
        assertNotSame(a, FaultInjectors.load(Recording.class.getName()));
    }

    @Test
    void anUnloadableClassIsInvalidInputInOneLine() {
        MoveException missing = assertThrows(MoveException.class, () -> FaultInjectors.load("com.example.Nope"));
        assertEquals(ExitCode.INVALID_INPUT, missing.exitCode());
        assertTrue(missing.getMessage().startsWith("cannot load the fault injector 'com.example.Nope' named by"
                + " -Dtablemover.fault-injector (ClassNotFoundException"), missing.getMessage());
        assertTrue(!missing.getMessage().contains("\n"), missing.getMessage());

        MoveException wrongType = assertThrows(MoveException.class,
                () -> FaultInjectors.load(NotAnInjector.class.getName()));
        assertTrue(wrongType.getMessage().contains("does not implement " + FaultInjector.class.getName()),
                wrongType.getMessage());
    }
}
