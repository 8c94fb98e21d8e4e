package io.tablemover.plugin.sharding.hash;

import io.tablemover.spi.sharding.KeyspaceId;
import io.tablemover.spi.sharding.ShardingFunction;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.util.Objects;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * Vitess's {@code hash} vindex: the keyspace id of an integer is DES (ECB, no padding) with an
 * all-zero 8-byte key applied to the integer as 8 big-endian bytes of an unsigned 64-bit value.
 * E.g. 1 → {@code 166b40b44aba4bd6}, 2 → {@code 06e7ea22ce92708f}.
 *
 * <p>Accepted values (as Vitess maps them): {@link Long}, {@link Integer}, {@link Short},
 * {@link Byte} (negative values of signed columns are taken as their 64-bit two's complement,
 * e.g. -1 as {@code 0xffffffffffffffff}); {@link BigInteger} from -2^63 to 2^64-1 (BIGINT
 * UNSIGNED); {@link String} holding an unsigned decimal integer up to 2^64-1. Anything else is
 * refused with {@link IllegalArgumentException}.
 *
 * <p>Thread-safe: each thread uses its own {@link Cipher}.
 */
final class HashFunction implements ShardingFunction {
    /** The function's name, as in Vitess. */
    static final String NAME = "hash";

    private static final BigInteger MAX_UNSIGNED = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
    private static final BigInteger MIN_SIGNED = BigInteger.valueOf(Long.MIN_VALUE);

    private final ThreadLocal<Cipher> cipher = ThreadLocal.withInitial(HashFunction::newCipher);

    HashFunction() {
        cipher.get(); // fail at creation, not at the first row, if the JDK lacks DES
    }

    private static Cipher newCipher() {
        try {
            Cipher c = Cipher.getInstance("DES/ECB/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(new byte[8], "DES"));
            return c;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK has no DES/ECB/NoPadding cipher, which the hash function needs", e);
        }
    }

    @Override
    public KeyspaceId keyspaceId(Object value) {
        byte[] block = ByteBuffer.allocate(8).putLong(toUnsigned64(value)).array();
        try {
            return KeyspaceId.of(cipher.get().doFinal(block));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("DES failed on an 8-byte block", e); // cannot happen with NoPadding and 8 bytes
        }
    }

    /** @return the value's 64 bits, read as unsigned by the caller */
    static long toUnsigned64(Object value) {
        Objects.requireNonNull(value, "value");
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof BigInteger b) {
            if (b.compareTo(MIN_SIGNED) < 0 || b.compareTo(MAX_UNSIGNED) > 0) {
                throw new IllegalArgumentException("hash takes integers from -2^63 to 2^64-1, got " + b);
            }
            return b.longValue();
        }
        if (value instanceof String s) {
            try {
                return Long.parseUnsignedLong(s);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("hash takes text only if it is an unsigned decimal integer"
                        + " up to 2^64-1, got '" + s + "'");
            }
        }
        throw new IllegalArgumentException("hash takes integer values (Long, Integer, Short, Byte, BigInteger or"
                + " decimal text), got a " + value.getClass().getName());
    }
}
