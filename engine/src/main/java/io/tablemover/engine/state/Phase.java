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
    /**
     * {@code --reverse-window}: the move is cut over and the application writes to the target; a binlog stream from
     * the target(s) applies every change of the moved tables to the source's {@code _t_del} tables, until
     * {@code revert}, {@code complete} or the window's end
     */
    REVERSE,
    /** the revert intent is recorded; the RENAME {@code t TO _t_rev} on the target(s) is about to run (or ran: check) */
    REVERT,
    /**
     * the target tables are renamed to {@code _t_rev}; the reverse stream drains to the GTID set read with that
     * RENAME, then the source's {@code _t_del} tables get their names back
     */
    REVERT_DRAIN,
    /** the move is complete */
    DONE,
    /** the move was reverted: the source holds the tables under their own names, with every write made on the target */
    REVERTED
}
