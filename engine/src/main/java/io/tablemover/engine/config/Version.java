package io.tablemover.engine.config;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The tablemover version of this build (from the Maven project version), recorded in the run state. */
public final class Version {
    /** e.g. {@code 0.1.0}; {@code unknown} if the build did not record it. */
    public static final String VERSION = load();

    private Version() {}

    private static String load() {
        try (InputStream in = Version.class.getResourceAsStream("/tablemover-version.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
