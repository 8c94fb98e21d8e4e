package io.tablemover.engine.cli;

import io.tablemover.engine.config.Endpoint;
import io.tablemover.engine.config.InvalidInputException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The options that name a run, shared by {@code move} and {@code cancel}: source, target, tables and
 * credentials. The run token is derived from the source database, the target database and the tables.
 */
final class RunOptions {
    @Option(names = "--source", required = true, paramLabel = "URL",
            description = "Source database: jdbc:mysql://HOST:PORT/DB")
    String source;

    @Option(names = "--target", required = true, paramLabel = "URL",
            description = "Target database: jdbc:mysql://HOST:PORT/DB (must exist, tables must not)")
    String target;

    @Option(names = "--tables", required = true, split = ",", paramLabel = "T1,T2",
            description = "Tables to move, comma-separated")
    List<String> tables;

    @Option(names = "--source-user", paramLabel = "USER", description = "Source user (or source.user in --config)")
    String sourceUser;

    @Option(names = "--target-user", paramLabel = "USER", description = "Target user; defaults to the source user")
    String targetUser;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Properties file with source.user, source.password, target.user, target.password")
    Path config;

    /** @return the source endpoint, password from the environment or --config */
    Endpoint sourceEndpoint(Map<String, String> env) {
        Passwords passwords = new Passwords(config, env);
        return Endpoint.parse("--source", source, sourceUser(passwords), passwords.password("source"));
    }

    /** @return the target endpoint; the target user defaults to the source user */
    Endpoint targetEndpoint(Map<String, String> env) {
        Passwords passwords = new Passwords(config, env);
        String user = targetUser != null ? targetUser
                : passwords.user("target") != null ? passwords.user("target") : sourceUser(passwords);
        return Endpoint.parse("--target", target, user, passwords.password("target"));
    }

    private String sourceUser(Passwords passwords) {
        return sourceUser != null ? sourceUser : passwords.user("source");
    }

    /** @return the table names, trimmed and checked */
    List<String> tableNames() {
        for (String table : tables) {
            if (table.isBlank() || table.trim().length() > 64) {
                throw new InvalidInputException("--tables: '" + table + "' is not a table name");
            }
        }
        return tables.stream().map(String::trim).toList();
    }
}
