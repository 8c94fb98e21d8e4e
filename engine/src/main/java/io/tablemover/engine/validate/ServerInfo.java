package io.tablemover.engine.validate;

/**
 * What validation learned of a server.
 *
 * @param serverUuid {@code @@server_uuid}
 * @param version {@code @@version}, e.g. {@code 8.0.31}
 */
public record ServerInfo(String serverUuid, String version) {}
