package io.tablemover.engine.step;

/**
 * What this process's RENAME returned.
 *
 * @param gtid the source's {@code gtid_executed} read in the RENAME's round trip: the drain's goal
 * @param startNanos {@link System#nanoTime()} when the RENAME was sent
 * @param renameMs the RENAME round trip, ms
 */
public record Renamed(String gtid, long startNanos, long renameMs) {}
