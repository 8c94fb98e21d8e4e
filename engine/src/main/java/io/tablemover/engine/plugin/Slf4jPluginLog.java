package io.tablemover.engine.plugin;

import io.tablemover.spi.PluginLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A plugin's log: SLF4J logger {@code io.tablemover.plugin.<plugin name>}. Thread-safe; never throws. */
final class Slf4jPluginLog implements PluginLog {
    private final Logger log;

    Slf4jPluginLog(String pluginName) {
        this.log = LoggerFactory.getLogger("io.tablemover.plugin." + pluginName);
    }

    @Override
    public void info(String message) {
        try {
            log.info("{}", message);
        } catch (RuntimeException ignored) {
            // a log must never fail the caller
        }
    }

    @Override
    public void warn(String message) {
        try {
            log.warn("{}", message);
        } catch (RuntimeException ignored) {
            // a log must never fail the caller
        }
    }
}
