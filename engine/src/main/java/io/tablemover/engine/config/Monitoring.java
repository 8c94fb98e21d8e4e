package io.tablemover.engine.config;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * How a move reports its progress besides its log lines, kept apart from {@link MoveConfig} and {@link Extensions}.
 * Immutable, validated.
 *
 * @param metricsPort {@code --metrics-port}: the TCP port serving Prometheus metrics at {@code /metrics}
 *     (0..65535; 0 picks a free port, logged at start); empty for none
 * @param metricsBind {@code --metrics-bind}: the address the metrics port listens on (default {@code 127.0.0.1})
 * @param progressBars {@code --no-progress} off: draw a live progress bar per table when stdout is a terminal
 */
public record Monitoring(OptionalInt metricsPort, String metricsBind, boolean progressBars) {
    /** Default of {@link #metricsBind()}: the loopback address only. */
    public static final String DEFAULT_METRICS_BIND = "127.0.0.1";

    /** No metrics port, no progress bars (embedders, most tests). */
    public static final Monitoring NONE = new Monitoring(OptionalInt.empty(), DEFAULT_METRICS_BIND, false);

    /** @throws InvalidInputException naming the option whose value is out of range */
    public Monitoring {
        Objects.requireNonNull(metricsPort, "metricsPort");
        Objects.requireNonNull(metricsBind, "metricsBind");
        if (metricsPort.isPresent() && (metricsPort.getAsInt() < 0 || metricsPort.getAsInt() > 65_535)) {
            throw new InvalidInputException("--metrics-port must be between 0 and 65535 (0: any free port), got "
                    + metricsPort.getAsInt());
        }
        if (metricsBind.isBlank()) {
            throw new InvalidInputException("--metrics-bind needs an address, e.g. 127.0.0.1 or 0.0.0.0");
        }
    }
}
