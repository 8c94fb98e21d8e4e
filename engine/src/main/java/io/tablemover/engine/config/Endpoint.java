package io.tablemover.engine.config;

import java.net.URI;
import java.util.Objects;

/**
 * One MySQL server and database of a move: where to connect and as whom.
 *
 * <p>The password is held here only in memory; {@link #toString()} never shows it, so an endpoint
 * can be logged safely.
 *
 * @param host host name or IP address
 * @param port TCP port (default 3306)
 * @param database the database (schema) whose tables are moved, or into which they are moved
 * @param user MySQL user name
 * @param password the password, empty for none; never logged
 * @param tls how its connections use TLS ({@code --ssl-mode})
 */
public record Endpoint(String host, int port, String database, String user, String password, TlsMode tls) {

    /** An endpoint with TLS {@link TlsMode#PREFERRED}. */
    public Endpoint(String host, int port, String database, String user, String password) {
        this(host, port, database, user, password, TlsMode.PREFERRED);
    }

    /** @return this endpoint, its connections using TLS as {@code mode} says */
    public Endpoint withTls(TlsMode mode) {
        return new Endpoint(host, port, database, user, password, mode);
    }

    public Endpoint {
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(user, "user");
        password = password == null ? "" : password;
    }

    /**
     * Parses {@code jdbc:mysql://HOST[:PORT]/DB}.
     *
     * @param option the command-line option the URL came from, named in errors (e.g. {@code --source})
     * @param url the URL; query parameters are refused (connection settings are tablemover's own)
     * @throws InvalidInputException naming the option and the expected form
     */
    public static Endpoint parse(String option, String url, String user, String password) {
        String expected = option + " must look like jdbc:mysql://HOST:PORT/DATABASE, got '" + url + "'";
        if (url == null || !url.startsWith("jdbc:mysql://")) {
            throw new InvalidInputException(expected);
        }
        URI uri;
        try {
            uri = URI.create(url.substring("jdbc:".length()));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(expected);
        }
        String db = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
        if (uri.getHost() == null || db.isEmpty() || db.contains("/")) {
            throw new InvalidInputException(expected);
        }
        if (uri.getQuery() != null) {
            throw new InvalidInputException(option + " takes no URL parameters ('?" + uri.getQuery()
                    + "'): tablemover sets its own connection settings");
        }
        if (user == null || user.isBlank()) {
            throw new InvalidInputException("no user for " + option + ": pass " + option + "-user USER");
        }
        return new Endpoint(uri.getHost(), uri.getPort() < 0 ? 3306 : uri.getPort(), db, user, password);
    }

    /** @return {@code host:port} */
    public String address() {
        return host + ":" + port;
    }

    /** @return {@code jdbc:mysql://host:port/database}, without credentials */
    public String url() {
        return "jdbc:mysql://" + address() + "/" + database;
    }

    @Override
    public String toString() {
        return user + "@" + address() + "/" + database;
    }
}
