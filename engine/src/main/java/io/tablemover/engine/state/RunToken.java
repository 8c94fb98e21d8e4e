package io.tablemover.engine.state;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The identity of a run: the first 12 hex characters of the SHA-256 of the source database, the
 * target database and the sorted table set. The same command computes the same token, so running it
 * again finds the run and resumes it.
 */
public final class RunToken {
    private RunToken() {}

    /**
     * The token of a move to {@code sharding}'s targets: for one unsharded target, {@link #of(String, String, List)}
     * of its database; for shards, of {@link io.tablemover.engine.config.Sharding#identity()} (every shard's
     * server, database and range, the sharding keys and the reference tables), so that another shard layout is
     * another run.
     *
     * @return 12 lower-case hex characters
     */
    public static String of(String sourceDatabase, io.tablemover.engine.config.Sharding sharding, List<String> tables) {
        return of(sourceDatabase, sharding.sharded() ? sharding.identity() : sharding.home().database(), tables);
    }

    /** @return 12 lower-case hex characters */
    public static String of(String sourceDatabase, String targetDatabase, List<String> tables) {
        String canonical = sourceDatabase + "\n" + targetDatabase + "\n"
                + String.join(",", tables.stream().sorted().toList());
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
