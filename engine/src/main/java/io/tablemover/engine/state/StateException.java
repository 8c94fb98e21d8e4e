package io.tablemover.engine.state;

/**
 * The run state cannot be used as it is (newer schema, failed migration, a run that does not match,
 * a run held by another process). The message is one line with the fix. Exit code 4.
 */
public class StateException extends RuntimeException {
    public StateException(String message) {
        super(message);
    }
}
