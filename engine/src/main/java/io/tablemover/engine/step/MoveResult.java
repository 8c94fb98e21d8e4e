package io.tablemover.engine.step;

import java.util.Map;

/**
 * What a finished run reports.
 *
 * @param executed false for a dry run (nothing was changed)
 * @param rowsCopied rows copied per table
 * @param rowEvents row images received from the binlog for the moved tables
 * @param keysApplied keys synchronized by the binlog apply
 * @param wallMs wall time of the run, ms
 * @param copyMs time from the start of the copy to its end, ms
 * @param cutoverWindowMs write-unavailability window (RENAME sent → drain complete), ms
 * @param drainGtidSet the GTID set the drain reached
 */
public record MoveResult(boolean executed, Map<String, Long> rowsCopied, long rowEvents, long keysApplied,
                         long wallMs, long copyMs, long cutoverWindowMs, String drainGtidSet) {
    /** @return rows copied over all tables */
    public long totalRowsCopied() {
        return rowsCopied.values().stream().mapToLong(Long::longValue).sum();
    }

    /** @return copy throughput in rows per second */
    public long rowsPerSecond() {
        return copyMs == 0 ? totalRowsCopied() : totalRowsCopied() * 1000 / copyMs;
    }
}
