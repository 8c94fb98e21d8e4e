/**
 * Rollback after a cutover ({@code --reverse-window}, issue 12): phase REVERSE streams every change of the moved tables
 * on the target(s) back into the source's {@code _t_del} tables ({@link io.tablemover.engine.reverse.ReverseStreams});
 * {@code revert} renames the target tables away ({@code t TO _t_rev}), drains the reverse stream and gives the source
 * its tables back; {@code complete} (or the window's end) stops the stream and ends the run.
 */
package io.tablemover.engine.reverse;
