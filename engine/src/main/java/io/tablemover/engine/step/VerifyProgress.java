package io.tablemover.engine.step;

import com.google.inject.Singleton;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The verify phase's progress per table, for the metrics and the status: rows compared so far (stored checkpoints
 * included) and whether the table is done. Thread-safe: the verify step writes, the metrics scrape reads.
 */
@Singleton
public final class VerifyProgress {
    /**
     * One table's verify progress.
     *
     * @param rowsCompared source rows compared so far
     * @param done true once every chunk of the table was compared
     */
    public record Table(long rowsCompared, boolean done) {}

    private final Map<String, Table> tables = new ConcurrentHashMap<>();

    /** Table {@code table} has {@code rowsCompared} rows compared; {@code done} once it is complete. */
    public void compared(String table, long rowsCompared, boolean done) {
        tables.put(table, new Table(rowsCompared, done));
    }

    /** @return each table's progress, by table name; empty before the verify phase */
    public Map<String, Table> tables() {
        return Map.copyOf(tables);
    }
}
