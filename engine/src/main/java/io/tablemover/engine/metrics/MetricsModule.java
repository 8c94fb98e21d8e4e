package io.tablemover.engine.metrics;

import com.google.inject.AbstractModule;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * Metrics: the run's own Prometheus registry (served by {@link MetricsServer} when {@code --metrics-port} is set) and
 * {@link RunMetrics}, which registers the run's metrics in it.
 */
public final class MetricsModule extends AbstractModule {
    private final PrometheusRegistry registry;

    /** @param registry the run's registry: the caller serves it (or not) */
    public MetricsModule(PrometheusRegistry registry) {
        this.registry = registry;
    }

    @Override
    protected void configure() {
        bind(PrometheusRegistry.class).toInstance(registry);
        bind(RunMetrics.class).asEagerSingleton();
    }
}
