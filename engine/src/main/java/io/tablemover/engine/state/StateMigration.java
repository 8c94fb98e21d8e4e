package io.tablemover.engine.state;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.zip.CRC32;
import org.jooq.Query;

/**
 * One versioned migration of the run-state tables, Flyway-style: a version, a description, its {@code definition}
 * and the jOOQ statements that carry it out.
 *
 * <p>The {@code definition} is the migration's DDL written out by hand in canonical MySQL text (unquoted names,
 * tables not qualified by a database), e.g. {@code alter table _tablemover_runs add hooks_fired text null;}. Its
 * checksum ({@link #checksum()}, like Flyway's {@code getChecksum()}) is what the history table records, so it does
 * not depend on how a jOOQ version renders the statements. A released migration's definition never changes (the
 * state it wrote would be refused as written by an incompatible build); {@code StateSchemaTest} checks that the
 * definition and the statements describe the same DDL, and pins the checksums.
 *
 * @param version the state-schema version this migration leads to, from 1 up, without gaps
 * @param description what it does, e.g. {@code "hooks fired per run"} (stored in the history, not checksummed)
 * @param definition the canonical DDL text; whitespace runs count as one space
 * @param statements the statements for a state database name
 */
record StateMigration(int version, String description, String definition, Function<String, List<Query>> statements) {
    StateMigration {
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(definition, "definition");
        Objects.requireNonNull(statements, "statements");
    }

    /** @return the definition with each run of whitespace as one space, trimmed: the text that is checksummed */
    String canonicalDefinition() {
        return definition.strip().replaceAll("\\s+", " ");
    }

    /**
     * @return {@code "crc32:"} and the CRC32 of the {@linkplain #canonicalDefinition() canonical definition} (UTF-8)
     *     as 8 lower-case hex digits, e.g. {@code crc32:0a1b2c3d}
     */
    String checksum() {
        CRC32 crc = new CRC32();
        crc.update(canonicalDefinition().getBytes(StandardCharsets.UTF_8));
        return String.format("crc32:%08x", crc.getValue());
    }
}
