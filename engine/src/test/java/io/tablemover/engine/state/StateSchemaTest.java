package io.tablemover.engine.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tablemover.engine.mysql.ServerPool;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jooq.Constants;
import org.jooq.DSLContext;
import org.jooq.Query;
import org.jooq.conf.ParamType;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;

/** The state migrations' checksums: taken from their written-down definitions, not from jOOQ's rendering. */
class StateSchemaTest {
    private static final DSLContext RENDER = DSL.using(ServerPool.DIALECT, ServerPool.settings());
    private static final String PINNED_V1 = "crc32:b040c783";
    private static final String PINNED_V2 = "crc32:e9ee4723";
    private static final String PINNED_V3 = "crc32:f7cea253";
    private static final String PINNED_V4 = "crc32:88d7be5d";
    private static final String PINNED_V5 = "crc32:b3730689";

    /** Released migrations never change: their checksums are recorded in every state database. */
    @Test
    void theChecksumsOfReleasedMigrationsArePinned() {
        Map<Integer, String> checksums = StateSchema.MIGRATIONS.stream()
                .collect(Collectors.toMap(StateMigration::version, StateMigration::checksum));
        assertEquals(Map.of(1, PINNED_V1, 2, PINNED_V2, 3, PINNED_V3, 4, PINNED_V4, 5, PINNED_V5), checksums);
    }

    @Test
    void theChecksumIgnoresHowTheDefinitionIsLaidOut() {
        StateMigration m = StateSchema.MIGRATIONS.get(1);
        StateMigration relaid = new StateMigration(m.version(), "another description",
                "\r\n  alter table _tablemover_runs\n\tadd   hooks_fired text null;  \n", m.statements());
        assertEquals(m.checksum(), relaid.checksum());
        StateMigration changed = new StateMigration(m.version(), m.description(),
                "alter table _tablemover_runs add hooks_fired text not null;", m.statements());
        assertFalse(m.checksum().equals(changed.checksum()));
    }

    /** The definition is written by hand: it must describe exactly the DDL that the jOOQ statements run. */
    @Test
    void eachDefinitionDescribesItsStatements() {
        for (StateMigration m : StateSchema.MIGRATIONS) {
            String rendered = m.statements().apply("db").stream()
                    .map(q -> RENDER.renderInlined(q) + ";")
                    .collect(Collectors.joining(" "));
            assertEquals(comparable(m.definition()), comparable(rendered.replace("`db`.", "")),
                    "migration " + m.version() + ": its definition and its statements differ");
        }
    }

    /** Lower case, without quotes and whitespace: what a definition and a rendering must agree on. */
    private static String comparable(String ddl) {
        return ddl.toLowerCase().replace("`", "").replaceAll("\\s+", "");
    }

    @Test
    void theChecksumsOfRelease01AreAcceptedForTheirMigrationOnly() {
        StateMigration v1 = StateSchema.MIGRATIONS.get(0);
        StateMigration v2 = StateSchema.MIGRATIONS.get(1);
        assertTrue(StateSchema.accepts(v1, v1.checksum()));
        assertTrue(StateSchema.accepts(v1, StateSchema.RELEASE_0_1_CHECKSUMS.get(1)));
        assertTrue(StateSchema.accepts(v2, StateSchema.RELEASE_0_1_CHECKSUMS.get(2)));
        assertFalse(StateSchema.accepts(v1, StateSchema.RELEASE_0_1_CHECKSUMS.get(2)));
        assertFalse(StateSchema.accepts(v2, v1.checksum()));
        assertFalse(StateSchema.accepts(v1, "0".repeat(64)));
    }

    /**
     * Release 0.1.0's checksum was the SHA-256 of the statements as jOOQ 3.19.18 rendered them (inlined, for the
     * database {@code db}, each followed by {@code ";\n"}); with that jOOQ this recomputes the recorded constants.
     */
    @Test
    void theRelease01ChecksumsAreWhatRelease01Computed() throws Exception {
        assumeTrue("3.19.18".equals(Constants.VERSION), "release 0.1.0's checksums came from jOOQ 3.19.18's rendering");
        for (StateMigration m : StateSchema.MIGRATIONS) {
            if (m.version() > 2) {
                continue; // released after 0.1.0: only its own checksum exists
            }
            StringBuilder sql = new StringBuilder();
            for (Query q : m.statements().apply("db")) {
                sql.append(RENDER.renderContext().paramType(ParamType.INLINED).visit(q).render()).append(";\n");
            }
            String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(sql.toString().getBytes(StandardCharsets.UTF_8)));
            assertEquals(StateSchema.RELEASE_0_1_CHECKSUMS.get(m.version()), sha, "migration " + m.version());
        }
        assertEquals(List.of(1, 2), StateSchema.RELEASE_0_1_CHECKSUMS.keySet().stream().sorted().toList());
    }
}
