package io.tablemover.engine.cli;

import io.tablemover.engine.config.Endpoint;
import io.tablemover.engine.config.InvalidInputException;
import io.tablemover.engine.config.PluginSelection;
import io.tablemover.engine.config.Shard;
import io.tablemover.engine.config.Sharding;
import io.tablemover.engine.config.ShardingKey;
import io.tablemover.engine.config.TableNames;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The options that name a run, shared by {@code move}, {@code cancel} and {@code verify}: source, target(s) with their
 * key ranges, sharding keys, tables and credentials. The run token is derived from the source database,
 * the target database (or the whole shard layout) and the tables.
 */
final class RunOptions {
    @Option(names = "--source", required = true, paramLabel = "URL",
            description = "Source database: jdbc:mysql://HOST:PORT/DB")
    String source;

    @Option(names = "--target", required = true, paramLabel = "URL[@KEYRANGE]",
            description = {"Target database: jdbc:mysql://HOST:PORT/DB (for move: it must exist, the tables must not).",
                    "To reshard, give it once per shard with the shard's key range in Vitess notation:"
                            + " --target URL1@-80 --target URL2@80-. The first target holds the run state."})
    List<String> targets;

    @Option(names = "--sharding-key", paramLabel = "TABLE=COLUMN[:VINDEX]",
            description = "Resharding: the column whose keyspace id places each row of TABLE on a shard, and the"
                    + " sharding function (default hash, the Vitess hash vindex; xxhash). Repeat per table,"
                    + " or set sharding-key.TABLE=COLUMN[:VINDEX] in --config")
    List<String> shardingKeys = new java.util.ArrayList<>();

    @Option(names = "--reference-tables", split = ",", paramLabel = "T1,T2",
            description = "Resharding: tables copied whole to every shard (or reference-tables=... in --config)")
    List<String> referenceTables = new java.util.ArrayList<>();

    @Option(names = "--tables", required = true, split = ",", paramLabel = "T1,T2",
            description = "Tables to move (verify: to compare), comma-separated")
    List<String> tables;

    @Option(names = "--source-user", paramLabel = "USER", description = "Source user (or source.user in --config)")
    String sourceUser;

    @Option(names = "--target-user", paramLabel = "USER", description = "Target user; defaults to the source user")
    String targetUser;

    @Mixin TlsOption tls = new TlsOption();

    @Option(names = "--config", paramLabel = "FILE",
            description = "Properties file with source.user, source.password, target.user, target.password,"
                    + " for resharding sharding-key.TABLE=COLUMN[:VINDEX] and reference-tables=T1,T2, and for move"
                    + " hook[.LABEL]=NAME[:key=value,...] and throttler[.LABEL]=NAME[:key=value,...]")
    Path config;

    /**
     * The hooks or throttlers the {@code --config} file selects: the key {@code kind} and every {@code kind.LABEL},
     * {@code kind} first, then by label (labels of digits only in numeric order, before the others, which are in
     * text order), each value {@code NAME[:key=value,...]} ({@link PluginSelection#parse}).
     *
     * @param kind {@code hook} or {@code throttler}
     * @return the selections, empty without a config file
     * @throws InvalidInputException naming the key for a malformed value
     */
    List<PluginSelection> configuredSelections(String kind, Map<String, String> env) {
        Passwords file = new Passwords(config, env);
        List<PluginSelection> found = new java.util.ArrayList<>();
        String single = file.property(kind);
        if (single != null) {
            found.add(PluginSelection.parse(kind + " in --config", single));
        }
        List<String> labels = new java.util.ArrayList<>(file.withPrefix(kind + ".").keySet());
        labels.sort(RunOptions::compareLabels);
        for (String label : labels) {
            found.add(PluginSelection.parse(kind + "." + label + " in --config", file.property(kind + "." + label)));
        }
        return found;
    }

    private static int compareLabels(String a, String b) {
        boolean da = a.chars().allMatch(Character::isDigit) && a.length() < 18;
        boolean db = b.chars().allMatch(Character::isDigit) && b.length() < 18;
        if (da && db) {
            return Long.compare(Long.parseLong(a), Long.parseLong(b));
        }
        return da != db ? (da ? -1 : 1) : a.compareTo(b);
    }

    /** @return the source endpoint, password from the environment or --config */
    Endpoint sourceEndpoint(Map<String, String> env) {
        Passwords passwords = new Passwords(config, env);
        return Endpoint.parse("--source", source, sourceUser(passwords), passwords.password("source"))
                .withTls(tls.mode());
    }

    /**
     * @return the targets: one unsharded target, or the shards with their key ranges, sharding keys and
     *     reference tables (from the options and --config); every target uses the target user and password
     * @throws InvalidInputException for a malformed URL, key range or sharding key, or an invalid shard set
     */
    Sharding sharding(Map<String, String> env) {
        Passwords passwords = new Passwords(config, env);
        String user = targetUser != null ? targetUser
                : passwords.user("target") != null ? passwords.user("target") : sourceUser(passwords);
        List<Shard> shards = new java.util.ArrayList<>();
        for (String t : targets) {
            String[] parts = Shard.splitTarget(t);
            Endpoint e = Endpoint.parse("--target", parts[0], user, passwords.password("target"))
                    .withTls(tls.mode());
            if (parts[1] == null && targets.size() > 1) {
                throw new InvalidInputException("--target " + t + " has no key range: with several targets, give each"
                        + " its shard's range, e.g. " + t + "@-80");
            }
            shards.add(new Shard(e, parts[1] == null ? io.tablemover.spi.sharding.KeyRange.FULL
                    : Shard.parseRange("--target " + parts[0], parts[1])));
        }
        Map<String, ShardingKey> keys = new java.util.LinkedHashMap<>();
        Map<String, String> fromFile = passwords.withPrefix("sharding-key.");
        fromFile.forEach((table, value) -> put(keys, ShardingKey.parse("sharding-key." + table + " in --config",
                table + "=" + value)));
        for (String k : shardingKeys) {
            put(keys, ShardingKey.parse("--sharding-key", k));
        }
        List<String> reference = new java.util.ArrayList<>(referenceTables.stream().map(String::trim).toList());
        String refFromFile = passwords.property("reference-tables");
        if (refFromFile != null && reference.isEmpty()) {
            java.util.Arrays.stream(refFromFile.split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(reference::add);
        }
        return new Sharding(shards, keys, reference);
    }

    private static void put(Map<String, ShardingKey> keys, ShardingKey key) {
        // the command line overrides the config file
        keys.put(key.table(), key);
    }

    private String sourceUser(Passwords passwords) {
        return sourceUser != null ? sourceUser : passwords.user("source");
    }

    /** @return the table names, trimmed and checked */
    List<String> tableNames() {
        return TableNames.check(tables);
    }
}
