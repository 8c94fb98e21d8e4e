package io.tablemover.engine.binlog;

import com.github.shyiko.mysql.binlog.BinaryLogClient;
import io.tablemover.engine.config.Endpoint;
import io.tablemover.engine.schema.TableSchema;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The run's one binlog connection to the source, streaming from a GTID set into a {@link ChangeSink}. It connects
 * once: a lost connection (an error, or {@value BinlogClientFactory#READ_TIMEOUT_MS} ms without a byte from the
 * source although heartbeats are due every second) fails the run with one line, resumable from the stored stream
 * checkpoint; nothing reconnects and replays behind the run's back ({@link BinlogClientFactory}).
 */
public final class BinlogStream implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(BinlogStream.class);
    /** How long {@link #close()} waits for the client's thread to stop, in ms. */
    static final long CLOSE_WAIT_MS = 5_000;

    private final BinaryLogClient client;
    private final String address;
    private final AtomicInteger connects = new AtomicInteger();
    private volatile boolean closing;

    /**
     * Connects and starts streaming on a background thread.
     *
     * @param startGtidSet the source's {@code gtid_executed} captured before the copy started
     * @param lowerCaseTableNames the source's {@code @@lower_case_table_names}: how it compares table names
     * @throws IOException if the source refuses the binlog connection within 10 s (for example the user
     *     lacks REPLICATION SLAVE, or the GTID set's binlogs were purged)
     */
    public BinlogStream(Endpoint source, String startGtidSet, List<TableSchema> tables, int lowerCaseTableNames,
                        ChangeSink sink) throws IOException {
        client = BinlogClientFactory.create(source, startGtidSet);
        address = source.address();
        MovedTableNames names = new MovedTableNames(source.database(), tables.stream().map(TableSchema::name).toList(),
                lowerCaseTableNames);
        client.registerEventListener(new RowEventListener(names, tables, sink));
        client.registerLifecycleListener(new BinaryLogClient.AbstractLifecycleListener() {
            @Override
            public void onConnect(BinaryLogClient c) {
                if (connects.incrementAndGet() > 1) { // never expected: the client does not reconnect by itself
                    sink.failed(new IllegalStateException("the binlog stream from " + address + " reconnected: a"
                            + " reconnect streams again from an older position; stopping the run"));
                }
                log.info("binlog stream connected to {} (connection id {})", address, c.getConnectionId());
            }

            @Override
            public void onDisconnect(BinaryLogClient c) {
                // also after an Error (OutOfMemoryError) ended the client's thread, which no other callback reports
                if (!closing) {
                    sink.failed(new IllegalStateException("the binlog stream from " + address + " stopped"));
                }
            }

            @Override
            public void onCommunicationFailure(BinaryLogClient c, Exception ex) {
                log.warn("binlog stream: {}", ex.getMessage());
                sink.failed(lost(ex));
            }

            @Override
            public void onEventDeserializationFailure(BinaryLogClient c, Exception ex) {
                sink.failed(ex instanceof SocketTimeoutException || ex.getCause() instanceof SocketTimeoutException
                        ? lost(ex) : ex);
            }
        });
        try {
            client.connect(10_000);
        } catch (TimeoutException e) {
            throw new IOException("binlog connection to " + source.address() + " timed out after 10 s", e);
        }
        log.info("binlog stream from {} started at GTID set {}", source.address(), startGtidSet);
    }

    /** @return the failure of a lost connection, in one line: where, why, and that the run stops */
    private IllegalStateException lost(Exception ex) {
        String why = ex instanceof SocketTimeoutException || ex.getCause() instanceof SocketTimeoutException
                ? "no data for " + BinlogClientFactory.READ_TIMEOUT_MS / 1000 + " s although the source sends a heartbeat"
                        + " every second"
                : String.valueOf(ex.getMessage()).split("\n")[0];
        return new IllegalStateException("the binlog connection to " + address + " was lost (" + why + ")", ex);
    }

    /** @return how often the client connected: 1 for a healthy stream (it never reconnects by itself) */
    public int connects() {
        return connects.get();
    }

    /**
     * Disconnects. The client's disconnect waits for its thread, which may be inside the sink (close the sink
     * first, so that it does not wait for buffer space); this waits at most {@value #CLOSE_WAIT_MS} ms and then
     * leaves the (daemon) thread behind with a warning, so a stopping run never hangs here.
     */
    @Override
    public void close() {
        closing = true;
        Thread closer = new Thread(() -> {
            try {
                client.disconnect();
            } catch (IOException e) {
                log.debug("binlog disconnect: {}", e.getMessage());
            }
        }, "binlog-close");
        closer.setDaemon(true);
        closer.start();
        try {
            closer.join(CLOSE_WAIT_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (closer.isAlive()) {
            log.warn("the binlog stream from {} did not stop within {} ms; leaving it behind", address, CLOSE_WAIT_MS);
        }
    }
}
