package io.tablemover.engine.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tablemover.spi.throttle.ThrottleState;
import io.tablemover.spi.throttle.Throttler;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ThrottleGateTest {
    private final AtomicLong now = new AtomicLong();

    @Test
    void asksTheThrottlersAtMostOncePerInterval() {
        AtomicInteger checks = new AtomicInteger();
        AtomicBoolean throttled = new AtomicBoolean();
        Throttler t = () -> {
            checks.incrementAndGet();
            return throttled.get() ? ThrottleState.throttled("t", "busy") : ThrottleState.open("t");
        };
        ThrottleGate gate = new ThrottleGate(Map.of("t", t), Duration.ofMillis(100), now::get);
        assertFalse(gate.state().throttled());
        throttled.set(true);
        now.addAndGet(50_000_000);
        assertFalse(gate.state().throttled(), "cached within the interval");
        assertEquals(1, checks.get());
        now.addAndGet(50_000_000);
        assertEquals(ThrottleState.throttled("t", "busy"), gate.state());
        assertEquals(2, checks.get());
    }

    @Test
    void theFirstThrottledStateWinsAndBugsThrottle() {
        Map<String, Throttler> throttlers = new LinkedHashMap<>();
        throttlers.put("open", () -> ThrottleState.open("open"));
        throttlers.put("buggy", () -> {
            throw new IllegalStateException("bug");
        });
        throttlers.put("busy", () -> ThrottleState.throttled("busy", "load"));
        ThrottleState s = new ThrottleGate(throttlers, Duration.ofMillis(1), now::get).state();
        assertTrue(s.throttled());
        assertEquals("buggy", s.throttler());
        assertEquals("the throttler failed (a plugin bug): java.lang.IllegalStateException: bug", s.reason());
        Throttler nothing = () -> null;
        assertEquals("nothing", new ThrottleGate(Map.of("nothing", nothing), Duration.ofMillis(1), now::get).state()
                .throttler());
    }

    @Test
    void awaitOpenReturnsWhenTheThrottlerOpens() {
        AtomicInteger checks = new AtomicInteger();
        Throttler t = () -> checks.incrementAndGet() < 3 ? ThrottleState.throttled("t", "busy") : ThrottleState.open("t");
        ThrottleGate gate = new ThrottleGate(Map.of("t", t), Duration.ofMillis(5));
        assertTimeoutPreemptively(Duration.ofSeconds(5), gate::awaitOpen);
        assertEquals(3, checks.get());
    }

    @Test
    void closesItsThrottlers() {
        AtomicBoolean closed = new AtomicBoolean();
        Throttler t = new Throttler() {
            @Override
            public ThrottleState check() {
                return ThrottleState.open("t");
            }

            @Override
            public void close() {
                closed.set(true);
            }
        };
        new ThrottleGate(Map.of("t", t), Duration.ofMillis(1)).close();
        assertTrue(closed.get());
        assertFalse(ThrottleGate.none().throttled());
    }

    /** An engine throttler that can also stop the run (like critical-load). */
    private static final class Aborting implements Throttler, io.tablemover.engine.throttle.RunAborting {
        volatile String reason;

        @Override
        public ThrottleState check() {
            return reason == null ? ThrottleState.open("critical") : ThrottleState.throttled("critical", reason);
        }

        @Override
        public java.util.Optional<String> abortReason() {
            return java.util.Optional.ofNullable(reason);
        }
    }

    @Test
    void anAddedThrottlerIsAskedAtOnceAndCanStopTheRun() {
        ThrottleGate gate = new ThrottleGate(Map.of(), Duration.ofMillis(100), now::get);
        assertFalse(gate.state().throttled());
        Aborting a = new Aborting();
        gate.add("critical", a);
        gate.checkAbort();
        a.reason = "critical load: Threads_running=9 >= 5";
        assertEquals(ThrottleState.throttled("critical", a.reason), gate.state(), "asked before the interval passed");
        var e = org.junit.jupiter.api.Assertions.assertThrows(io.tablemover.engine.throttle.ThrottleAbortException.class,
                gate::checkAbort);
        assertEquals(a.reason, e.getMessage());
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> gate.add("critical", a));
    }
}
