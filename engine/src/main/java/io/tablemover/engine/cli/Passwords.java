package io.tablemover.engine.cli;

import io.tablemover.engine.config.InvalidInputException;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/**
 * Where credentials (and, for resharding, the sharding keys) come from: never the command line for passwords. A {@code --config} properties file
 * ({@code source.user}, {@code source.password}, {@code target.user}, {@code target.password}) is read
 * first, then the environment variables {@code TABLEMOVER_SOURCE_PASSWORD} and
 * {@code TABLEMOVER_TARGET_PASSWORD} override the passwords. Unset means no password.
 */
final class Passwords {
    private final Properties file = new Properties();
    private final Map<String, String> env;

    /**
     * @param config the {@code --config} file, or null
     * @throws InvalidInputException if the file cannot be read
     */
    Passwords(Path config, Map<String, String> env) {
        this.env = env;
        if (config != null) {
            try (Reader r = Files.newBufferedReader(config)) {
                file.load(r);
            } catch (IOException e) {
                throw new InvalidInputException("--config " + config + " cannot be read: " + e.getMessage());
            }
        }
    }

    /** @param side {@code source} or {@code target} */
    String password(String side) {
        String fromEnv = env.get("TABLEMOVER_" + side.toUpperCase() + "_PASSWORD");
        return fromEnv != null ? fromEnv : file.getProperty(side + ".password", "");
    }

    /** @return a setting of the config file, or null */
    String property(String key) {
        return file.getProperty(key);
    }

    /** @return the config file's settings whose key starts with {@code prefix}, by the rest of the key, sorted */
    Map<String, String> withPrefix(String prefix) {
        Map<String, String> found = new java.util.TreeMap<>();
        for (String k : file.stringPropertyNames()) {
            if (k.startsWith(prefix) && k.length() > prefix.length()) {
                found.put(k.substring(prefix.length()), file.getProperty(k));
            }
        }
        return found;
    }

    /** @return the user from the config file, or null */
    String user(String side) {
        return file.getProperty(side + ".user");
    }
}
