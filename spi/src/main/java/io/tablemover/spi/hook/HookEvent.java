package io.tablemover.spi.hook;

import java.util.Objects;
import java.util.Optional;

/**
 * One event handed to {@link Hook#handle(HookEvent)}. Immutable.
 *
 * @param type what happened
 * @param run the run at the moment of the event
 * @param command the operator's command text; present exactly for
 *     {@link HookEventType#INTERACTIVE_COMMAND}
 * @since 1.1
 */
public record HookEvent(HookEventType type, RunInfo run, Optional<String> command) {
    /**
     * @throws NullPointerException if a component is null
     * @throws IllegalArgumentException if {@code command} is present for another type than
     *     {@link HookEventType#INTERACTIVE_COMMAND}, or absent for it
     */
    public HookEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(run, "run");
        Objects.requireNonNull(command, "command");
        if (command.isPresent() != (type == HookEventType.INTERACTIVE_COMMAND)) {
            throw new IllegalArgumentException("a command goes with the interactive-command event only, got "
                    + type + " with " + command);
        }
    }

    /**
     * @param type any type but {@link HookEventType#INTERACTIVE_COMMAND}
     * @return an event without a command
     */
    public static HookEvent of(HookEventType type, RunInfo run) {
        return new HookEvent(type, run, Optional.empty());
    }

    /**
     * @param command the command text as the operator sent it, e.g. {@code "throttle"}
     * @return an {@link HookEventType#INTERACTIVE_COMMAND} event
     */
    public static HookEvent interactiveCommand(RunInfo run, String command) {
        return new HookEvent(HookEventType.INTERACTIVE_COMMAND, run, Optional.of(command));
    }
}
