package io.tablemover.engine.schema;

import java.util.Arrays;
import java.util.HexFormat;

/** An immutable byte string with value equality: a BINARY/VARBINARY key part. */
public final class Bytes {
    private final byte[] value;

    public Bytes(byte[] value) {
        this.value = value.clone();
    }

    /** @return a copy of the bytes */
    public byte[] toArray() {
        return value.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Bytes b && Arrays.equals(value, b.value);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(value);
    }

    /** @return {@code 0x} followed by lower-case hex */
    @Override
    public String toString() {
        return "0x" + HexFormat.of().formatHex(value);
    }
}
