package io.tablemover.plugin.throttle.http;

import io.tablemover.spi.Plugin;

/**
 * The {@code throttle-http} plugin: lets an external HTTP service slow down or pause a move.
 *
 * <p>Once the throttler SPI lands it will provide a throttler factory that polls a configured HTTP
 * endpoint (with {@link java.net.http.HttpClient} from the JDK, so the plugin needs no extra jars)
 * and pauses the copy and the binlog apply while the endpoint answers that the database is under
 * pressure, e.g. because replication lag is too high.
 *
 * <p>This version only identifies itself; the throttler factory arrives with a later SPI version.
 */
public final class HttpThrottlePlugin implements Plugin {
    /** The plugin's name, equal to its folder under {@code plugins/}. */
    public static final String NAME = "throttle-http";

    /** Public no-argument constructor, as {@link java.util.ServiceLoader} requires. */
    public HttpThrottlePlugin() {}

    @Override
    public String name() {
        return NAME;
    }
}
