package io.tablemover.engine.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tablemover.engine.state.RunToken;
import io.tablemover.spi.sharding.KeyRange;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ShardingTest {
    private static Endpoint db(String host, String name) {
        return new Endpoint(host, 3306, name, "u", "secret");
    }

    private static Shard shard(String host, String range) {
        return new Shard(db(host, "app"), KeyRange.parse(range));
    }

    @Test
    void splitsUrlAndKeyRange() {
        assertArrayEquals(new String[] {"jdbc:mysql://h:3306/app", "-80"}, Shard.splitTarget("jdbc:mysql://h:3306/app@-80"));
        assertArrayEquals(new String[] {"jdbc:mysql://h:3306/app", "80-c0"}, Shard.splitTarget("jdbc:mysql://h:3306/app@80-c0"));
        assertArrayEquals(new String[] {"jdbc:mysql://h:3306/app", null}, Shard.splitTarget("jdbc:mysql://h:3306/app"));
        assertArrayEquals(new String[] {"jdbc:mysql://h/a@b", null}, Shard.splitTarget("jdbc:mysql://h/a@b"));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> Shard.parseRange("--target x", "8g-"));
        assertTrue(e.getMessage().contains("--target x") && e.getMessage().contains("Vitess notation"), e.getMessage());
    }

    @Test
    void parsesShardingKeys() {
        assertEquals(new ShardingKey("orders", "customer_id", "hash"), ShardingKey.parse("--sharding-key", "orders=customer_id"));
        assertEquals(new ShardingKey("users", "login", "xxhash"), ShardingKey.parse("--sharding-key", "users=login:xxhash"));
        for (String bad : List.of("orders", "=c", "orders=", "orders=c:Bad Name")) {
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> ShardingKey.parse("--sharding-key", bad));
            assertTrue(e.getMessage().startsWith("--sharding-key"), e.getMessage());
        }
    }

    @Test
    void refusesGapsOverlapsDuplicatesAndKeysWithoutShards() {
        assertThrows(InvalidInputException.class, () -> new Sharding(List.of(shard("a", "-80"), shard("b", "c0-")), Map.of(), List.of()));
        assertThrows(InvalidInputException.class, () -> new Sharding(List.of(shard("a", "-80"), shard("b", "40-")), Map.of(), List.of()));
        InvalidInputException twice = assertThrows(InvalidInputException.class,
                () -> new Sharding(List.of(shard("a", "-80"), shard("a", "80-")), Map.of(), List.of()));
        assertTrue(twice.getMessage().contains("given twice"), twice.getMessage());
        assertThrows(InvalidInputException.class, () -> new Sharding(List.of(shard("a", "-")),
                Map.of("t", new ShardingKey("t", "c", "hash")), List.of()));
    }

    @Test
    void everyTableIsShardedOrReference() {
        Sharding s = new Sharding(List.of(shard("a", "-80"), shard("b", "80-")),
                Map.of("t", new ShardingKey("t", "c", "hash")), List.of("r"));
        s.checkTables(List.of("t", "r"));
        InvalidInputException unplaced = assertThrows(InvalidInputException.class, () -> s.checkTables(List.of("t", "r", "u")));
        assertTrue(unplaced.getMessage().contains("u have no sharding key"), unplaced.getMessage());
        InvalidInputException outside = assertThrows(InvalidInputException.class, () -> s.checkTables(List.of("t")));
        assertTrue(outside.getMessage().contains("--reference-tables names table r"), outside.getMessage());
        Sharding both = new Sharding(List.of(shard("a", "-80"), shard("b", "80-")),
                Map.of("t", new ShardingKey("t", "c", "hash")), List.of("t"));
        assertThrows(InvalidInputException.class, () -> both.checkTables(List.of("t")));
    }

    @Test
    void theShardLayoutIsPartOfTheRunToken() {
        Sharding two = new Sharding(List.of(shard("a", "-80"), shard("b", "80-")), Map.of("t", new ShardingKey("t", "c", "hash")), List.of());
        Sharding four = new Sharding(List.of(shard("a", "-40"), shard("b", "40-80"), shard("c", "80-c0"), shard("d", "c0-")),
                Map.of("t", new ShardingKey("t", "c", "hash")), List.of());
        Sharding otherVindex = new Sharding(List.of(shard("a", "-80"), shard("b", "80-")), Map.of("t", new ShardingKey("t", "c", "xxhash")), List.of());
        String t2 = RunToken.of("src", two, List.of("t"));
        assertNotEquals(t2, RunToken.of("src", four, List.of("t")));
        assertNotEquals(t2, RunToken.of("src", otherVindex, List.of("t")));
        assertEquals(RunToken.of("src", "app", List.of("t")), RunToken.of("src", Sharding.single(db("a", "app")), List.of("t")),
                "an unsharded run keeps its token");
        assertTrue(!two.identity().contains("secret"), "no password in the identity");
    }
}
