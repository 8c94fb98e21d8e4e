package io.tablemover.engine.copy;

/** The copy failed; the message names the table and the server's error. */
public class CopyException extends RuntimeException {
    public CopyException(String message, Throwable cause) {
        super(message, cause);
    }
}
