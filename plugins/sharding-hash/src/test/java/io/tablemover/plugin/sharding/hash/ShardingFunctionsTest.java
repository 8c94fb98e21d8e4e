package io.tablemover.plugin.sharding.hash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tablemover.spi.PluginContext;
import io.tablemover.spi.PluginLog;
import io.tablemover.spi.sharding.KeyRange;
import io.tablemover.spi.sharding.KeyspaceId;
import io.tablemover.spi.sharding.ShardingFunction;
import io.tablemover.spi.sharding.ShardingFunctionFactory;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ShardingFunctionsTest {
    private static final PluginContext CONTEXT = new PluginContext("sharding-hash", Path.of("."), PluginLog.NONE);

    private static ShardingFunction function(String name) {
        ShardingFunctionFactory factory = new HashShardingPlugin().shardingFunctionFactories().stream()
                .filter(f -> f.name().equals(name)).findFirst().orElseThrow();
        return factory.create(Map.of(), CONTEXT);
    }

    @Test
    void hashMatchesVitessForIdsOneToSix() {
        ShardingFunction hash = function("hash");
        List<String> expected = List.of("166b40b44aba4bd6", "06e7ea22ce92708f", "4eb190c9a2fa169c",
                "d2fd8867d50d2dfe", "70bb023c810ca87a", "f098480ac4c4be71");
        for (int id = 1; id <= 6; id++) {
            assertEquals(expected.get(id - 1), hash.keyspaceId((long) id).toHex(), "id " + id);
        }
    }

    @Test
    void hashTakesEveryIntegerFormOfTheSameValueAlike() {
        ShardingFunction hash = function("hash");
        KeyspaceId one = hash.keyspaceId(1L);
        assertEquals(one, hash.keyspaceId(1));
        assertEquals(one, hash.keyspaceId((short) 1));
        assertEquals(one, hash.keyspaceId((byte) 1));
        assertEquals(one, hash.keyspaceId(BigInteger.ONE));
        assertEquals(one, hash.keyspaceId("1"));
        BigInteger max = BigInteger.TWO.pow(64).subtract(BigInteger.ONE);
        assertEquals(hash.keyspaceId(max), hash.keyspaceId(-1L), "signed -1 is taken as 2^64-1, as Vitess does");
        assertEquals(hash.keyspaceId(max), hash.keyspaceId("18446744073709551615"));
        assertEquals(8, hash.keyspaceId(max).length());
    }

    @Test
    void hashRefusesWhatIsNotA64BitInteger() {
        ShardingFunction hash = function("hash");
        assertThrows(IllegalArgumentException.class, () -> hash.keyspaceId(BigInteger.TWO.pow(64)));
        assertThrows(IllegalArgumentException.class, () -> hash.keyspaceId(BigInteger.TWO.pow(63).negate().subtract(BigInteger.ONE)));
        assertThrows(IllegalArgumentException.class, () -> hash.keyspaceId("-1"));
        assertThrows(IllegalArgumentException.class, () -> hash.keyspaceId("abc"));
        assertThrows(IllegalArgumentException.class, () -> hash.keyspaceId(new byte[] {1}));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> hash.keyspaceId(1.5d));
        assertTrue(e.getMessage().contains("java.lang.Double"), e.getMessage());
        assertThrows(NullPointerException.class, () -> hash.keyspaceId(null));
    }

    @Test
    void xxhashMatchesVitess() {
        ShardingFunction xxhash = function("xxhash");
        assertEquals("d01ab7e4d6978f0b", xxhash.keyspaceId("test1").toHex());
        assertEquals("d01ab7e4d6978f0b", xxhash.keyspaceId("test1".getBytes(StandardCharsets.US_ASCII)).toHex());
        // XXH64("", seed 0) = 0xef46db3751d8e999, written little-endian
        assertEquals("99e9d85137db46ef", xxhash.keyspaceId("").toHex());
    }

    @Test
    void xxhashHashesIntegersAsTheirDecimalText() {
        ShardingFunction xxhash = function("xxhash");
        assertEquals(xxhash.keyspaceId("42"), xxhash.keyspaceId(42L));
        assertEquals(xxhash.keyspaceId("42"), xxhash.keyspaceId(42));
        assertEquals(xxhash.keyspaceId("-7"), xxhash.keyspaceId(-7L));
        assertEquals(xxhash.keyspaceId("18446744073709551615"),
                xxhash.keyspaceId(BigInteger.TWO.pow(64).subtract(BigInteger.ONE)));
        assertEquals(xxhash.keyspaceId("é"), xxhash.keyspaceId(new byte[] {(byte) 0xc3, (byte) 0xa9}), "UTF-8");
        assertThrows(IllegalArgumentException.class, () -> xxhash.keyspaceId(new BigDecimal("1.50")));
        assertThrows(IllegalArgumentException.class, () -> xxhash.keyspaceId(1.5f));
    }

    @Test
    void routesTheVitessExampleIdsToTwoShards() {
        ShardingFunction hash = function("hash");
        List<KeyRange> shards = KeyRange.parseList("-80,80-");
        KeyRange.validateShards(shards);
        List<String> placed = IntStream.rangeClosed(1, 6)
                .mapToObj(id -> shards.stream().filter(r -> r.contains(hash.keyspaceId((long) id))).findFirst()
                        .orElseThrow().toString())
                .toList();
        assertEquals(List.of("-80", "-80", "-80", "80-", "-80", "80-"), placed);
    }

    @Test
    void functionsTakeNoSettings() {
        ShardingFunctionFactory factory = new HashShardingPlugin().shardingFunctionFactories().get(0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> factory.create(Map.of("seed", "1"), CONTEXT));
        assertEquals("sharding function 'hash' takes no settings, got [seed]", e.getMessage());
    }

    @Test
    void functionsAreSafeToShareBetweenThreads() throws Exception {
        for (String name : List.of("hash", "xxhash")) {
            ShardingFunction f = function(name);
            List<KeyspaceId> expected = IntStream.range(0, 1000).mapToObj(i -> f.keyspaceId((long) i)).toList();
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<List<KeyspaceId>>> results = IntStream.range(0, 8).mapToObj(t -> pool.submit(
                        () -> IntStream.range(0, 1000).mapToObj(i -> f.keyspaceId((long) i)).toList())).toList();
                for (Future<List<KeyspaceId>> r : results) {
                    assertEquals(expected, r.get(), name);
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }
}
