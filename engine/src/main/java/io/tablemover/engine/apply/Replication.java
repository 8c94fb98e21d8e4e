package io.tablemover.engine.apply;

import io.tablemover.engine.binlog.BinlogStream;

/**
 * The run's running binlog replication: one {@link BinlogStream} from the source feeding a {@link ChangeBuffer}
 * that one {@link Applier} drains into the target(s). Opened by {@link ReplicationFactory}; closing it closes the
 * buffer (a binlog thread waiting for buffer space returns), then the stream (its disconnect waits for that thread),
 * then the applier. The other order deadlocks when the buffer is full: a closed applier never takes the batch the
 * binlog thread waits for, and the stream's disconnect waits for that thread forever.
 *
 * @param buffer the changed keys the stream received and the applier has not taken yet
 * @param stream the binlog connection
 * @param applier the thread applying the buffer to the target(s)
 */
public record Replication(ChangeBuffer buffer, BinlogStream stream, Applier applier) implements AutoCloseable {
    @Override
    public void close() {
        buffer.close();
        try {
            stream.close();
        } finally {
            applier.close();
        }
    }
}
