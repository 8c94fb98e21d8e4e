package io.tablemover.engine.apply;

import io.tablemover.engine.binlog.BinlogStream;

/**
 * The run's running binlog replication: one {@link BinlogStream} from the source feeding a {@link ChangeBuffer}
 * that one {@link Applier} drains into the target(s). Opened by {@link ReplicationFactory}; closing it stops the
 * applier, then the stream.
 *
 * @param buffer the changed keys the stream received and the applier has not taken yet
 * @param stream the binlog connection
 * @param applier the thread applying the buffer to the target(s)
 */
public record Replication(ChangeBuffer buffer, BinlogStream stream, Applier applier) implements AutoCloseable {
    @Override
    public void close() {
        // the order of the former try-with-resources (applier, then stream) is kept as it is
        try {
            applier.close();
        } finally {
            stream.close();
        }
    }
}
