package com.example.tablemover;

import io.tablemover.spi.PluginContext;
import io.tablemover.spi.PluginLog;
import io.tablemover.spi.throttle.ThrottleState;
import io.tablemover.spi.throttle.Throttler;
import io.tablemover.spi.throttle.ThrottlerFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code --throttler gate:flag-file=PATH[,poll-millis=N]}: pauses the copy and the binlog apply while PATH exists.
 * The file is looked at on the throttler's own daemon thread, as {@link Throttler#check()} must not do I/O.
 */
public final class GateThrottlerFactory implements ThrottlerFactory {
    @Override
    public String name() {
        return "gate";
    }

    @Override
    public Map<String, String> configKeys() {
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put("flag-file", "copy and apply pause while this file exists (required)");
        keys.put("poll-millis", "ms between two looks at the file, 10..10000 (default 100)");
        return keys;
    }

    @Override
    public Throttler create(Map<String, String> config, PluginContext context) {
        for (String key : config.keySet()) {
            if (!key.equals("flag-file") && !key.equals("poll-millis")) {
                throw new IllegalArgumentException("unknown setting " + key + "; known: flag-file, poll-millis");
            }
        }
        String file = config.get("flag-file");
        if (file == null || file.isBlank()) {
            throw new IllegalArgumentException("flag-file is required: the file whose existence pauses the run");
        }
        long poll;
        try {
            poll = Long.parseLong(config.getOrDefault("poll-millis", "100").strip());
        } catch (NumberFormatException e) {
            poll = -1;
        }
        if (poll < 10 || poll > 10_000) {
            throw new IllegalArgumentException("poll-millis must be a whole number from 10 to 10000, got '"
                    + config.get("poll-millis") + "'");
        }
        // SPI 1.2: the run this throttler is created for, with every target and its key range
        String shards = context.run()
                .map(r -> r.targets().stream().map(Object::toString).collect(Collectors.joining(", ")))
                .orElse("no run");
        context.log().info("gate: guarding " + shards + " with " + file);
        return new Gate(Path.of(file), poll, context.log());
    }

    private static final class Gate implements Throttler {
        private final Path flag;
        private final Thread poller;
        private volatile boolean exists;
        private volatile boolean closed;

        Gate(Path flag, long pollMillis, PluginLog log) {
            this.flag = flag;
            this.exists = Files.exists(flag); // the first answer is right from the start
            this.poller = new Thread(() -> {
                while (!closed) {
                    exists = Files.exists(flag);
                    try {
                        Thread.sleep(pollMillis);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "example-gate");
            poller.setDaemon(true);
            poller.start();
        }

        /** Fast, no I/O: the poller's latest look. */
        @Override
        public ThrottleState check() {
            return exists ? ThrottleState.throttled("gate", flag + " exists") : ThrottleState.open("gate");
        }

        @Override
        public void close() {
            closed = true;
            poller.interrupt();
        }
    }
}
