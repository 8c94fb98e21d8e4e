package io.tablemover.engine.state;

import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The reverse replication of a run with {@code --reverse-window}, as stored in {@code _tablemover_runs} (state schema
 * 4 on).
 *
 * @param positions per target shard (in the run's shard order), the GTID set of that shard whose every transaction
 *     is applied to the source's {@code _t_del} tables: the reverse stream's checkpoint; empty if the run has none
 * @param until when the reverse window ends (UTC); empty before phase REVERSE
 * @param revertPositions per shard, the {@code gtid_executed} read with the revert's RENAME on that shard; empty
 *     before it
 * @param request what an operator asked for and the run has not done yet: {@code revert} or {@code complete}
 * @param lagMs the reverse lag at the last checkpoint, ms
 */
public record ReverseState(List<String> positions, Optional<LocalDateTime> until, List<String> revertPositions,
                           Optional<String> request, Optional<Long> lagMs) {
    /** Separates the shards' GTID sets in one column (a GTID set never holds it). */
    static final String SEPARATOR = "|";

    /** The request {@code tablemover revert} (or the interactive {@code revert}) stores. */
    public static final String REVERT = "revert";
    /** The request {@code tablemover complete} (or the interactive {@code complete}) stores. */
    public static final String COMPLETE = "complete";

    public ReverseState {
        positions = List.copyOf(positions);
        revertPositions = List.copyOf(revertPositions);
    }

    static String join(List<String> gtids) {
        return String.join(SEPARATOR, gtids);
    }

    static List<String> split(String column) {
        return column == null || column.isEmpty() ? List.of() : Arrays.asList(column.split("\\|", -1));
    }
}
