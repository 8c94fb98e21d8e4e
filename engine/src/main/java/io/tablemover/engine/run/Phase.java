package io.tablemover.engine.run;

/** The phases of a run, in order. */
public enum Phase {
    /** checking source and target; nothing is changed */
    VALIDATE,
    /** the binlog stream starts and the target tables are created */
    CREATE,
    /** rows are copied in chunks while the binlog stream applies changes */
    COPY,
    /** copy done; waiting for the stream to catch up and for the postpone flag file to go */
    WAIT_CUTOVER,
    /** RENAME on the source, then drain to the captured GTID set */
    CUTOVER,
    /** the move is complete */
    DONE
}
