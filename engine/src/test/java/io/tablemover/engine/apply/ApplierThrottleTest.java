package io.tablemover.engine.apply;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tablemover.engine.plugin.ThrottleGate;
import io.tablemover.spi.throttle.ThrottleState;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The applier waits while throttled, without blocking the cutover's pause nor its own close. */
class ApplierThrottleTest {
    private static final String UUID = "3e11fa47-71ca-11e1-9e33-c80aa9429562";

    @Test
    void aThrottledApplierTakesNoBatchButPausesAndClosesAtOnce() throws Exception {
        AtomicBoolean throttled = new AtomicBoolean(true);
        ThrottleGate gate = new ThrottleGate(Map.of("test", () -> throttled.get()
                ? ThrottleState.throttled("test", "busy") : ThrottleState.open("test")), Duration.ofMillis(1));
        ChangeBuffer buffer = new ChangeBuffer(100);
        // no keys change, so the applier never needs a RowTransfer
        try (Applier applier = new Applier(buffer, null, new io.tablemover.engine.transfer.AppliedKeys(), UUID + ":1-5", gate)) {
            buffer.transactionCommitted(UUID + ":6", System.currentTimeMillis());
            Thread.sleep(200);
            assertFalse(applier.hasApplied(UUID + ":1-6"), "nothing applied while throttled");

            // the cutover's pause does not wait for the throttle
            assertTimeoutPreemptively(Duration.ofMillis(500), applier::pause);
            applier.resume(Map.of());

            throttled.set(false);
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (!applier.hasApplied(UUID + ":1-6") && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertTrue(applier.hasApplied(UUID + ":1-6"), "applied once open");
            throttled.set(true);
            Thread.sleep(50);
        }
        // closing a throttled applier returned at once (close() joins its thread for up to 5 s)
    }

    @Test
    void closingAThrottledApplierIsPrompt() {
        ThrottleGate gate = new ThrottleGate(Map.of("test", () -> ThrottleState.throttled("test", "busy")),
                Duration.ofMillis(1));
        Applier applier = new Applier(new ChangeBuffer(100), null, new io.tablemover.engine.transfer.AppliedKeys(), UUID + ":1-5", gate);
        assertTimeoutPreemptively(Duration.ofMillis(1_000), applier::close);
    }
}
