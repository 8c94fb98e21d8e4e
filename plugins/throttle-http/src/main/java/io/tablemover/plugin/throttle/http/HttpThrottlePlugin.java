package io.tablemover.plugin.throttle.http;

import io.tablemover.spi.Plugin;
import io.tablemover.spi.SpiVersion;
import io.tablemover.spi.throttle.ThrottlerFactory;
import java.util.List;

/**
 * The {@code throttle-http} plugin: lets an external HTTP service pause a move, like gh-ost's
 * {@code --throttle-http}. It offers one throttler factory, {@code http}
 * ({@link HttpThrottlerFactory}), which polls a URL with the JDK's
 * {@link java.net.http.HttpClient} and throttles on any answer but 200, understanding the JSON
 * body of the Vitess tablet throttler's {@code /throttler/check}.
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

    @Override
    public SpiVersion spiVersion() {
        return new SpiVersion(SpiVersion.MAJOR, SpiVersion.MINOR);
    }

    /** @return the {@code http} throttler factory */
    @Override
    public List<ThrottlerFactory> throttlerFactories() {
        return List.of(new HttpThrottlerFactory());
    }
}
