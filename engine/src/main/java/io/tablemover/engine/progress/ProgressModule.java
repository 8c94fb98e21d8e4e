package io.tablemover.engine.progress;

import com.google.inject.AbstractModule;
import io.tablemover.engine.config.Monitoring;

/** Progress display: the run's {@link ProgressBars}, drawn on stdout when it is a terminal (else none). */
public final class ProgressModule extends AbstractModule {
    private final Monitoring monitoring;

    /** @param monitoring {@code --no-progress} */
    public ProgressModule(Monitoring monitoring) {
        this.monitoring = monitoring;
    }

    @Override
    protected void configure() {
        bind(Monitoring.class).toInstance(monitoring);
        bind(ProgressBars.class).toInstance(ProgressBars.create(monitoring, System.out, ProgressBars.stdoutIsTerminal()));
    }
}
