package io.tablemover.engine.config;

/**
 * A user mistake in the command line or config file (exit code 2). The message is one line that names
 * the option and says how to fix it; it is printed without a stack trace.
 */
public class InvalidInputException extends RuntimeException {
    public InvalidInputException(String message) {
        super(message);
    }
}
