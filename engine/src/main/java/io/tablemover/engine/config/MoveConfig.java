package io.tablemover.engine.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The validated, immutable configuration of one move.
 *
 * @param source the server and database the tables move off
 * @param target the server and database the tables move to
 * @param tables the tables to move, in the order given, each named once
 * @param execute false for a dry run: validate and print the plan, change nothing anywhere
 * @param chunkSize rows per copy chunk (1..100000, default 1000)
 * @param copyThreads chunk workers running in parallel (default 2)
 * @param postponeCutoverFlagFile while this file exists, the cutover waits (gh-ost's
 *     {@code --postpone-cut-over-flag-file})
 * @param cutoverDrainTimeout how long the drain after the RENAME may take before the run fails (default 60 s)
 * @param cutoverLockTimeout {@code lock_wait_timeout} of the RENAME, so that a transaction holding a metadata
 *     lock on the source cannot stall the application's queries queued behind the RENAME for long (default 2 s;
 *     gh-ost's {@code --cut-over-lock-timeout-seconds} is 3 s)
 * @param statusInterval time between status lines (default 10 s)
 * @param checkpointInterval time between stream checkpoints in the run state (default 10 s); the copy
 *     checkpoints every chunk, and every phase change is recorded at once
 * @param fresh refuse to resume: start a new run, failing if one exists for the same token
 * @param sharding where rows go: {@link Sharding#single} the target, or several shards by keyspace id;
 *     its first shard is {@code target}
 * @param cutoverRetryTimeout how long the cutover keeps trying to take its metadata locks (waiting out blockers,
 *     retrying timed-out RENAMEs) before the run stops with the source untouched (default 1 h, gh-ost-like
 *     persistence)
 * @param lockWaitTimeout the source sessions' {@code innodb_lock_wait_timeout}: how long one locking read (the verify
 *     repair's; the copy and the binlog apply take no source lock) waits for a row lock another transaction holds before it gives up and is retried (default 5 s,
 *     whole seconds, 1..3600)
 * @param lockWaitRetryTimeout how long a verify repair keeps retrying while an application
 *     transaction holds a row lock it needs, before the run stops with exit code 4, naming the blocker (default 1 h;
 *     at least {@code lockWaitTimeout})
 * @param skipVerify skip the verify phase ({@code --skip-verify}): nothing compares the target with the source
 * @param deferSecondaryIndexes create the target tables without their plain secondary indexes and add them after the
 *     copy ({@code --defer-secondary-indexes}, as Spirit and Vitess do): the copy writes only the clustered and unique
 *     indexes, and each index is then built in one sorted pass
 * @param chunkTime the time one copy chunk should take: each table's chunk size adapts to it, up to {@code chunkSize}
 *     rows ({@code --chunk-time}, default 500 ms; zero: every chunk has {@code chunkSize} rows)
 * @param reverifyInterval while the cutover is postponed, how often every table is verified again
 *     ({@code --reverify-interval-seconds}, default 1 h; zero: never, only on the interactive command {@code verify})
 * @param chunkMaxBytes the bytes a copy (and verify) chunk may hold, in bytes: a chunk ends at the first row at which
 *     its rows' bytes reach this, so it holds at most this plus one row (default 16 MiB, 65536..1 GiB); keeps chunks
 *     of large rows (BLOBs) from filling the heap
 * @param changeBufferKeys changed keys the change buffer holds before the binlog stream waits for the applier
 *     (default 100000, 1..10000000)
 * @param reverseWindow {@code --reverse-window}: after the drain the run stays in phase REVERSE this long, streaming
 *     the target's changes of the moved tables back into the source's {@code _t_del} tables so that
 *     {@code tablemover revert} loses no write; {@link Duration#ZERO} (the default): off, the run ends at the drain
 */
public record MoveConfig(
        Endpoint source,
        Endpoint target,
        List<String> tables,
        boolean execute,
        int chunkSize,
        int copyThreads,
        Optional<Path> postponeCutoverFlagFile,
        Duration cutoverDrainTimeout,
        Duration cutoverLockTimeout,
        Duration statusInterval,
        Duration checkpointInterval,
        boolean fresh,
        Sharding sharding,
        Duration cutoverRetryTimeout,
        Duration lockWaitTimeout,
        Duration lockWaitRetryTimeout,
        boolean skipVerify,
        boolean deferSecondaryIndexes,
        Duration chunkTime,
        Duration reverifyInterval,
        long chunkMaxBytes,
        int changeBufferKeys,
        Duration reverseWindow) {

    /** Default of {@link #cutoverLockTimeout()}: 2 s, a short stall of the application's queries per attempt. */
    public static final Duration DEFAULT_CUTOVER_LOCK_TIMEOUT = Duration.ofSeconds(2);
    /** Default of {@link #cutoverRetryTimeout()}: 1 h. */
    public static final Duration DEFAULT_CUTOVER_RETRY_TIMEOUT = Duration.ofHours(1);
    /** Default of {@link #chunkTime()}: 500 ms, Spirit's target chunk time. */
    public static final Duration DEFAULT_CHUNK_TIME = Duration.ofMillis(500);
    /** Default of {@link #reverifyInterval()}: 1 h. */
    public static final Duration DEFAULT_REVERIFY_INTERVAL = Duration.ofHours(1);
    /** Default of {@link #lockWaitTimeout()}: 5 s. */
    public static final Duration DEFAULT_LOCK_WAIT_TIMEOUT = Duration.ofSeconds(5);
    /** Default of {@link #lockWaitRetryTimeout()}: 1 h. */
    public static final Duration DEFAULT_LOCK_WAIT_RETRY_TIMEOUT = Duration.ofHours(1);
    /** Default of {@link #chunkMaxBytes()}: 16 MiB, in bytes. */
    public static final long DEFAULT_CHUNK_MAX_BYTES = 16L << 20;
    /** Default of {@link #changeBufferKeys()}: 100000 keys. */
    public static final int DEFAULT_CHANGE_BUFFER_KEYS = 100_000;

    /** A move without {@code --reverse-window}. */
    public MoveConfig(Endpoint source, Endpoint target, List<String> tables, boolean execute, int chunkSize,
                      int copyThreads, Optional<Path> postponeCutoverFlagFile, Duration cutoverDrainTimeout,
                      Duration cutoverLockTimeout, Duration statusInterval, Duration checkpointInterval, boolean fresh,
                      Sharding sharding, Duration cutoverRetryTimeout, Duration lockWaitTimeout,
                      Duration lockWaitRetryTimeout, boolean skipVerify, boolean deferSecondaryIndexes,
                      Duration chunkTime, Duration reverifyInterval, long chunkMaxBytes, int changeBufferKeys) {
        this(source, target, tables, execute, chunkSize, copyThreads, postponeCutoverFlagFile, cutoverDrainTimeout,
                cutoverLockTimeout, statusInterval, checkpointInterval, fresh, sharding, cutoverRetryTimeout,
                lockWaitTimeout, lockWaitRetryTimeout, skipVerify, deferSecondaryIndexes, chunkTime, reverifyInterval,
                chunkMaxBytes, changeBufferKeys, Duration.ZERO);
    }

    /** @return true if the run keeps a reverse stream after its cutover ({@code --reverse-window}) */
    public boolean reverse() {
        return !reverseWindow.isZero();
    }

    /** A move with the default chunk bytes, change buffer size, chunk time and re-verify interval, indexes not deferred. */
    public MoveConfig(Endpoint source, Endpoint target, List<String> tables, boolean execute, int chunkSize,
                      int copyThreads, Optional<Path> postponeCutoverFlagFile, Duration cutoverDrainTimeout,
                      Duration cutoverLockTimeout, Duration statusInterval, Duration checkpointInterval, boolean fresh,
                      Sharding sharding, Duration cutoverRetryTimeout, Duration lockWaitTimeout,
                      Duration lockWaitRetryTimeout, boolean skipVerify) {
        this(source, target, tables, execute, chunkSize, copyThreads, postponeCutoverFlagFile, cutoverDrainTimeout,
                cutoverLockTimeout, statusInterval, checkpointInterval, fresh, sharding, cutoverRetryTimeout,
                lockWaitTimeout, lockWaitRetryTimeout, skipVerify, false, DEFAULT_CHUNK_TIME, DEFAULT_REVERIFY_INTERVAL,
                DEFAULT_CHUNK_MAX_BYTES, DEFAULT_CHANGE_BUFFER_KEYS);
    }

    /** A move with the default lock wait timeouts, verified. */
    public MoveConfig(Endpoint source, Endpoint target, List<String> tables, boolean execute, int chunkSize,
                      int copyThreads, Optional<Path> postponeCutoverFlagFile, Duration cutoverDrainTimeout,
                      Duration cutoverLockTimeout, Duration statusInterval, Duration checkpointInterval, boolean fresh,
                      Sharding sharding, Duration cutoverRetryTimeout) {
        this(source, target, tables, execute, chunkSize, copyThreads, postponeCutoverFlagFile, cutoverDrainTimeout,
                cutoverLockTimeout, statusInterval, checkpointInterval, fresh, sharding, cutoverRetryTimeout,
                DEFAULT_LOCK_WAIT_TIMEOUT, DEFAULT_LOCK_WAIT_RETRY_TIMEOUT, false);
    }

    /** A move with the default cutover retry timeout. */
    public MoveConfig(Endpoint source, Endpoint target, List<String> tables, boolean execute, int chunkSize,
                      int copyThreads, Optional<Path> postponeCutoverFlagFile, Duration cutoverDrainTimeout,
                      Duration cutoverLockTimeout, Duration statusInterval, Duration checkpointInterval, boolean fresh,
                      Sharding sharding) {
        this(source, target, tables, execute, chunkSize, copyThreads, postponeCutoverFlagFile, cutoverDrainTimeout,
                cutoverLockTimeout, statusInterval, checkpointInterval, fresh, sharding, DEFAULT_CUTOVER_RETRY_TIMEOUT);
    }

    /** An unsharded move to {@code target}. */
    public MoveConfig(Endpoint source, Endpoint target, List<String> tables, boolean execute, int chunkSize,
                      int copyThreads, Optional<Path> postponeCutoverFlagFile, Duration cutoverDrainTimeout,
                      Duration cutoverLockTimeout, Duration statusInterval, Duration checkpointInterval, boolean fresh) {
        this(source, target, tables, execute, chunkSize, copyThreads, postponeCutoverFlagFile, cutoverDrainTimeout,
                cutoverLockTimeout, statusInterval, checkpointInterval, fresh, Sharding.single(target));
    }

    public MoveConfig {
        Objects.requireNonNull(source);
        Objects.requireNonNull(target);
        tables = TableNames.check(tables);
        if (chunkSize < 1 || chunkSize > 100_000) {
            throw new InvalidInputException("--chunk-size must be between 1 and 100000 rows, got " + chunkSize);
        }
        if (copyThreads < 1 || copyThreads > 64) {
            throw new InvalidInputException("--copy-threads must be between 1 and 64, got " + copyThreads);
        }
        if (chunkMaxBytes < 65_536 || chunkMaxBytes > 1L << 30) {
            throw new InvalidInputException("--chunk-max-bytes must be between 65536 and 1073741824, got " + chunkMaxBytes);
        }
        if (changeBufferKeys < 1 || changeBufferKeys > 10_000_000) {
            throw new InvalidInputException("--change-buffer-keys must be between 1 and 10000000, got " + changeBufferKeys);
        }
        Objects.requireNonNull(sharding, "sharding");
        Objects.requireNonNull(reverseWindow, "reverseWindow");
        if (reverseWindow.isNegative()) {
            throw new InvalidInputException("--reverse-window must be positive, e.g. 2h, got " + reverseWindow);
        }
        if (reverifyInterval.isNegative()) {
            throw new InvalidInputException("--reverify-interval-seconds must be 0 (never) or more, got "
                    + reverifyInterval.toSeconds());
        }
        if (chunkTime.isNegative() || chunkTime.toMillis() > 60_000) {
            throw new InvalidInputException("--chunk-time must be between 0 and 60000 ms, got " + chunkTime.toMillis());
        }
        if (cutoverRetryTimeout.isNegative() || cutoverRetryTimeout.compareTo(cutoverLockTimeout) < 0) {
            throw new InvalidInputException("--cutover-retry-timeout-seconds must be at least --cutover-lock-timeout-seconds ("
                    + cutoverLockTimeout.toSeconds() + "), got " + cutoverRetryTimeout.toSeconds());
        }
        if (lockWaitTimeout.toSeconds() < 1 || lockWaitTimeout.toSeconds() > 3600) {
            throw new InvalidInputException("--lock-wait-timeout-seconds must be between 1 and 3600, got "
                    + lockWaitTimeout.toSeconds());
        }
        if (lockWaitRetryTimeout.compareTo(lockWaitTimeout) < 0) {
            throw new InvalidInputException("--lock-wait-retry-timeout-seconds must be at least --lock-wait-timeout-seconds ("
                    + lockWaitTimeout.toSeconds() + "), got " + lockWaitRetryTimeout.toSeconds());
        }
        if (!sharding.home().equals(target)) {
            throw new IllegalArgumentException("the first shard must be the target");
        }
        for (Shard shard : sharding.shards()) {
            Endpoint t = shard.endpoint();
            if (source.address().equals(t.address()) && source.database().equals(t.database())) {
                throw new InvalidInputException("--source and --target are the same database " + source.url()
                        + ": move to another server or database");
            }
        }
        sharding.checkTables(tables);
    }
}
