package io.tablemover.engine.config;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * One server of {@code --throttle-control-replicas}: a replica whose lag throttles the move. It is reached with
 * the source's user and password. Immutable.
 *
 * @param host host name or IP address
 * @param port TCP port (default 3306)
 */
public record ReplicaAddress(String host, int port) {

    /**
     * Parses a comma list of {@code jdbc:mysql://HOST[:PORT][/]} (a bare {@code HOST[:PORT]}, as gh-ost takes it,
     * is accepted too).
     *
     * @param option the option, named in errors
     * @throws InvalidInputException one line naming the option, the bad URL and the expected form
     */
    public static List<ReplicaAddress> parseList(String option, String text) {
        List<ReplicaAddress> out = new ArrayList<>();
        if (text == null || text.isBlank()) {
            throw new InvalidInputException(option + " is empty: give replicas like jdbc:mysql://replica1:3306,jdbc:mysql://replica2:3306");
        }
        for (String part : text.split(",", -1)) {
            ReplicaAddress a = parse(option, part.trim());
            if (out.contains(a)) {
                throw new InvalidInputException(option + ": " + a + " is given twice");
            }
            out.add(a);
        }
        return List.copyOf(out);
    }

    static ReplicaAddress parse(String option, String url) {
        String expected = option + ": '" + url + "' is not a replica address; use jdbc:mysql://HOST:PORT, e.g."
                + " jdbc:mysql://replica1:3306 (no database, no parameters, no credentials)";
        String s = url.startsWith("jdbc:mysql://") ? url.substring("jdbc:".length()) : "mysql://" + url;
        URI uri;
        try {
            uri = URI.create(s);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(expected);
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        if (uri.getHost() == null || !(path.isEmpty() || path.equals("/")) || uri.getRawQuery() != null
                || uri.getRawUserInfo() != null || uri.getRawFragment() != null || uri.getPort() == 0 || uri.getPort() > 65535) {
            throw new InvalidInputException(expected);
        }
        return new ReplicaAddress(uri.getHost(), uri.getPort() < 0 ? 3306 : uri.getPort());
    }

    /** @return {@code jdbc:mysql://host:port}, as the operator writes it */
    public String url() {
        return "jdbc:mysql://" + host + ":" + port;
    }

    /** @return {@code host:port} */
    @Override
    public String toString() {
        return host + ":" + port;
    }
}
