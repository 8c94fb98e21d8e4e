package io.tablemover.engine.plugin;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import io.tablemover.engine.command.RunControl;

/**
 * Guice: the run's hooks, throttlers, sharding functions and interactive-command control, all owned by one
 * {@link RunExtensions} (opened and closed by the caller, before any server is contacted).
 */
public final class ExtensionsModule extends AbstractModule {
    private final RunExtensions plugins;

    /** @param plugins the loaded extensions; the caller closes them */
    public ExtensionsModule(RunExtensions plugins) {
        this.plugins = plugins;
    }

    @Override
    protected void configure() {
        bind(RunExtensions.class).toInstance(plugins);
    }

    /** @return the gate copy and apply wait at while throttled */
    @Provides
    ThrottleGate gate(RunExtensions extensions) {
        return extensions.gate();
    }

    /** @return what the interactive commands act on */
    @Provides
    RunControl control(RunExtensions extensions) {
        return extensions.control();
    }
}
