package io.tablemover.engine.binlog;

import com.github.luben.zstd.Zstd;
import com.github.shyiko.mysql.binlog.event.Event;
import com.github.shyiko.mysql.binlog.event.TransactionPayloadEventData;
import com.github.shyiko.mysql.binlog.event.deserialization.EventDataDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.EventDeserializer;
import com.github.shyiko.mysql.binlog.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.function.Supplier;

/**
 * TRANSACTION_PAYLOAD events ({@code binlog_transaction_compression=ON}, MySQL 8.0.20+): one compressed
 * transaction after its GTID event, holding the transaction's ordinary events ({@code BEGIN}, TABLE_MAP, row events,
 * XID). The payload is unpacked (zstd, with the zstd-jni the binlog library brings) and its events read by a
 * deserializer set up like the stream's own. The library has a decoder of its own, but it reads the inner events
 * with default settings (strings instead of bytes, dates as {@code java.util.Date}, names in the platform charset),
 * which the key decoding cannot use.
 */
final class PayloadDeserializer implements EventDataDeserializer<TransactionPayloadEventData> {
    private static final int END = 0;
    private static final int PAYLOAD_SIZE = 1;
    private static final int COMPRESSION_TYPE = 2;
    private static final int UNCOMPRESSED_SIZE = 3;
    private static final int ZSTD = 0;
    private static final int NONE = 255;

    private final Supplier<EventDeserializer> inner;

    /** @param inner a new deserializer for the events of one payload (no checksums inside a payload) */
    PayloadDeserializer(Supplier<EventDeserializer> inner) {
        this.inner = inner;
    }

    @Override
    public TransactionPayloadEventData deserialize(ByteArrayInputStream in) throws IOException {
        long size = -1;
        long uncompressed = -1;
        int compression = ZSTD;
        // header fields: type, length, value (each a packed integer), up to the end mark
        while (in.available() > 0) {
            int type = in.readPackedInteger();
            if (type == END) {
                break;
            }
            byte[] value = in.read(in.readPackedInteger());
            switch (type) {
                case PAYLOAD_SIZE -> size = new ByteArrayInputStream(value).readPackedLong();
                case COMPRESSION_TYPE -> compression = (int) new ByteArrayInputStream(value).readPackedLong();
                case UNCOMPRESSED_SIZE -> uncompressed = new ByteArrayInputStream(value).readPackedLong();
                default -> { } // a field this reader does not know: its length was read, skip its value
            }
        }
        byte[] payload = in.read(size < 0 ? in.available() : (int) size);
        byte[] events = switch (compression) {
            case ZSTD -> Zstd.decompress(payload, (int) (uncompressed < 0 ? Zstd.decompressedSize(payload) : uncompressed));
            case NONE -> payload;
            default -> throw new IOException("TRANSACTION_PAYLOAD with unknown compression type " + compression);
        };
        EventDeserializer deserializer = inner.get();
        ByteArrayInputStream stream = new ByteArrayInputStream(events);
        ArrayList<Event> list = new ArrayList<>();
        for (Event e = deserializer.nextEvent(stream); e != null; e = deserializer.nextEvent(stream)) {
            list.add(e);
        }
        TransactionPayloadEventData data = new TransactionPayloadEventData();
        data.setCompressionType(compression);
        data.setPayloadSize(payload.length);
        data.setUncompressedSize(events.length);
        data.setUncompressedEvents(list);
        return data;
    }
}
