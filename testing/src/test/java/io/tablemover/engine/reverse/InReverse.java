package io.tablemover.engine.reverse;

import io.tablemover.engine.state.Phase;
import io.tablemover.engine.step.MoveListener;
import io.tablemover.testing.MoveHarness;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/** Starts a move with a reverse window in the background and returns once it is in phase REVERSE. */
final class InReverse {
    private InReverse() {}

    /**
     * @param move runs the move with the listener given (on a pool thread)
     * @return the running move, in phase REVERSE
     * @throws AssertionError with the move's output if it does not reach REVERSE within 120 s
     */
    static CompletableFuture<MoveHarness.Run> start(Function<MoveListener, MoveHarness.Run> move)
            throws InterruptedException {
        CountDownLatch reverse = new CountDownLatch(1);
        MoveListener listener = new MoveListener() {
            @Override
            public void phase(Phase phase) {
                if (phase == Phase.REVERSE) {
                    reverse.countDown();
                }
            }
        };
        CompletableFuture<MoveHarness.Run> run = CompletableFuture.supplyAsync(() -> move.apply(listener));
        if (!reverse.await(120, TimeUnit.SECONDS)) {
            throw new AssertionError("the move did not reach phase REVERSE: "
                    + (run.isDone() ? run.join().out() + run.join().err() : "still running"));
        }
        return run;
    }
}
