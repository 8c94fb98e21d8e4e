package io.tablemover.engine.verify;

import io.tablemover.engine.apply.Applier;
import io.tablemover.engine.mysql.ServerPool;
import com.github.shyiko.mysql.binlog.GtidSet;
import io.tablemover.engine.sql.ServerStatements;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * What {@link ChunkVerifier} does before it compares a chunk (or its differing keys) again, so that changes still on
 * their way to the target are not taken for differences: during a move, wait until the run's own applier has applied
 * what the source had committed; for the standalone {@code verify} beside a run in progress, wait until the run's
 * stored stream position holds what the source had committed ({@link #runPosition}); with nothing in flight, compare
 * once.
 */
interface CatchUp {
    /** @return how many times a chunk is compared (1: no second comparison) */
    int rounds();

    /**
     * Waits before the next comparison round.
     *
     * @return true if what was waited for happened (or there is nothing to wait for); false if the writer of the
     *     target did not catch up within the bound: then the differences still found are undecided (lag or
     *     difference cannot be told), {@link ChunkVerifier} neither reports nor repairs them
     */
    boolean await() throws InterruptedException;

    /** Nothing is in flight: one comparison, no wait. */
    CatchUp NONE = new CatchUp() {
        @Override
        public int rounds() {
            return 1;
        }

        @Override
        public boolean await() {
            return true; // nothing to wait for
        }
    };

    /**
     * @return {@link ChunkVerifier#ROUNDS} rounds, each after the applier applied the source's current
     *     {@code gtid_executed} (at most 60 s per wait, then compared anyway: the run's repair re-syncs from the
     *     source, right whatever the lag, so its await always returns true)
     */
    static CatchUp applier(ServerPool source, Applier applier) {
        return new CatchUp() {
            @Override
            public int rounds() {
                return ChunkVerifier.ROUNDS;
            }

            @Override
            public boolean await() throws InterruptedException {
                String gtid = source.dsl().fetchOne(ServerStatements.selectGtidExecuted()).value1();
                long deadline = System.nanoTime() + 60_000_000_000L;
                while (!applier.hasApplied(gtid) && System.nanoTime() < deadline) {
                    applier.checkFailure();
                    Thread.sleep(5);
                }
                return true;
            }
        };
    }

    /**
     * The standalone {@code verify} beside a run in progress: each wait reads the source's {@code gtid_executed}, then
     * polls the run's stored stream position ({@code _tablemover_runs.applied_gtid}, written at each of the run's
     * checkpoints, every {@code --checkpoint-interval-seconds}) every 200 ms until it contains that set: the target
     * then holds every change the source had committed, so what still differs is a difference, not lag.
     *
     * @param position reads the run's stored applied GTID set; null once the run is gone or DONE (nothing in
     *     flight any more)
     * @param bound how long one wait lasts at most: past it the run is lagging, {@link #await()} returns false; so
     *     does every later wait while the stored position has not moved since (a stopped run costs one bound, not one
     *     per chunk)
     * @return {@link ChunkVerifier#ROUNDS} rounds, each after the run caught up
     */
    static CatchUp runPosition(ServerPool source, Supplier<String> position, Duration bound) {
        return new CatchUp() {
            private String stalledAt;

            @Override
            public int rounds() {
                return ChunkVerifier.ROUNDS;
            }

            @Override
            public boolean await() throws InterruptedException {
                GtidSet wanted = new GtidSet(source.dsl().fetchOne(ServerStatements.selectGtidExecuted()).value1());
                long deadline = System.nanoTime() + bound.toNanos();
                while (true) {
                    String at = position.get();
                    if (at == null || wanted.isContainedWithin(new GtidSet(at))) {
                        stalledAt = null;
                        return true;
                    }
                    if (at.equals(stalledAt) || System.nanoTime() >= deadline) {
                        stalledAt = at;
                        return false;
                    }
                    Thread.sleep(200);
                }
            }
        };
    }

    /**
     * @param pause how long to wait before each further round
     * @return {@link ChunkVerifier#ROUNDS} rounds with {@code pause} between them: another process (a run in
     *     progress) applies the changes, so there is no position to wait for
     */
    static CatchUp pause(Duration pause) {
        return new CatchUp() {
            @Override
            public int rounds() {
                return ChunkVerifier.ROUNDS;
            }

            @Override
            public boolean await() throws InterruptedException {
                Thread.sleep(pause.toMillis());
                return true;
            }
        };
    }
}
