package io.tablemover.engine.plugin;

import io.tablemover.spi.hook.HookEventType;
import java.util.List;
import java.util.Objects;

/**
 * What firing one event at the hooks gave. Immutable.
 *
 * @param event the event fired
 * @param failures one line per failed hook, {@code "<hook name>: <message>"}; empty if all succeeded
 * @param vetoed true if the run must not go on: only at {@code before-cut-over}, when a hook
 *     vetoed or failed with an unexpected exception
 */
public record HookOutcome(HookEventType event, List<String> failures, boolean vetoed) {
    /** Copies the list. */
    public HookOutcome {
        Objects.requireNonNull(event, "event");
        failures = List.copyOf(failures);
        if (vetoed && !event.vetoable()) {
            throw new IllegalArgumentException(event + " cannot be vetoed");
        }
    }

    /** @return true if every hook succeeded */
    public boolean ok() {
        return failures.isEmpty();
    }
}
