package io.tablemover.engine.shard;

/**
 * A row cannot be placed on a shard: its sharding column is NULL, or the sharding function refuses the
 * value. The run fails (before the RENAME the source is untouched); the message names the table, the
 * column and the value.
 */
public final class RoutingException extends RuntimeException {
    public RoutingException(String message) {
        super(message);
    }

    public RoutingException(String message, Throwable cause) {
        super(message, cause);
    }
}
