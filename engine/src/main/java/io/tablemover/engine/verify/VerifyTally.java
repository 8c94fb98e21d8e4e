package io.tablemover.engine.verify;

import io.tablemover.engine.schema.Column;
import io.tablemover.engine.schema.KeyValue;
import io.tablemover.engine.schema.TableSchema;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The figures of one table as the standalone verify adds up its chunks; becomes a {@link VerifyReport.Table}. */
final class VerifyTally {
    private final TableSchema table;
    private final String sourceName;
    private final List<String> targets;
    private final int maxKeys;
    private final long[][] perShard; // [shard][kind]
    private final Map<KeyValue, List<VerifyReport.Difference>> keysShown = new LinkedHashMap<>();
    private String problem;
    private long rows;
    private long chunks;
    private long chunksDiffered;
    private long mismatched;
    private long repaired;
    private long stillDiffering;
    private long undecided;
    private long lockMillis;

    /**
     * @param table the table under its target name
     * @param targets the targets' names, in shard order
     * @param maxKeys how many mismatched keys to keep in full
     */
    VerifyTally(TableSchema table, String sourceName, List<String> targets, int maxKeys) {
        this.table = table;
        this.sourceName = sourceName;
        this.targets = targets;
        this.maxKeys = maxKeys;
        this.perShard = new long[targets.size()][RowDigests.Kind.values().length];
    }

    /** Marks the table as not compared, for this reason. */
    void problem(String why) {
        this.problem = why;
    }

    /** Adds one verified chunk. */
    void add(ChunkVerifier.Outcome o) {
        rows += Math.max(0, o.rowsCompared());
        chunks++;
        lockMillis = Math.max(lockMillis, o.sourceLockMillis());
        if (o.undecided()) {
            undecided++;
            return;
        }
        if (o.confirmed().isEmpty()) {
            return;
        }
        chunksDiffered++;
        mismatched += ChunkVerifier.keysOf(o.confirmed()).size();
        repaired += o.keysRepaired();
        stillDiffering += ChunkVerifier.keysOf(o.remaining()).size();
        for (RowDigests.Mismatch m : o.confirmed()) {
            perShard[m.shard()][m.kind().ordinal()]++;
            List<VerifyReport.Difference> shown = keysShown.get(m.key());
            if (shown == null && keysShown.size() < maxKeys) {
                shown = new ArrayList<>();
                keysShown.put(m.key(), shown);
            }
            if (shown != null) {
                shown.add(new VerifyReport.Difference(targets.get(m.shard()), m.kind().name().toLowerCase(Locale.ROOT)));
            }
        }
    }

    VerifyReport.Table report() {
        List<VerifyReport.Shard> shards = new ArrayList<>();
        for (int i = 0; i < targets.size(); i++) {
            shards.add(new VerifyReport.Shard(targets.get(i), perShard[i][RowDigests.Kind.MISSING.ordinal()],
                    perShard[i][RowDigests.Kind.EXTRA.ordinal()], perShard[i][RowDigests.Kind.DIFFERENT.ordinal()]));
        }
        List<VerifyReport.Key> keys = new ArrayList<>();
        List<Column> keyColumns = table.requireKey().columns();
        keysShown.forEach((k, diffs) -> {
            Map<String, String> columns = new LinkedHashMap<>();
            for (int i = 0; i < keyColumns.size(); i++) {
                columns.put(keyColumns.get(i).name(), String.valueOf(k.parts().get(i)));
            }
            keys.add(new VerifyReport.Key(columns, List.copyOf(diffs)));
        });
        return new VerifyReport.Table(table.name(), sourceName, problem == null && stillDiffering == 0 && undecided == 0,
                problem, rows, chunks, chunksDiffered, undecided, mismatched, repaired, stillDiffering, lockMillis, shards,
                keys);
    }
}
