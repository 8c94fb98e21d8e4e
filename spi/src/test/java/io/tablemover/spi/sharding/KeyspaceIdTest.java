package io.tablemover.spi.sharding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class KeyspaceIdTest {
    @Test
    void comparesAsUnsignedBytesWithPrefixesFirst() {
        KeyspaceId x7f = KeyspaceId.fromHex("7f");
        KeyspaceId x80 = KeyspaceId.fromHex("80");
        KeyspaceId x8000 = KeyspaceId.fromHex("8000");
        KeyspaceId xff = KeyspaceId.fromHex("ff");
        assertTrue(x7f.compareTo(x80) < 0, "0x7f < 0x80 (a signed comparison says otherwise)");
        assertTrue(x80.compareTo(x8000) < 0);
        assertTrue(x8000.compareTo(xff) < 0);
        assertEquals(0, KeyspaceId.fromHex("80").compareTo(x80));
    }

    @Test
    void isAnImmutableValueWithLowerCaseHexText() {
        byte[] bytes = {(byte) 0xAB, 0x01};
        KeyspaceId id = KeyspaceId.of(bytes);
        bytes[0] = 0;
        assertEquals("ab01", id.toString());
        assertEquals(id, KeyspaceId.fromHex("AB01"));
        assertEquals(id.hashCode(), KeyspaceId.fromHex("ab01").hashCode());
        id.toBytes()[0] = 0;
        assertEquals("ab01", id.toHex());
        assertNotEquals(id, KeyspaceId.fromHex("ab0100"));
        assertEquals(2, id.length());
    }

    @Test
    void refusesEmptyAndMalformedHex() {
        assertThrows(IllegalArgumentException.class, () -> KeyspaceId.fromHex(""));
        assertThrows(IllegalArgumentException.class, () -> KeyspaceId.fromHex("abc"));
        assertThrows(IllegalArgumentException.class, () -> KeyspaceId.fromHex("zz"));
        assertThrows(IllegalArgumentException.class, () -> KeyspaceId.of(new byte[0]));
    }
}
