package io.tablemover.engine.step;

import io.tablemover.engine.state.Phase;
import io.tablemover.engine.apply.Applier;
import io.tablemover.engine.state.TableProgress;
import io.tablemover.spi.throttle.ThrottleState;
import java.util.List;
import java.util.StringJoiner;

/**
 * Formats the periodic status line: rows copied / estimated per table, overall %, binlog lag, ETA.
 * Example: {@code copy 45% | t1 9000/20000 45% t2 ... | 12000 rows/s | binlog lag 80 ms, 512 keys applied | ETA 9 s},
 * followed while throttled by {@code | throttled by http: HTTP 429: Threshold exceeded (value 4.5, threshold 1)}.
 */
public final class StatusLine {
    private StatusLine() {}

    public static String format(Phase phase, List<TableProgress> tables, Applier applier, long copyStartNanos, String note,
                         ThrottleState throttle) {
        long copied = tables.stream().mapToLong(TableProgress::rowsCopied).sum();
        long estimated = Math.max(1, tables.stream().mapToLong(TableProgress::estimatedRows).sum());
        int pct = (int) Math.min(100, copied * 100 / estimated);
        StringJoiner perTable = new StringJoiner(" ");
        for (TableProgress t : tables) {
            long est = Math.max(1, t.estimatedRows());
            perTable.add(t.table().name() + " " + t.rowsCopied() + "/" + t.estimatedRows()
                    + " " + (t.done() ? 100 : Math.min(99, t.rowsCopied() * 100 / est)) + "%");
        }
        double secs = Math.max(0.001, (System.nanoTime() - copyStartNanos) / 1e9);
        long rate = (long) (copied / secs);
        String eta = phase == Phase.COPY && rate > 0 ? Math.max(0, (estimated - copied) / rate) + " s" : "-";
        return phase.name().toLowerCase() + " " + pct + "% | " + perTable + " | " + rate + " rows/s"
                + " | binlog lag " + (applier == null ? 0 : applier.lagMs()) + " ms, "
                + (applier == null ? 0 : applier.keysApplied()) + " keys applied | ETA " + eta
                + (note == null ? "" : " | " + note)
                + (throttle != null && throttle.throttled() ? " | " + throttle : "");
    }

    /**
     * The short status of the interactive {@code sup} command, e.g.
     * {@code copy 45% | 9000/20000 rows | throttled by user command: send no-throttle to resume}.
     */
    public static String brief(Phase phase, List<TableProgress> tables, ThrottleState throttle) {
        long copied = tables.stream().mapToLong(TableProgress::rowsCopied).sum();
        long estimated = tables.stream().mapToLong(TableProgress::estimatedRows).sum();
        boolean done = tables.stream().allMatch(TableProgress::done);
        long pct = done ? 100 : Math.min(99, copied * 100 / Math.max(1, estimated));
        return phase.name().toLowerCase() + " " + pct + "% | " + copied + "/" + estimated + " rows"
                + (throttle != null && throttle.throttled() ? " | " + throttle : "");
    }
}
