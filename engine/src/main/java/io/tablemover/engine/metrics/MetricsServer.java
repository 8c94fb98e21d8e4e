package io.tablemover.engine.metrics;

import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.tablemover.engine.config.InvalidInputException;
import io.tablemover.engine.config.Monitoring;
import java.io.IOException;
import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves a run's registry in the Prometheus text format at {@code http://BIND:PORT/metrics} ({@code --metrics-port},
 * {@code --metrics-bind}) with the Prometheus Java client's HTTP exporter (the JDK's {@code com.sun.net.httpserver}).
 * Opened before any server is contacted, so that a port in use is invalid input (exit 2) that changed nothing.
 */
public final class MetricsServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MetricsServer.class);

    private final HTTPServer server; // null: no --metrics-port

    private MetricsServer(HTTPServer server) {
        this.server = server;
    }

    /**
     * Starts serving {@code registry} if {@code monitoring} names a metrics port.
     *
     * @return the running server; without {@code --metrics-port} one that serves nothing
     * @throws InvalidInputException (exit 2) naming the option, the address and why, if the port cannot be bound
     *     (in use, an address not of this host)
     */
    public static MetricsServer open(Monitoring monitoring, PrometheusRegistry registry) {
        if (monitoring.metricsPort().isEmpty()) {
            return new MetricsServer(null);
        }
        int port = monitoring.metricsPort().getAsInt();
        try {
            HTTPServer server = HTTPServer.builder().hostname(monitoring.metricsBind()).port(port).registry(registry)
                    .buildAndStart();
            log.info("metrics: http://{}:{}/metrics", monitoring.metricsBind(), server.getPort());
            return new MetricsServer(server);
        } catch (IOException | RuntimeException e) {
            throw new InvalidInputException("--metrics-port " + port + ": cannot listen on " + monitoring.metricsBind()
                    + ":" + port + " (" + e.getClass().getSimpleName() + ": " + e.getMessage()
                    + "); choose a free port, or with --metrics-bind an address of this host");
        }
    }

    /** @return the port it listens on (the chosen one for {@code --metrics-port 0}); empty if it serves nothing */
    public OptionalInt port() {
        return server == null ? OptionalInt.empty() : OptionalInt.of(server.getPort());
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
    }
}
