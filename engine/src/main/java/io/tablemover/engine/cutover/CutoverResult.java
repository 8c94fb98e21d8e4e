package io.tablemover.engine.cutover;

/**
 * @param drainGtidSet the source's {@code gtid_executed} read in the RENAME's round trip; the target has
 *     applied all of it
 * @param windowMs write-unavailability window: from sending the RENAME until the drain completed, in ms
 * @param renameMs how long the RENAME round trip itself took, in ms
 */
public record CutoverResult(String drainGtidSet, long windowMs, long renameMs) {}
