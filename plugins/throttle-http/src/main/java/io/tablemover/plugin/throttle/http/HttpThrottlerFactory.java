package io.tablemover.plugin.throttle.http;

import io.tablemover.spi.PluginContext;
import io.tablemover.spi.throttle.Throttler;
import io.tablemover.spi.throttle.ThrottlerFactory;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The {@code http} throttler factory. Settings:
 * <ul>
 *   <li>{@code url} (required): an absolute {@code http} or {@code https} URL, polled with GET,
 *       e.g. {@code http://vttablet:15000/throttler/check?app=tablemover};</li>
 *   <li>{@code interval-millis} (default {@value #DEFAULT_INTERVAL_MILLIS}): pause between the
 *       end of one request and the start of the next, 10..60000 ms;</li>
 *   <li>{@code timeout-millis} (default {@value #DEFAULT_TIMEOUT_MILLIS}): how long one request may
 *       take, connect and body included, 1..60000 ms;</li>
 *   <li>{@code ignore-http-errors} (default {@code false}): {@code true} to not throttle when the
 *       request fails (connection refused, timeout, ...); any HTTP status but 200 still throttles.</li>
 * </ul>
 * Stateless and thread-safe.
 */
public final class HttpThrottlerFactory implements ThrottlerFactory {
    /** The factory's name. */
    public static final String NAME = "http";
    /** Setting: the URL to poll. */
    public static final String URL = "url";
    /** Setting: ms between requests. */
    public static final String INTERVAL_MILLIS = "interval-millis";
    /** Setting: ms one request may take. */
    public static final String TIMEOUT_MILLIS = "timeout-millis";
    /** Setting: whether failed requests do not throttle. */
    public static final String IGNORE_HTTP_ERRORS = "ignore-http-errors";
    /** Default of {@link #INTERVAL_MILLIS}. */
    public static final long DEFAULT_INTERVAL_MILLIS = 100;
    /** Default of {@link #TIMEOUT_MILLIS}. */
    public static final long DEFAULT_TIMEOUT_MILLIS = 1000;

    private static final Set<String> KEYS = Set.of(URL, INTERVAL_MILLIS, TIMEOUT_MILLIS, IGNORE_HTTP_ERRORS);

    /** Public no-argument constructor. */
    public HttpThrottlerFactory() {}

    @Override
    public String name() {
        return NAME;
    }

    /** @return the four settings, {@code url} first */
    @Override
    public Map<String, String> configKeys() {
        Map<String, String> keys = new java.util.LinkedHashMap<>();
        keys.put(URL, "the http(s) URL to GET; any answer but 200 throttles, e.g. a Vitess tablet's"
                + " /throttler/check (required)");
        keys.put(INTERVAL_MILLIS, "ms between two requests, 10..60000 (default " + DEFAULT_INTERVAL_MILLIS + ")");
        keys.put(TIMEOUT_MILLIS, "ms one request may take, 1..60000 (default " + DEFAULT_TIMEOUT_MILLIS + ")");
        keys.put(IGNORE_HTTP_ERRORS, "true: a failed request (refused, timed out) does not throttle; HTTP statuses"
                + " still do (default false)");
        return keys;
    }

    /**
     * Creates the throttler and makes its first request before returning (so blocks up to
     * {@code timeout-millis}), then polls on a daemon thread.
     *
     * @throws IllegalArgumentException if a setting is missing, malformed or out of range, or an
     *     unknown key is given
     */
    @Override
    public Throttler create(Map<String, String> config, PluginContext context) {
        Set<String> unknown = new TreeSet<>(config.keySet());
        unknown.removeAll(KEYS);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("http throttler: unknown setting(s) " + unknown + "; known: "
                    + new TreeSet<>(KEYS));
        }
        URI uri = url(config.get(URL));
        Duration interval = Duration.ofMillis(millis(config, INTERVAL_MILLIS, DEFAULT_INTERVAL_MILLIS, 10));
        Duration timeout = Duration.ofMillis(millis(config, TIMEOUT_MILLIS, DEFAULT_TIMEOUT_MILLIS, 1));
        boolean ignoreErrors = bool(config, IGNORE_HTTP_ERRORS);
        return HttpThrottler.start(NAME, uri, interval, timeout, ignoreErrors, context.log());
    }

    private static URI url(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("http throttler: " + URL + " is required, e.g."
                    + " http://127.0.0.1:15000/throttler/check");
        }
        try {
            URI uri = new URI(text.strip());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw new IllegalArgumentException("http throttler: " + URL + " must be an absolute http:// or https:// URL"
                + " with a host, got '" + text + "'");
    }

    private static long millis(Map<String, String> config, String key, long dflt, long min) {
        String text = config.get(key);
        if (text == null) {
            return dflt;
        }
        long v;
        try {
            v = Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            v = -1;
        }
        if (v < min || v > 60_000) {
            throw new IllegalArgumentException("http throttler: " + key + " must be a whole number of milliseconds"
                    + " from " + min + " to 60000, got '" + text + "'");
        }
        return v;
    }

    private static boolean bool(Map<String, String> config, String key) {
        String text = config.getOrDefault(key, "false").strip();
        if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(text);
        }
        throw new IllegalArgumentException("http throttler: " + key + " must be true or false, got '" + text + "'");
    }
}
