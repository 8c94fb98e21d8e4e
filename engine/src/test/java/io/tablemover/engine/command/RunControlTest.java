package io.tablemover.engine.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tablemover.engine.state.Phase;
import io.tablemover.engine.throttle.UserCommandThrottler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunControlTest {
    private final RunControl control = new RunControl(new UserCommandThrottler());

    @TempDir
    Path temp;

    @Test
    void throttleAndNoThrottleToggleTheUserCommandThrottler() {
        assertFalse(control.throttler().check().throttled());
        assertTrue(control.handle("throttle").startsWith("throttled by user command"));
        assertEquals("throttled by user command: send no-throttle to resume", control.throttler().check().toString());
        assertTrue(control.handle("sup").contains("throttled by user command"), control.handle("sup"));
        assertTrue(control.handle("no-throttle").startsWith("no longer throttled"));
        assertFalse(control.throttler().check().throttled());
    }

    @Test
    void statusUsesTheRunsLinesOnceAttached() {
        assertEquals("validate | no progress yet", control.handle("status"));
        control.phase(Phase.COPY);
        assertEquals("{\"phase\":\"copy\"}", control.handle("status json")); // before the run attached its document
        control.status(() -> "copy 45% | t 45/100 45%", () -> "copy 45% | 45/100 rows");
        control.statusJson(() -> "{\"run\":\"abc\"}");
        assertEquals("{\"run\":\"abc\"}", control.handle("status json"));
        assertEquals("copy 45% | t 45/100 45%", control.handle("status"));
        assertEquals("copy 45% | 45/100 rows", control.handle("sup"));
        assertTrue(control.handle("help").contains("  panic: abort the run before the RENAME"), control.handle("help"));
        assertTrue(control.handle("bogus").startsWith("error: unknown command 'bogus'; commands: help, status"));
    }

    @Test
    void panicIsHonouredBeforeTheCutoverAndRefusedFromItOn() {
        control.phase(Phase.COPY);
        assertFalse(control.panicked(false));
        assertTrue(control.handle("panic").startsWith("panic: the run stops before the RENAME"));
        assertTrue(control.panicked(false));
        assertTrue(control.panicked(true), "still honoured at the last chance");

        RunControl late = new RunControl(new UserCommandThrottler());
        late.phase(Phase.WAIT_CUTOVER);
        assertFalse(late.panicked(true)); // the run passed its point of no return
        assertTrue(late.handle("panic").startsWith("error: panic refused: the cutover"), late.handle("panic"));
        assertFalse(late.panicked(false));

        RunControl draining = new RunControl(new UserCommandThrottler());
        draining.phase(Phase.DRAIN);
        assertTrue(draining.handle("panic").startsWith("error: panic refused"));
    }

    @Test
    void unpostponeRemovesTheFlagFile() throws Exception {
        assertTrue(control.handle("unpostpone").startsWith("error: unpostpone: the run has no --postpone-cutover-flag-file"));
        Path flag = Files.createFile(temp.resolve("postpone"));
        List<String> announced = new ArrayList<>();
        control.attach(Optional.of(flag), announced::add);
        control.phase(Phase.WAIT_CUTOVER);
        assertTrue(control.handle("status").contains("cutover postponed by " + flag), control.handle("status"));
        assertTrue(control.handle("unpostpone").startsWith("unpostponed: removed " + flag));
        assertFalse(Files.exists(flag));
        assertEquals("the cutover is not postponed: " + flag + " does not exist", control.handle("unpostpone"));
        control.announce(" unpostpone ");
        assertEquals(List.of("unpostpone"), announced);
    }

    @Test
    void chunkSizeChangesTheRunningCopy() {
        assertEquals("error: chunk-size: the row copy is not running (phase validate); nothing to change",
                control.handle("chunk-size=10"));
        AtomicInteger size = new AtomicInteger(1000);
        control.chunkSize(size::get, size::set);
        assertEquals("chunk-size=1000", control.handle("chunk-size=?"));
        assertEquals("chunk-size changed from 1000 to 250 rows (from the next chunk on)", control.handle("chunk-size=250"));
        assertEquals(250, size.get());
        assertTrue(control.handle("chunk-size=0").startsWith("error: chunk-size must be a number of rows"));
    }

    @Test
    void revertAndCompleteAreTakenInPhaseReverseOnly() {
        control.phase(Phase.DRAIN);
        assertTrue(control.handle("revert").startsWith("error: revert: only a run in phase reverse"), control.handle("revert"));
        assertEquals(null, control.takeReverseRequest());
        control.phase(Phase.REVERSE);
        assertTrue(control.handle("revert").startsWith("revert requested"));
        assertEquals("revert already requested: it starts within a second", control.handle("complete"));
        assertEquals(CommandType.REVERT, control.takeReverseRequest());
        assertEquals(null, control.takeReverseRequest());
        assertTrue(control.handle("complete").startsWith("complete requested"));
        assertEquals(CommandType.COMPLETE, control.takeReverseRequest());
    }
}
