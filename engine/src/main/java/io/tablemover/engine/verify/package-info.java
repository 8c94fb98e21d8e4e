/**
 * The verify phase: every moved table compared chunk by chunk with the source (row count and digest computed on each
 * server), differences confirmed after the stream caught up, then repaired through the copy's write path.
 */
package io.tablemover.engine.verify;
