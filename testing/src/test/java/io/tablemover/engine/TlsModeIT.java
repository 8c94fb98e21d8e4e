package io.tablemover.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tablemover.engine.state.Phase;
import io.tablemover.engine.step.MoveListener;
import io.tablemover.testing.MoveHarness;
import io.tablemover.testing.MysqlServers;
import io.tablemover.testing.TestData;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code --ssl-mode} reaches every connection of a run: while it waits for the cutover, the source's
 * {@code performance_schema.status_by_thread} shows the TLS version of each of the run's sessions, the binlog dump
 * included: none with {@code DISABLED}, TLS 1.3 on every one with the default {@code PREFERRED} (the binlog library's
 * own TLS factory would give the dump TLS 1.2).
 */
class TlsModeIT {
    private final MysqlServers servers = MysqlServers.get();

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void disabledMeansNoSessionOfTheRunUsesTlsAndTheDefaultMeansEveryOneDoes() throws Exception {
        assertEquals(List.of(""), sessionsTls("DISABLED"), "no TLS with --ssl-mode DISABLED");
        List<String> preferred = sessionsTls(null);
        assertEquals(List.of("TLSv1.3"), preferred, "TLS 1.3 on every session with the default, the binlog dump's too");
    }

    /** @return the distinct Ssl_version values of the run's source sessions while it waits for the cutover, dump thread included */
    private List<String> sessionsTls(String mode) throws Exception {
        String suffix = mode == null ? "default" : mode.toLowerCase();
        String src = servers.source().createDatabase("tls_src_" + suffix);
        String tgt = servers.target().createDatabase("tls_tgt_" + suffix);
        try (Connection c = servers.source().connect(src)) {
            TestData.seed(c, 2_000);
        }
        List<String> versions = new ArrayList<>();
        boolean[] dumpSeen = {false};
        MoveListener beforeCutover = new MoveListener() {
            @Override
            public void phase(Phase phase) {
                if (phase != Phase.WAIT_CUTOVER) {
                    return;
                }
                // the run's sessions: its pool's (on the source database) and the binlog dump (no database)
                try (Connection c = servers.source().connect(src); Statement s = c.createStatement();
                     ResultSet rs = s.executeQuery("SELECT t.PROCESSLIST_COMMAND, st.VARIABLE_VALUE"
                             + " FROM performance_schema.threads t JOIN performance_schema.status_by_thread st"
                             + " ON st.THREAD_ID = t.THREAD_ID AND st.VARIABLE_NAME = 'Ssl_version'"
                             + " WHERE t.PROCESSLIST_ID <> CONNECTION_ID()"
                             + " AND (t.PROCESSLIST_DB = '" + src + "' OR t.PROCESSLIST_COMMAND LIKE 'Binlog Dump%')")) {
                    while (rs.next()) {
                        dumpSeen[0] |= rs.getString(1).startsWith("Binlog Dump");
                        if (!versions.contains(rs.getString(2))) {
                            versions.add(rs.getString(2));
                        }
                    }
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            }
        };
        List<String> args = new ArrayList<>(List.of("--execute", "--skip-verify"));
        if (mode != null) {
            args.addAll(List.of("--ssl-mode", mode));
        }
        MoveHarness.Run run = MoveHarness.move(src, tgt, "t", beforeCutover, args.toArray(String[]::new));
        assertEquals(0, run.exitCode(), run.out() + run.err());
        assertTrue(dumpSeen[0], "the binlog dump session was among those seen");
        assertFalse(versions.isEmpty());
        return versions;
    }
}
