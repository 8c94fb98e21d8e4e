package io.tablemover.engine.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.tablemover.engine.verify.VerifyReport;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.stream.Collectors;

/** Prints a {@link VerifyReport}: as text for people, or as JSON ({@code --report-format json}). */
final class VerifyReportPrinter {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private VerifyReportPrinter() {}

    /** Prints the report as one JSON object, the field names being {@link VerifyReport}'s record components. */
    static void json(VerifyReport report, PrintWriter out) {
        try {
            out.println(JSON.writeValueAsString(report));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Prints the report as text: a line per table (rows compared, chunks, chunks that differed, keys that differ,
     * keys repaired), per target the rows missing / extra / different, the first keys in full, then the verdict.
     */
    static void text(VerifyReport r, PrintWriter out) {
        out.println("verify: " + String.join(", ", r.targets()) + " against the source" + (r.repair() ? ", repairing" : ""));
        if (r.runInProgress() != null) {
            out.println("run in progress detected: " + r.runInProgress() + "; a chunk that differed was compared again"
                    + " once the run had applied what the source had committed, up to 3 times, and only keys that"
                    + " differed every time are reported");
        }
        for (VerifyReport.Table t : r.tables()) {
            String name = "table " + t.table() + (t.sourceTable().equals(t.table()) ? "" : " (source " + t.sourceTable() + ")");
            if (t.problem() != null) {
                out.println(name + ": not compared: " + t.problem());
                continue;
            }
            out.println(name + ": " + t.rowsCompared() + " rows compared in " + t.chunks() + " chunks, "
                    + t.chunksDiffered() + " chunks differed, " + t.mismatchedKeys() + " keys differ"
                    + (r.repair() ? ", " + t.keysRepaired() + " keys repaired, " + t.keysStillDiffering()
                            + " keys still differ" : "")
                    + (t.chunksUndecided() > 0 ? ", run lagging; " + t.chunksUndecided() + " chunks undecided" : "")
                    + (t.equal() ? ": equal" : t.problem() == null && t.keysStillDiffering() == 0 ? ": UNDECIDED"
                            : ": DIFFERENT"));
            for (VerifyReport.Shard s : t.shards()) {
                if (s.missing() + s.extra() + s.different() > 0) {
                    out.println("  target " + s.target() + ": " + s.missing() + " rows missing, " + s.extra()
                            + " rows extra, " + s.different() + " rows different");
                }
            }
            for (VerifyReport.Key k : t.keys()) {
                out.println("  key " + k.key().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                        .collect(Collectors.joining(", ")) + ": " + k.differences().stream()
                        .map(d -> d.kind() + " on " + d.target()).collect(Collectors.joining(", ")));
            }
            if (t.mismatchedKeys() > t.keys().size()) {
                out.println("  ... and " + (t.mismatchedKeys() - t.keys().size()) + " more keys (--max-keys)");
            }
        }
        String lock = "; longest source lock " + r.longestSourceLockMillis() + " ms" + (r.repair() ? ""
                : ": no --repair, the comparison takes no lock");
        if (r.equal()) {
            out.println("result: the tables are equal (" + r.elapsedMillis() + " ms" + lock + ")");
        } else if (r.differ()) {
            out.println("result: the tables differ (" + r.elapsedMillis() + " ms" + lock + ")"
                    + (r.chunksUndecided() > 0 ? "; run lagging; " + r.chunksUndecided() + " chunks undecided" : ""));
        } else {
            out.println("result: undecided: run lagging; " + r.chunksUndecided() + " chunks undecided (the run did not"
                    + " catch up with the source within --run-catch-up-timeout-seconds; no difference found elsewhere; "
                    + "run verify again; " + r.elapsedMillis() + " ms" + lock + ")");
        }
    }
}
