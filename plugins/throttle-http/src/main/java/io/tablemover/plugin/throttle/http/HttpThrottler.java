package io.tablemover.plugin.throttle.http;

import io.tablemover.spi.PluginLog;
import io.tablemover.spi.throttle.ThrottleState;
import io.tablemover.spi.throttle.Throttler;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodySubscribers;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Polls a URL with GET on a daemon thread ({@code tablemover-throttle-http}) and keeps the latest
 * verdict: HTTP 200 is not throttled; any other status throttles with the reason
 * {@code HTTP <code>}, followed by the message, value and threshold of a Vitess-style JSON body
 * (see {@link VitessCheckBody}); a failed request (connect error, timeout, ...) throttles with
 * the reason {@code GET <url> failed: <error>}, unless errors are ignored. Redirects are not
 * followed: a 3xx answer throttles like any other non-200 status, so that a misconfigured URL shows. The URL in reasons and logs has no user info and no query.
 *
 * <p>Thread-safe: {@link #check()} reads a volatile field and never blocks.
 */
final class HttpThrottler implements Throttler {
    private final String name;
    private final URI uri;
    private final String shownUrl;
    private final Duration timeout;
    private final boolean ignoreErrors;
    private final PluginLog log;
    private final HttpClient client;
    private final ScheduledExecutorService poller;
    private volatile ThrottleState state;
    private volatile String ignoredError;

    private HttpThrottler(String name, URI uri, Duration timeout, boolean ignoreErrors, PluginLog log) {
        this.name = name;
        this.uri = uri;
        this.shownUrl = shown(uri);
        this.timeout = timeout;
        this.ignoreErrors = ignoreErrors;
        this.log = log;
        this.client = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
        this.poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "tablemover-throttle-http");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Makes the first request (blocking up to {@code timeout}), then polls every {@code interval}
     * after the previous request ended.
     */
    static HttpThrottler start(String name, URI uri, Duration interval, Duration timeout, boolean ignoreErrors,
                               PluginLog log) {
        HttpThrottler t = new HttpThrottler(name, uri, timeout, ignoreErrors, log);
        t.poll();
        t.poller.scheduleWithFixedDelay(t::poll, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        return t;
    }

    @Override
    public ThrottleState check() {
        return state;
    }

    /** Stops polling; {@link #check()} keeps returning the last verdict. */
    @Override
    public void close() {
        poller.shutdownNow();
    }

    private void poll() {
        try {
            state = ask();
        } catch (RuntimeException e) {
            state = ThrottleState.throttled(name, "GET " + shownUrl + " failed: " + describe(e));
        }
    }

    private ThrottleState ask() {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).GET()
                .header("Accept", "application/json").build();
        CompletableFuture<HttpResponse<byte[]>> future = client.sendAsync(request,
                info -> info.statusCode() == 200 ? BodySubscribers.replacing(new byte[0]) : BodySubscribers.ofByteArray());
        HttpResponse<byte[]> response;
        try {
            response = future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt(); // close(): keep the last verdict
            ThrottleState last = state;
            return last != null ? last : ThrottleState.throttled(name, "interrupted before the first answer");
        } catch (TimeoutException e) {
            future.cancel(true);
            return failed("timed out after " + timeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            return failed(cause instanceof java.net.http.HttpTimeoutException
                    ? "timed out after " + timeout.toMillis() + " ms" : describe(cause));
        }
        if (ignoredError != null) {
            log.info("GET " + shownUrl + " answers again (HTTP " + response.statusCode() + ")");
            ignoredError = null;
        }
        if (response.statusCode() == 200) {
            return ThrottleState.open(name);
        }
        String reason = "HTTP " + response.statusCode()
                + VitessCheckBody.describe(response.body()).map(d -> ": " + d).orElse("");
        return ThrottleState.throttled(name, reason);
    }

    private ThrottleState failed(String error) {
        String reason = "GET " + shownUrl + " failed: " + error;
        if (!ignoreErrors) {
            return ThrottleState.throttled(name, reason);
        }
        if (ignoredError == null) {
            log.warn(reason + "; not throttling because ignore-http-errors is set");
        }
        ignoredError = error;
        return ThrottleState.open(name);
    }

    /** @return e.g. {@code "ConnectException: Connection refused"}: the class, and the first message in the cause chain */
    private static String describe(Throwable e) {
        if (e instanceof java.io.UncheckedIOException && e.getCause() != null) {
            e = e.getCause();
        }
        String m = null;
        for (Throwable c = e; c != null && m == null; c = c.getCause()) {
            m = c.getMessage() == null || c.getMessage().isBlank() ? null : c.getMessage();
        }
        if (m == null && e instanceof java.net.ConnectException) {
            m = "cannot connect (refused or unreachable)"; // the JDK client often gives no message
        }
        return e.getClass().getSimpleName() + (m == null ? "" : ": " + m.replaceAll("\\s+", " "));
    }

    /** @return {@code scheme://host[:port]/path}: no user info, no query, no fragment */
    private static String shown(URI uri) {
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort())
                + (uri.getRawPath() == null ? "" : uri.getRawPath());
    }
}
