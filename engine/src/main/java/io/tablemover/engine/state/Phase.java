package io.tablemover.engine.state;

/** The phases of a run, in order. */
public enum Phase {
    /** checking source and target; nothing is changed */
    VALIDATE,
    /** the binlog stream starts and the target tables are created */
    CREATE,
    /** rows are copied in chunks while the binlog stream applies changes */
    COPY,
    /** copy done: the secondary indexes the copy left out ({@code --defer-secondary-indexes}) are added */
    ADD_INDEXES,
    /** indexes complete: every table is compared chunk by chunk with the source, differences repaired */
    VERIFY,
    /** verified; waiting for the stream to catch up and for the postpone flag file to go */
    WAIT_CUTOVER,
    /** the cutover intent is recorded; the RENAME on the source is about to run (or ran: check the source) */
    CUTOVER,
    /** the source tables are renamed; the stream drains to the GTID set read with the RENAME */
    DRAIN,
    /** the move is complete */
    DONE
}
