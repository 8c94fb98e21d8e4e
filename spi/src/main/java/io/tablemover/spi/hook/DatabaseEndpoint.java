package io.tablemover.spi.hook;

import java.util.Objects;

/**
 * A server and database of a run as hooks see it: no user, no password.
 *
 * @param host host name or IP address, as given on the command line
 * @param port TCP port, 1..65535
 * @param database the database (schema) the tables are moved from or to
 * @since 1.1
 */
public record DatabaseEndpoint(String host, int port, String database) {
    /**
     * @throws NullPointerException if host or database is null
     * @throws IllegalArgumentException if the port is outside 1..65535
     */
    public DatabaseEndpoint {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(database, "database");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1..65535, got " + port);
        }
    }

    /** @return {@code host:port/database} */
    @Override
    public String toString() {
        return host + ":" + port + "/" + database;
    }
}
