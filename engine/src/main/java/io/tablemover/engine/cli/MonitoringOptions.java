package io.tablemover.engine.cli;

import io.tablemover.engine.config.InvalidInputException;
import io.tablemover.engine.config.Monitoring;
import java.util.OptionalInt;
import picocli.CommandLine.Option;

/** The options of {@code move} that say how a run reports its progress: metrics port, progress bars. */
public final class MonitoringOptions {
    @Option(names = "--metrics-port", paramLabel = "PORT",
            description = "Serve Prometheus metrics at http://127.0.0.1:PORT/metrics while the run goes on"
                    + " (0: any free port, logged; see docs/cli.md for the metric names)")
    Integer metricsPort;

    @Option(names = "--metrics-bind", defaultValue = Monitoring.DEFAULT_METRICS_BIND, paramLabel = "ADDR",
            description = "The address --metrics-port listens on (default ${DEFAULT-VALUE}; 0.0.0.0: every interface)")
    String metricsBind;

    @Option(names = "--no-progress",
            description = "No live progress bars, only the status log lines, even when stdout is a terminal")
    boolean noProgress;

    /** @return the settings, validated */
    Monitoring monitoring() {
        if (metricsPort == null && !Monitoring.DEFAULT_METRICS_BIND.equals(metricsBind)) {
            throw new InvalidInputException("--metrics-bind needs --metrics-port, e.g. --metrics-port 9104");
        }
        return new Monitoring(metricsPort == null ? OptionalInt.empty() : OptionalInt.of(metricsPort), metricsBind,
                !noProgress);
    }
}
