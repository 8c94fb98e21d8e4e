package io.tablemover.spi.hook;

import io.tablemover.spi.sharding.KeyRange;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a hook learns about the run: identity, servers, tables, phase and progress. Immutable;
 * never holds a user name or a password. Absent values are empty optionals, never null.
 *
 * <p>The engine builds one at start-up and derives the later ones with the {@code with...}
 * methods.
 *
 * @param runToken identifies this run in logs and state, e.g. {@code "20240131T235959Z-3f9a"};
 *     non-blank
 * @param source the server and database the tables come from
 * @param target the server and database the tables go to; with several shards, the first one
 *     (it holds the run state); equal to the endpoint of {@code targets.get(0)}
 * @param tables the moved tables, in command-line order, non-empty
 * @param delTables the names the source tables get at the cutover ({@code _<table>_del}), in the
 *     order of {@code tables}
 * @param phase the engine's phase name in lower case, e.g. {@code "copy"}; free text that may gain
 *     values in later versions
 * @param progress how far the run is
 * @param drainGtidSet the source's {@code gtid_executed} captured at the cutover and drained to;
 *     present from the {@link HookEventType#SUCCESS} event on
 * @param targets every target of the run with its key range, in command-line order (the first
 *     is {@code target}); one target with the range {@code -} for an unsharded move
 *     ({@code @since 1.2}; plugins built for SPI 1.1 never see it but keep working)
 * @since 1.1
 */
public record RunInfo(String runToken, DatabaseEndpoint source, DatabaseEndpoint target, List<String> tables,
                      List<String> delTables, String phase, RunProgress progress, Optional<String> drainGtidSet,
                      List<TargetShard> targets) {
    /**
     * Copies the lists.
     *
     * @throws NullPointerException if a component or a list element is null
     * @throws IllegalArgumentException if the token is blank, there are no tables, the two table
     *     lists differ in length, there are no targets, or the first target is not {@code target}
     * @since 1.2
     */
    public RunInfo {
        Objects.requireNonNull(runToken, "runToken");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(progress, "progress");
        Objects.requireNonNull(drainGtidSet, "drainGtidSet");
        tables = List.copyOf(tables);
        delTables = List.copyOf(delTables);
        targets = List.copyOf(targets);
        if (targets.isEmpty() || !targets.get(0).endpoint().equals(target)) {
            throw new IllegalArgumentException("the first of the targets must be the target " + target + ", got "
                    + targets);
        }
        if (runToken.isBlank()) {
            throw new IllegalArgumentException("runToken is blank");
        }
        if (tables.isEmpty() || tables.size() != delTables.size()) {
            throw new IllegalArgumentException("need one _del name per table, and at least one table: tables="
                    + tables + " delTables=" + delTables);
        }
    }

    /**
     * The constructor of SPI 1.1, kept for plugins and tests built against it: a run to the one
     * target {@code target}, which owns the whole keyspace ({@code targets} is
     * {@code [target@-]}).
     *
     * @throws NullPointerException if a component or a list element is null
     * @throws IllegalArgumentException as the canonical constructor
     */
    public RunInfo(String runToken, DatabaseEndpoint source, DatabaseEndpoint target, List<String> tables,
                   List<String> delTables, String phase, RunProgress progress, Optional<String> drainGtidSet) {
        this(runToken, source, target, tables, delTables, phase, progress, drainGtidSet,
                List.of(new TargetShard(Objects.requireNonNull(target, "target"), KeyRange.FULL)));
    }

    /** @return a copy in phase {@code phase} */
    public RunInfo withPhase(String phase) {
        return new RunInfo(runToken, source, target, tables, delTables, phase, progress, drainGtidSet, targets);
    }

    /** @return a copy with {@code progress} */
    public RunInfo withProgress(RunProgress progress) {
        return new RunInfo(runToken, source, target, tables, delTables, phase, progress, drainGtidSet, targets);
    }

    /** @return a copy with the drain GTID set, e.g. {@code "3E11FA47-71CA-11E1-9E33-C80AA9429562:1-77"} */
    public RunInfo withDrainGtidSet(String drainGtidSet) {
        return new RunInfo(runToken, source, target, tables, delTables, phase, progress,
                Optional.of(drainGtidSet), targets);
    }

    /**
     * @return a copy with these targets (the first must be {@link #target()})
     * @since 1.2
     */
    public RunInfo withTargets(List<TargetShard> targets) {
        return new RunInfo(runToken, source, target, tables, delTables, phase, progress, drainGtidSet, targets);
    }
}
