package io.tablemover.engine.run;

/**
 * The run failed before the RENAME: the source is untouched (exit code 4). The message is one line
 * with the cause and the fix.
 */
public class RunFailedException extends RuntimeException {
    public RunFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
