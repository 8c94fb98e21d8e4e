package io.tablemover.spi.sharding;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class KeyRangeTest {
    @Test
    void parsesAndFormatsVitessNotation() {
        assertEquals(KeyRange.FULL, KeyRange.parse("-"));
        assertEquals("-", KeyRange.FULL.toString());
        assertEquals("-80", KeyRange.parse("-80").toString());
        assertEquals("80-c0", KeyRange.parse(" 80-C0 ").toString());
        assertEquals("c0-", KeyRange.parse("c0-").toString());
        assertEquals(Optional.of(KeyspaceId.fromHex("80")), KeyRange.parse("80-c0").start());
        assertEquals(Optional.empty(), KeyRange.parse("c0-").end());
        assertEquals(List.of(KeyRange.parse("-80"), KeyRange.parse("80-")), KeyRange.parseList("-80,80-"));
    }

    @Test
    void refusesMalformedOrEmptyRangesNamingTheText() {
        for (String bad : List.of("", "80", "8-", "-zz", "80-40", "80-80", "80-8000", "-00", "-80-", "0x80-")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KeyRange.parse(bad), bad);
            assertTrue(e.getMessage().contains("'" + bad + "'"), e.getMessage());
        }
    }

    @Test
    void startIsInclusiveEndExclusiveComparedAsUnsignedBytes() {
        KeyRange r = KeyRange.parse("80-c0");
        assertTrue(r.contains(KeyspaceId.fromHex("8000000000000000")));
        assertTrue(r.contains(KeyspaceId.fromHex("bfffffffffffffff")));
        assertFalse(r.contains(KeyspaceId.fromHex("c000000000000000")));
        assertFalse(r.contains(KeyspaceId.fromHex("7fffffffffffffff")));
        assertTrue(KeyRange.parse("-80").contains(KeyspaceId.fromHex("0000000000000000")));
        assertFalse(KeyRange.parse("-80").contains(KeyspaceId.fromHex("ff00000000000000")));
        assertTrue(KeyRange.parse("c0-").contains(KeyspaceId.fromHex("ffffffffffffffff")));
        assertTrue(KeyRange.FULL.contains(KeyspaceId.fromHex("00")));
    }

    @Test
    void acceptsShardSetsThatCoverTheKeyspaceOnceInAnyOrder() {
        assertDoesNotThrow(() -> KeyRange.validateShards(KeyRange.parseList("-")));
        assertDoesNotThrow(() -> KeyRange.validateShards(KeyRange.parseList("-80,80-")));
        assertDoesNotThrow(() -> KeyRange.validateShards(KeyRange.parseList("c0-,-40,80-c0,40-80")));
        assertDoesNotThrow(() -> KeyRange.validateShards(KeyRange.parseList("-80,8000-")), "80 and 8000 meet");
    }

    @Test
    void rejectsGapsNamingTheUncoveredRange() {
        assertEquals("shard key ranges leave 80-c0 uncovered (between -80 and c0-)", rejected("-80,c0-"));
        assertEquals("shard key ranges leave -40 uncovered (before 40-)", rejected("40-"));
        assertEquals("shard key ranges leave c0- uncovered (after -c0)", rejected("-c0"));
    }

    @Test
    void rejectsOverlapsNamingTheDoublyCoveredRange() {
        assertEquals("shard key ranges -80 and 40- overlap on 40-80", rejected("-80,40-"));
        assertEquals("shard key ranges - and -80 overlap on -80", rejected("-,-80"));
        assertEquals("shard key ranges -80 and -80 overlap on -80", rejected("-80,-80,80-"));
        assertEquals("shard key ranges 40- and 80-c0 overlap on 80-c0", rejected("-40,40-,80-c0"));
    }

    @Test
    void rejectsAnEmptyShardList() {
        assertThrows(IllegalArgumentException.class, () -> KeyRange.validateShards(List.of()));
    }

    private static String rejected(String shards) {
        return assertThrows(IllegalArgumentException.class,
                () -> KeyRange.validateShards(KeyRange.parseList(shards))).getMessage();
    }
}
