package io.tablemover.engine.schema;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class KeyValueTest {
    @Test
    void canonicalFormMakesJdbcAndBinlogKeysEqual() {
        assertEquals(KeyValue.of(5), KeyValue.of(5L));
        assertEquals(KeyValue.of((short) 5), KeyValue.of(BigInteger.valueOf(5)));
        assertEquals(KeyValue.of(new BigDecimal("1.50")), KeyValue.of(new BigDecimal("1.5")));
        assertEquals(KeyValue.of(new byte[] {0, 1}), KeyValue.of(new byte[] {0, 1}));
        assertNotEquals(KeyValue.of(new byte[] {0, 1}), KeyValue.of(new byte[] {0, 1, 0}));
        assertNotEquals(KeyValue.of("a"), KeyValue.of("a "));
    }

    @Test
    void hexSerializationRoundTripsEveryKeyType() {
        KeyValue key = KeyValue.of(new BigInteger("18446744073709551615"), -42L, new BigDecimal("-12345678901234567890.000000000001"),
                "trailing spaces  ", "emoji \uD83D\uDE80 and comma, colon:", new byte[] {0, 0, 7, 0, 0}, "2024-02-29 23:59:59.000001");
        KeyValue back = KeyValue.fromHex(key.toHex());
        assertEquals(key, back);
        assertEquals(key.parts(), back.parts());
        assertArrayEquals(new byte[] {0, 0, 7, 0, 0}, (byte[]) back.bindValues().get(5));
        assertEquals(BigInteger.class, back.parts().get(0).getClass());
    }

    @Test
    void rejectsNullPartsAndBadText() {
        assertThrows(NullPointerException.class, () -> KeyValue.of(java.util.Arrays.asList(1, null)));
        assertThrows(IllegalArgumentException.class, () -> KeyValue.fromHex("x:00"));
        assertThrows(IllegalArgumentException.class, () -> KeyValue.fromHex("nonsense"));
    }
}
