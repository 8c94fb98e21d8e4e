package io.tablemover.engine.cli;

import com.github.shyiko.mysql.binlog.GtidSet;
import io.tablemover.engine.mysql.ServerPool;
import io.tablemover.engine.sql.BinlogStatements;
import io.tablemover.engine.state.Phase;
import io.tablemover.engine.state.ReverseState;
import io.tablemover.engine.state.RunRecord;
import io.tablemover.engine.state.RunStore;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

/** Reads the {@link StatusDocument} of a target database, and with a source pool each run's live lag. Read-only. */
final class StatusReader {
    private StatusReader() {}

    /**
     * @param store the target's run state
     * @param target the target URL, as printed
     * @param source the source pool and URL for the live lag; empty for none
     * @throws org.jooq.exception.DataAccessException if a server cannot be read
     */
    static StatusDocument read(RunStore store, String target, Optional<ServerPool> source, String sourceUrl) {
        List<StatusDocument.Run> runs = store.all().stream().map(r -> {
            LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
            OptionalLong appliedMs = store.appliedEventMs(r.token());
            return new StatusDocument.Run(r.token(), r.sourceDb(), r.targetDb(), r.tables(),
                    r.phase().name().toLowerCase(Locale.ROOT), iso(r.createdAt()), iso(r.updatedAt()),
                    Math.max(0, Duration.between(r.updatedAt(), now).toSeconds()), r.version(),
                    store.tables(r.token()).stream().map(t -> new StatusDocument.TableCopy(t.table(), t.rowsCopied(),
                            t.chunksCopied(), t.done(), t.lowKey().map(Object::toString).orElse(null))).toList(),
                    store.verified(r.token()).stream().map(v -> new StatusDocument.TableVerify(v.table(),
                            v.rowsCompared(), v.chunksCompared(), v.keysRepaired(), v.done())).toList(),
                    r.appliedGtid(), r.drainGtid().orElse(null),
                    appliedMs.isPresent() ? Instant.ofEpochMilli(appliedMs.getAsLong()).toString() : null,
                    r.lastError().orElse(null), source.map(s -> liveLag(s, r, appliedMs)).orElse(null),
                    reverse(store, r));
        }).toList();
        return new StatusDocument(StatusDocument.SCHEMA_VERSION, target, source.isPresent() ? sourceUrl : null, runs);
    }

    private static StatusDocument.Reverse reverse(RunStore store, RunRecord r) {
        if (r.phase().compareTo(Phase.REVERSE) < 0 || r.phase() == Phase.DONE && store.reverse(r.token()).until().isEmpty()) {
            return null;
        }
        ReverseState rev = store.reverse(r.token());
        return new StatusDocument.Reverse(rev.positions(), rev.lagMs().orElse(null),
                rev.until().map(StatusReader::iso).orElse(null), rev.request().orElse(null));
    }

    private static StatusDocument.LiveLag liveLag(ServerPool source, RunRecord run, OptionalLong appliedMs) {
        var gap = source.dsl().fetchOne(BinlogStatements.selectGtidGap(run.appliedGtid()));
        if (!gap.value1().equalsIgnoreCase(run.sourceUuid())) {
            return new StatusDocument.LiveLag(false, null, null, null, null, null, null);
        }
        var retention = source.dsl().fetchOne(BinlogStatements.selectRetention());
        long sourceNowMs = retention.value3() * 1000;
        String missing = compact(gap.value3());
        String purged = compact(retention.value2());
        boolean positionPurged = !purged.isEmpty() && !new GtidSet(purged).isContainedWithin(new GtidSet(run.appliedGtid()));
        return new StatusDocument.LiveLag(true, compact(gap.value2()), missing, transactions(missing),
                appliedMs.isPresent() ? Math.max(0, (sourceNowMs - appliedMs.getAsLong()) / 1000) : null,
                retention.value1(), positionPurged);
    }

    /** @return the number of transactions in a GTID set, e.g. 7 for {@code uuid:1-5:8-9} */
    static long transactions(String gtidSet) {
        if (gtidSet.isEmpty()) {
            return 0;
        }
        long n = 0;
        for (GtidSet.UUIDSet u : new GtidSet(gtidSet).getUUIDSets()) {
            for (GtidSet.Interval i : u.getIntervals()) {
                n += i.getEnd() - i.getStart() + 1;
            }
        }
        return n;
    }

    /** @return a GTID set as MySQL prints it, without its line breaks */
    private static String compact(String gtidSet) {
        return gtidSet == null ? "" : gtidSet.replaceAll("\\s+", "");
    }

    private static String iso(LocalDateTime utc) {
        return utc.toInstant(ZoneOffset.UTC).toString();
    }
}
