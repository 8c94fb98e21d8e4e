package io.tablemover.plugin.sharding.hash;

import io.tablemover.spi.sharding.KeyspaceId;
import io.tablemover.spi.sharding.ShardingFunction;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import net.openhft.hashing.LongHashFunction;

/**
 * Vitess's {@code xxhash} vindex: the keyspace id is XXH64 with seed 0 over the value's bytes,
 * written as 8 little-endian bytes. E.g. {@code "test1"} → {@code d01ab7e4d6978f0b}.
 *
 * <p>The bytes hashed are those MySQL sends for the value in the text protocol, as Vitess hashes
 * them: {@code byte[]} (BINARY/VARBINARY) as they are; {@link String} (CHAR/VARCHAR) in UTF-8;
 * {@link Long}, {@link Integer}, {@link Short}, {@link Byte} and {@link BigInteger} as their
 * decimal text, e.g. 42 → the bytes of {@code "42"}. Anything else, {@link java.math.BigDecimal}
 * included (the engine's canonical DECIMAL drops the column's scale, so its text differs from
 * MySQL's), is refused with {@link IllegalArgumentException}.
 *
 * <p>Thread-safe and stateless.
 */
final class XxhashFunction implements ShardingFunction {
    /** The function's name, as in Vitess. */
    static final String NAME = "xxhash";

    private static final LongHashFunction XXH64 = LongHashFunction.xx(0);

    @Override
    public KeyspaceId keyspaceId(Object value) {
        long hash = XXH64.hashBytes(bytes(value));
        return KeyspaceId.of(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(hash).array());
    }

    private static byte[] bytes(Object value) {
        Objects.requireNonNull(value, "value");
        if (value instanceof byte[] b) {
            return b;
        }
        if (value instanceof String s) {
            return s.getBytes(StandardCharsets.UTF_8);
        }
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte
                || value instanceof BigInteger) {
            return value.toString().getBytes(StandardCharsets.US_ASCII);
        }
        throw new IllegalArgumentException("xxhash takes byte[], String or integer values (Long, Integer, Short,"
                + " Byte, BigInteger), got a " + value.getClass().getName());
    }
}
