package io.tablemover.engine.transfer;

import java.sql.Connection;
import java.sql.SQLException;

/** Ends a connection's work where a failure is already being reported: its own errors would only hide that one. */
public final class Quietly {
    private Quietly() {}

    /** Returns the connection to its pool; a broken one is evicted by HikariCP. */
    public static void close(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // returned to the pool broken; Hikari evicts it
        }
    }

    /** Rolls the connection's transaction back; on a broken connection closing it releases everything. */
    public static void rollback(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // the connection is broken; closing it releases everything
        }
    }
}
