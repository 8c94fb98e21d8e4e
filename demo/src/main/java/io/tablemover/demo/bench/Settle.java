package io.tablemover.demo.bench;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

/**
 * Lets both servers flush what the last load or move left dirty before the next move starts: without it the repeats
 * of a rate ran slower and slower (idle copy 70,995, 64,209, 59,980 rows/s), each competing with the flushing of the
 * reload just before it. InnoDB is told to flush everything ({@code innodb_max_dirty_pages_pct = 0}) until fewer than
 * {@value #DIRTY_PAGES} pages are dirty on each server, for at most {@value #MAX_WAIT_MS} ms, then the setting goes back
 * to what it was.
 */
final class Settle {
    private static final long DIRTY_PAGES = 500;
    private static final long MAX_WAIT_MS = 180_000;

    private Settle() {}

    static void flush(Connection... servers) throws SQLException, InterruptedException {
        long t0 = System.nanoTime();
        String[] before = new String[servers.length];
        for (int i = 0; i < servers.length; i++) {
            before[i] = value(servers[i], "SELECT @@global.innodb_max_dirty_pages_pct");
            execute(servers[i], "SET GLOBAL innodb_max_dirty_pages_pct = 0");
        }
        long dirty;
        try {
            while ((dirty = dirtyPages(servers)) >= DIRTY_PAGES && System.nanoTime() - t0 < MAX_WAIT_MS * 1_000_000) {
                Thread.sleep(250);
            }
        } finally {
            for (int i = 0; i < servers.length; i++) {
                execute(servers[i], "SET GLOBAL innodb_max_dirty_pages_pct = " + before[i]);
            }
        }
        System.out.println(String.format(Locale.ROOT, "bench: servers settled in %d ms (%d dirty pages left)",
                (System.nanoTime() - t0) / 1_000_000, dirty));
    }

    private static long dirtyPages(Connection... servers) throws SQLException {
        long sum = 0;
        for (Connection c : servers) {
            sum += Long.parseLong(value(c, "SELECT variable_value FROM performance_schema.global_status"
                    + " WHERE variable_name = 'Innodb_buffer_pool_pages_dirty'"));
        }
        return sum;
    }

    private static String value(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
