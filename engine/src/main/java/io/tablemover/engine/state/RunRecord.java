package io.tablemover.engine.state;

import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;

/**
 * One run as stored in {@code _tablemover_runs}.
 *
 * @param token the run token (12 hex)
 * @param sourceDb source database
 * @param targetDb target database
 * @param tables the moved tables, in command order
 * @param sourceUuid the source's {@code @@server_uuid}: a resume must talk to the same server
 * @param targetUuid the target's {@code @@server_uuid}
 * @param phase the phase the run reached
 * @param startGtid the source's {@code gtid_executed} when the run started its stream
 * @param appliedGtid the stream checkpoint: every transaction in it is applied on the target (never
 *     ahead of the target); a resume streams from here
 * @param drainGtid the source's {@code gtid_executed} read in the RENAME's round trip, once known
 * @param version the tablemover version that last wrote the run
 * @param createdAt when the run started (UTC)
 * @param updatedAt when it was last written (UTC)
 * @param lastError the last failure's one-line message
 */
public record RunRecord(
        String token,
        String sourceDb,
        String targetDb,
        List<String> tables,
        String sourceUuid,
        String targetUuid,
        Phase phase,
        String startGtid,
        String appliedGtid,
        Optional<String> drainGtid,
        String version,
        LocalDateTime createdAt,
        LocalDateTime updatedAt,
        Optional<String> lastError) {
    public RunRecord {
        tables = List.copyOf(tables);
    }
}
