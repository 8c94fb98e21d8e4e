package io.tablemover.engine.binlog;

import com.github.shyiko.mysql.binlog.BinaryLogClient;
import io.tablemover.engine.config.Endpoint;
import io.tablemover.engine.schema.TableSchema;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The run's one binlog connection to the source, streaming from a GTID set into a {@link ChangeSink}.
 */
public final class BinlogStream implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(BinlogStream.class);

    private final BinaryLogClient client;

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
        MovedTableNames names = new MovedTableNames(source.database(), tables.stream().map(TableSchema::name).toList(),
                lowerCaseTableNames);
        client.registerEventListener(new RowEventListener(names, tables, sink));
        client.registerLifecycleListener(new BinaryLogClient.AbstractLifecycleListener() {
            @Override
            public void onCommunicationFailure(BinaryLogClient c, Exception ex) {
                log.warn("binlog stream: {}", ex.getMessage());
                sink.failed(ex);
            }

            @Override
            public void onEventDeserializationFailure(BinaryLogClient c, Exception ex) {
                sink.failed(ex);
            }
        });
        try {
            client.connect(10_000);
        } catch (TimeoutException e) {
            throw new IOException("binlog connection to " + source.address() + " timed out after 10 s", e);
        }
        log.info("binlog stream from {} started at GTID set {}", source.address(), startGtidSet);
    }

    @Override
    public void close() {
        try {
            client.disconnect();
        } catch (IOException e) {
            log.debug("binlog disconnect: {}", e.getMessage());
        }
    }
}
