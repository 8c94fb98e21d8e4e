package io.tablemover.engine.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tablemover.spi.hook.DatabaseEndpoint;
import io.tablemover.spi.hook.Hook;
import io.tablemover.spi.hook.HookEvent;
import io.tablemover.spi.hook.HookEventType;
import io.tablemover.spi.hook.HookException;
import io.tablemover.spi.hook.RunInfo;
import io.tablemover.spi.hook.RunProgress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HookDispatcherTest {
    private static final RunInfo RUN = new RunInfo("r", new DatabaseEndpoint("a", 1, "d"), new DatabaseEndpoint("b", 2, "d"),
            List.of("t"), List.of("_t_del"), "copy", RunProgress.NONE, Optional.empty());

    private final List<String> calls = new ArrayList<>();

    private Hook recording(String name) {
        return e -> calls.add(name + ":" + e.type());
    }

    private Hook failing(String name, boolean veto) {
        return e -> {
            calls.add(name + ":" + e.type());
            throw new HookException(name + " says no", veto);
        };
    }

    private HookDispatcher dispatcher(Object... nameAndHook) {
        Map<String, Hook> hooks = new LinkedHashMap<>();
        for (int i = 0; i < nameAndHook.length; i += 2) {
            hooks.put((String) nameAndHook[i], (Hook) nameAndHook[i + 1]);
        }
        return new HookDispatcher(hooks);
    }

    /** @return the failures of {@code outcomes} as the run reports them, {@code "<event>: <hook>: <message>"}, in order */
    private static List<String> failures(HookOutcome... outcomes) {
        List<String> lines = new ArrayList<>();
        for (HookOutcome o : outcomes) {
            o.failures().forEach(f -> lines.add(o.event() + ": " + f));
        }
        return lines;
    }

    @Test
    void callsEveryHookInOrder() {
        HookOutcome o = dispatcher("a", recording("a"), "b", recording("b")).fire(HookEvent.of(HookEventType.STARTUP, RUN));
        assertTrue(o.ok());
        assertFalse(o.vetoed());
        assertEquals(List.of("a:startup", "b:startup"), calls);
    }

    @Test
    void aVetoAtBeforeCutOverStopsTheRun() {
        HookDispatcher d = dispatcher("a", failing("a", true), "b", recording("b"));
        HookOutcome o = d.fire(HookEvent.of(HookEventType.BEFORE_CUT_OVER, RUN));
        assertTrue(o.vetoed());
        assertEquals(List.of("a: a says no"), o.failures());
        assertEquals(List.of("a:before-cut-over"), calls, "hooks after a veto are skipped");
        assertEquals(List.of("before-cut-over: a: a says no"), failures(o));
    }

    @Test
    void aNonVetoFailureAtBeforeCutOverIsRecordedOnly() {
        HookOutcome o = dispatcher("a", failing("a", false), "b", recording("b"))
                .fire(HookEvent.of(HookEventType.BEFORE_CUT_OVER, RUN));
        assertFalse(o.vetoed());
        assertEquals(1, o.failures().size());
        assertEquals(List.of("a:before-cut-over", "b:before-cut-over"), calls);
    }

    @Test
    void vetoesAtOtherEventsAreRecordedOnly() {
        HookDispatcher d = dispatcher("a", failing("a", true), "b", recording("b"));
        HookOutcome o = d.fire(HookEvent.of(HookEventType.STATUS, RUN));
        assertFalse(o.vetoed());
        assertEquals(List.of("a:status", "b:status"), calls);
        assertEquals(List.of("status: a: a says no"), failures(o));
    }

    @Test
    void aHookBugVetoesTheCutoverAndIsRecordedElsewhere() {
        Hook buggy = e -> {
            throw new IllegalStateException("bug");
        };
        HookDispatcher d = dispatcher("buggy", buggy);
        HookOutcome success = d.fire(HookEvent.of(HookEventType.SUCCESS, RUN));
        assertFalse(success.vetoed());
        HookOutcome o = d.fire(HookEvent.of(HookEventType.BEFORE_CUT_OVER, RUN));
        assertTrue(o.vetoed());
        assertEquals(List.of("buggy: unexpected java.lang.IllegalStateException: bug"), o.failures());
        assertEquals(2, failures(success, o).size());
    }

    @Test
    void noHooksAlwaysSucceeds() {
        assertTrue(HookDispatcher.none().fire(HookEvent.of(HookEventType.BEFORE_CUT_OVER, RUN)).ok());
    }
}
