package com.example.tablemover;

import io.tablemover.spi.PluginContext;
import io.tablemover.spi.hook.Hook;
import io.tablemover.spi.hook.HookEvent;
import io.tablemover.spi.hook.HookFactory;
import io.tablemover.spi.hook.HookException;
import io.tablemover.spi.hook.TargetShard;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code --hook recorder:file=PATH}: appends one line per event to PATH,
 * {@code <event> <phase> <target@range,...>}, e.g.
 * {@code before-row-copy copy 10.0.0.5:3306/app@-80,10.0.0.6:3306/app@80-}.
 */
public final class RecorderHookFactory implements HookFactory {
    @Override
    public String name() {
        return "recorder";
    }

    @Override
    public Map<String, String> configKeys() {
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put("file", "the file each event is appended to, one line per event (required)");
        return keys;
    }

    @Override
    public Hook create(Map<String, String> config, PluginContext context) {
        for (String key : config.keySet()) {
            if (!key.equals("file")) {
                throw new IllegalArgumentException("unknown setting " + key + "; known: file");
            }
        }
        String file = config.get("file");
        if (file == null || file.isBlank()) {
            throw new IllegalArgumentException("file is required: the file the events are appended to");
        }
        Path path = Path.of(file);
        context.log().info("recorder: appending events to " + path);
        return new RecorderHook(path);
    }

    /** Called serially by the engine (never twice at once), so no locking is needed. */
    private static final class RecorderHook implements Hook {
        private final Path file;

        RecorderHook(Path file) {
            this.file = file;
        }

        @Override
        public void handle(HookEvent event) throws HookException {
            String targets = event.run().targets().stream().map(TargetShard::toString)
                    .collect(Collectors.joining(","));
            String line = event.type().eventName() + " " + event.run().phase() + " " + targets + "\n";
            try {
                Files.writeString(file, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
            } catch (IOException e) {
                // not a veto: the run goes on, the engine logs and records the failure
                throw new HookException("recorder cannot write " + file + ": " + e.getMessage(), false);
            }
        }
    }
}
