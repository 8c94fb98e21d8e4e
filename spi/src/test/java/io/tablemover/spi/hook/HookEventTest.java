package io.tablemover.spi.hook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class HookEventTest {
    static final RunInfo RUN = new RunInfo("run-1", new DatabaseEndpoint("src", 3306, "app"),
            new DatabaseEndpoint("dst", 3307, "app2"), List.of("t1", "t2"), List.of("_t1_del", "_t2_del"), "copy",
            RunProgress.NONE, Optional.empty());

    @Test
    void eventNamesAreTheDocumentedOnes() {
        assertEquals(List.of("startup", "validated", "before-row-copy", "row-copy-complete", "begin-postponed",
                        "before-cut-over", "success", "failure", "status", "interactive-command", "reverse-started",
                        "before-revert", "reverted", "completed"),
                Arrays.stream(HookEventType.values()).map(HookEventType::eventName).toList());
        assertEquals(Optional.of(HookEventType.BEFORE_CUT_OVER), HookEventType.ofEventName("before-cut-over"));
        assertEquals(Optional.empty(), HookEventType.ofEventName("BEFORE_CUT_OVER"));
    }

    @Test
    void onlyBeforeCutOverIsVetoable() {
        for (HookEventType t : HookEventType.values()) {
            assertEquals(t == HookEventType.BEFORE_CUT_OVER, t.vetoable(), t.eventName());
        }
    }

    @Test
    void aCommandGoesWithTheInteractiveCommandEventOnly() {
        assertEquals(Optional.of("throttle"), HookEvent.interactiveCommand(RUN, "throttle").command());
        assertEquals(Optional.empty(), HookEvent.of(HookEventType.STATUS, RUN).command());
        assertThrows(IllegalArgumentException.class, () -> HookEvent.of(HookEventType.INTERACTIVE_COMMAND, RUN));
        assertThrows(IllegalArgumentException.class,
                () -> new HookEvent(HookEventType.STATUS, RUN, Optional.of("x")));
    }

    @Test
    void runInfoCopiesListsAndChecksThem() {
        assertThrows(IllegalArgumentException.class, () -> new RunInfo("r", RUN.source(), RUN.target(),
                List.of("t1"), List.of(), "copy", RunProgress.NONE, Optional.empty()));
        assertThrows(IllegalArgumentException.class, () -> new RunInfo(" ", RUN.source(), RUN.target(),
                List.of("t1"), List.of("_t1_del"), "copy", RunProgress.NONE, Optional.empty()));
        RunInfo done = RUN.withPhase("done").withDrainGtidSet("uuid:1-5");
        assertEquals("done", done.phase());
        assertEquals(Optional.of("uuid:1-5"), done.drainGtidSet());
        assertFalse(RUN.drainGtidSet().isPresent());
        assertTrue(done.tables().equals(RUN.tables()));
    }

    @Test
    void progressRefusesNegativeValuesAndPercentagesOutOfRange() {
        assertThrows(IllegalArgumentException.class,
                () -> new RunProgress(-1, 0, 0, 0, OptionalLong.empty(), OptionalLong.empty()));
        assertThrows(IllegalArgumentException.class,
                () -> new RunProgress(0, 0, 100.5, 0, OptionalLong.empty(), OptionalLong.empty()));
        assertThrows(IllegalArgumentException.class,
                () -> new RunProgress(0, 0, Double.NaN, 0, OptionalLong.empty(), OptionalLong.empty()));
        assertThrows(IllegalArgumentException.class,
                () -> new RunProgress(0, 0, 1, 0, OptionalLong.of(-5), OptionalLong.empty()));
        assertThrows(IllegalArgumentException.class, () -> new DatabaseEndpoint("h", 0, "db"));
    }

    @Test
    void progressKeepsItsSpi11ConstructorAndCarriesTheLastVerification() throws Exception {
        RunProgress old = new RunProgress(5, 10, 50.0, 3, OptionalLong.empty(), OptionalLong.of(7));
        assertEquals(Optional.empty(), old.lastVerify());
        // the 1.1 constructor is still there with its exact signature, for plugins compiled against 1.1
        RunProgress.class.getConstructor(long.class, long.class, double.class, long.class, OptionalLong.class,
                OptionalLong.class);
        VerifyResult v = new VerifyResult(java.time.Instant.EPOCH, 2000, 3, 3, 0, 4, List.of("t 5", "t 9999"));
        RunProgress with = old.withLastVerify(v);
        assertEquals(Optional.of(v), with.lastVerify());
        assertEquals(old.rowsCopied(), with.rowsCopied());
        assertEquals(OptionalLong.of(7), with.binlogLagMillis());
        assertThrows(IllegalArgumentException.class,
                () -> new VerifyResult(java.time.Instant.EPOCH, 1, -1, 0, 0, 0, List.of()));
        assertThrows(NullPointerException.class, () -> new RunProgress(0, 0, 0, 0, OptionalLong.empty(),
                OptionalLong.empty(), null));
    }
}
