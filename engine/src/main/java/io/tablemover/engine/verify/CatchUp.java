package io.tablemover.engine.verify;

import io.tablemover.engine.apply.Applier;
import io.tablemover.engine.mysql.ServerPool;
import io.tablemover.engine.sql.ServerStatements;
import java.time.Duration;

/**
 * What {@link ChunkVerifier} does before it compares a chunk (or its differing keys) again, so that changes still on
 * their way to the target are not taken for differences: during a move, wait until the run's own applier has applied
 * what the source had committed; for the standalone {@code verify} beside a run in progress, pause; with nothing in
 * flight, compare once.
 */
interface CatchUp {
    /** @return how many times a chunk is compared (1: no second comparison) */
    int rounds();

    /** Waits before the next comparison round. */
    void await() throws InterruptedException;

    /** Nothing is in flight: one comparison, no wait. */
    CatchUp NONE = new CatchUp() {
        @Override
        public int rounds() {
            return 1;
        }

        @Override
        public void await() {
            // nothing to wait for
        }
    };

    /**
     * @return {@link ChunkVerifier#ROUNDS} rounds, each after the applier applied the source's current
     *     {@code gtid_executed} (at most 60 s per wait)
     */
    static CatchUp applier(ServerPool source, Applier applier) {
        return new CatchUp() {
            @Override
            public int rounds() {
                return ChunkVerifier.ROUNDS;
            }

            @Override
            public void await() throws InterruptedException {
                String gtid = source.dsl().fetchOne(ServerStatements.selectGtidExecuted()).value1();
                long deadline = System.nanoTime() + 60_000_000_000L;
                while (!applier.hasApplied(gtid) && System.nanoTime() < deadline) {
                    applier.checkFailure();
                    Thread.sleep(5);
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
            public void await() throws InterruptedException {
                Thread.sleep(pause.toMillis());
            }
        };
    }
}
