/** Sharding: map a key value to a keyspace id, and keyspace ids to shards by key range (Vitess style). */
package io.tablemover.spi.sharding;
