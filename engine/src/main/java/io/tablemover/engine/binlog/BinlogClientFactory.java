package io.tablemover.engine.binlog;

import com.github.shyiko.mysql.binlog.BinaryLogClient;
import com.github.shyiko.mysql.binlog.event.Event;
import com.github.shyiko.mysql.binlog.event.EventType;
import com.github.shyiko.mysql.binlog.event.TableMapEventData;
import com.github.shyiko.mysql.binlog.event.TransactionPayloadEventData;
import com.github.shyiko.mysql.binlog.event.deserialization.EventDeserializer;
import com.github.shyiko.mysql.binlog.network.SSLMode;
import io.tablemover.engine.config.Endpoint;
import java.net.Socket;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Sets up the binlog client (mysql-binlog-connector-java), kept apart from event handling as Debezium
 * does: connection, replica server id, GTID start position, deserializers, timeouts.
 *
 * <p>No keep-alive reconnect: the library's keep-alive thread reconnects when no event was <em>read</em> for its
 * interval, which is also the case while the listener is merely slow (the change buffer full, the binlog thread
 * waiting for the applier in the middle of a large transaction). Each such reconnect streams again from the last
 * complete transaction, so a transaction larger than the buffer was replayed again and again and the run never
 * caught up. Instead the server sends a heartbeat every {@value #HEARTBEAT_MS} ms while it has nothing to send, and
 * the socket's read timeout ({@value #READ_TIMEOUT_MS} ms) fires only when the server stays silent while the client
 * reads: the connection is then dead, and the run fails with one line (resumable). A slow consumer does not read,
 * so it never looks like a dead connection; the stream never re-applies from an old position behind the run's back.
 */
public final class BinlogClientFactory {
    /** The heartbeat period asked of the source ({@code @master_heartbeat_period}), in ms. */
    static final long HEARTBEAT_MS = 1_000;
    /** How long a read may wait for the source (heartbeats included) before the connection counts as dead, in ms. */
    static final int READ_TIMEOUT_MS = 30_000;
    /** The TCP connect timeout, in ms. */
    static final int CONNECT_TIMEOUT_MS = 10_000;

    private BinlogClientFactory() {}

    /**
     * @param source the source server (its database is not used by the binlog protocol)
     * @param startGtidSet stream every transaction not in this GTID set ({@code uuid:1-100,...})
     * @return a client ready to {@code connect}, on daemon threads; it never reconnects by itself, asks for a
     *     heartbeat every {@value #HEARTBEAT_MS} ms and gives up a read after {@value #READ_TIMEOUT_MS} ms of
     *     silence; the GTID set it keeps counts compressed transactions too
     */
    public static BinaryLogClient create(Endpoint source, String startGtidSet) {
        BinaryLogClient client = new BinaryLogClient(source.host(), source.port(), source.user(), source.password()) {
            @Override
            protected void updateGtidSet(Event event) {
                // the client counts a transaction as complete at its XID; a compressed transaction's XID is inside
                // its payload, so without this a reconnect would stream every compressed transaction again
                if (event.getHeader().getEventType() == EventType.TRANSACTION_PAYLOAD
                        && event.getData() instanceof TransactionPayloadEventData p && p.getUncompressedEvents() != null) {
                    p.getUncompressedEvents().forEach(super::updateGtidSet);
                } else {
                    super.updateGtidSet(event);
                }
            }
        };
        // a replica server id no real replica uses: random in [2^30, 2^31)
        client.setServerId((1L << 30) + ThreadLocalRandom.current().nextLong(1L << 30));
        client.setGtidSet(startGtidSet);
        client.setGtidSetFallbackToPurged(false);
        client.setKeepAlive(false);
        client.setHeartbeatInterval(HEARTBEAT_MS);
        client.setConnectTimeout(CONNECT_TIMEOUT_MS);
        client.setSocketFactory(() -> {
            Socket socket = new Socket();
            socket.setSoTimeout(READ_TIMEOUT_MS); // a TLS socket layered on it reads through it, with this timeout
            return socket;
        });
        client.setThreadFactory(r -> {
            Thread t = new Thread(r);
            t.setDaemon(true); // a stream that cannot be stopped must not keep the process alive
            return t;
        });
        client.setSSLMode(SSLMode.valueOf(source.tls().name())); // the same names as --ssl-mode
        client.setSslSocketFactory(new BufferedTlsSockets(source.tls().verifies())); // else it reads TLS byte by byte
        client.setEventDeserializer(deserializer());
        return client;
    }

    /**
     * The stream's deserializer: values as {@link BinlogKeyDecoder} and {@link RowImageDecoder} expect them
     * ({@code CHAR_AND_BINARY_AS_BYTE_ARRAY}; temporal cells as MySQL's text, {@link ExactRowsDeserializers}); database and table names and statements decoded without the JVM's
     * default charset ({@link TableMapDeserializer}, {@link QueryDeserializer}); compressed transactions unpacked
     * with the same settings ({@link PayloadDeserializer}); the table id of partial JSON updates read
     * ({@link TableIdDeserializer}).
     */
    static EventDeserializer deserializer() {
        EventDeserializer d = new EventDeserializer();
        d.setCompatibilityMode(
                EventDeserializer.CompatibilityMode.DATE_AND_TIME_AS_LONG_MICRO,
                EventDeserializer.CompatibilityMode.CHAR_AND_BINARY_AS_BYTE_ARRAY);
        Map<Long, TableMapEventData> tables = TableMapDeserializer.tableMaps();
        d.setEventDataDeserializer(EventType.TABLE_MAP, new TableMapDeserializer(tables));
        d.setEventDataDeserializer(EventType.WRITE_ROWS, new ExactRowsDeserializers.Write(tables, false));
        d.setEventDataDeserializer(EventType.EXT_WRITE_ROWS, new ExactRowsDeserializers.Write(tables, true));
        d.setEventDataDeserializer(EventType.UPDATE_ROWS, new ExactRowsDeserializers.Update(tables, false));
        d.setEventDataDeserializer(EventType.EXT_UPDATE_ROWS, new ExactRowsDeserializers.Update(tables, true));
        d.setEventDataDeserializer(EventType.DELETE_ROWS, new ExactRowsDeserializers.Delete(tables, false));
        d.setEventDataDeserializer(EventType.EXT_DELETE_ROWS, new ExactRowsDeserializers.Delete(tables, true));
        d.setEventDataDeserializer(EventType.QUERY, new QueryDeserializer(0));
        d.setEventDataDeserializer(EventType.EXECUTE_LOAD_QUERY, new QueryDeserializer(13));
        d.setEventDataDeserializer(EventType.TRANSACTION_PAYLOAD, new PayloadDeserializer(BinlogClientFactory::deserializer));
        d.setEventDataDeserializer(EventType.PARTIAL_UPDATE_ROWS_EVENT, new TableIdDeserializer());
        return d;
    }
}
