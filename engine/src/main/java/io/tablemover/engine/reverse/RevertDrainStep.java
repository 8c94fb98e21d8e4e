package io.tablemover.engine.reverse;

import io.tablemover.engine.config.MoveConfig;
import io.tablemover.engine.cutover.CutoverNames;
import io.tablemover.engine.error.ExitCode;
import io.tablemover.engine.error.MoveException;
import io.tablemover.engine.mysql.ServerPool;
import io.tablemover.engine.mysql.ServerPools;
import io.tablemover.engine.sql.Statements;
import io.tablemover.engine.state.Phase;
import io.tablemover.engine.state.ReverseState;
import io.tablemover.engine.state.StateException;
import io.tablemover.engine.step.FaultInjector;
import io.tablemover.engine.step.MoveResult;
import io.tablemover.engine.step.RunContext;
import io.tablemover.engine.step.Step;
import io.tablemover.spi.hook.HookEventType;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * REVERT_DRAIN: the target tables are {@code _t_rev}; drains the reverse streams to the GTID sets read with that
 * RENAME (so the source's {@code _t_del} tables hold every write made on the target), stops them, then gives the
 * source its tables back ({@code RENAME TABLE _t_del TO t, ...}), fires {@code reverted} and records REVERTED with the
 * write-unavailability window (from the target RENAME to the source RENAME). A run resumed here looks at the source
 * first: tables back under their own names mean that RENAME ran (it never runs twice); all {@code _del} means drain
 * and rename; anything else stops the run with the statements to decide by hand.
 */
public final class RevertDrainStep implements Step {
    private static final Logger log = LoggerFactory.getLogger(RevertDrainStep.class);
    private static final Pattern AUTO_INCREMENT = Pattern.compile("\\) ENGINE=\\S+ AUTO_INCREMENT=(\\d+)");

    private final MoveConfig config;
    private final ServerPools pools;
    private final CutoverNames names;
    private final ReverseStreams streams;
    private final FaultInjector faults;

    @Inject
    RevertDrainStep(MoveConfig config, ServerPools pools, CutoverNames names, ReverseStreams streams, FaultInjector faults) {
        this.config = config;
        this.pools = pools;
        this.names = names;
        this.streams = streams;
        this.faults = faults;
    }

    @Override
    public Phase phase() {
        return Phase.REVERT_DRAIN;
    }

    @Override
    public Phase run(RunContext ctx) throws InterruptedException {
        try {
            return drainAndRename(ctx);
        } catch (RuntimeException | InterruptedException e) {
            streams.close();
            throw e;
        }
    }

    private Phase drainAndRename(RunContext ctx) throws InterruptedException {
        ReverseState state = ctx.store().reverse(ctx.token());
        ServerPool source = pools.source();
        CutoverNames.SourceTables seen = names.inspect(source);
        long keys = 0;
        long sourceRenamedNanos = System.nanoTime();
        switch (seen.state()) {
            case ORIGINAL -> log.info("revert: the source tables have their names back already");
            case RENAMED -> {
                if (!streams.isOpen()) {
                    streams.open(ctx.token(), state.positions(), ctx.tables(), true);
                }
                drain(ctx, state.revertPositions());
                faults.reach("reverse-drained");
                keys = streams.keysApplied();
                // the streams stay open over the RENAME (nothing comes: the target tables are renamed), so that their
                // disconnect does not lengthen the window
                source.dsl().execute(Statements.renameTables(source.dsl(), names.sourceDb(), names.undoRenames()));
                sourceRenamedNanos = System.nanoTime();
                ctx.store().checkpointReverse(ctx.token(), streams.applied(), 0L);
                streams.close();
                faults.reach("source-renamed-back");
            }
            default -> throw new StateException("run " + ctx.token() + " stopped in its revert and the source holds "
                    + seen.original() + " of the tables under their own names and " + seen.renamed() + " as _del:"
                    + " decide by hand, then run again. To rename the rest back: " + names.undoStatementsPerTable()
                    + " (for the tables that are still _del)");
        }
        alignAutoIncrement(ctx);
        long started = streams.revertStartNanos();
        long windowMs = started == 0 ? -1 : (sourceRenamedNanos - started) / 1_000_000;
        String window = windowMs < 0 ? "not measured (the revert was resumed)" : windowMs + " ms";
        ctx.hooks().fire(HookEventType.REVERTED);
        ctx.store().phase(ctx.token(), Phase.REVERTED, "reverted: the source holds " + names.renames().keySet()
                + " again with every write made on the target; write-unavailability window " + window);
        ctx.out().println("reverted: the source holds " + String.join(", ", names.renames().keySet()) + " again, with"
                + " every write made on the target (write-unavailability window " + window + "); the target keeps"
                + " them as " + String.join(", ", RevertNames.renames(ctx.tables()).values())
                + ". To move the tables again later: 'tablemover cancel --execute' forgets this run, then move afresh.");
        ctx.out().flush();
        ctx.finish(new MoveResult(true, Map.of(), 0, keys, (System.nanoTime() - ctx.startedNanos()) / 1_000_000, 0,
                windowMs, String.join("|", state.revertPositions())));
        return Phase.DONE;
    }

    /**
     * Raises each source table's AUTO_INCREMENT counter to the highest of the targets' ({@code _t_rev}), so that ids a
     * target handed out and then deleted are not handed out again by the source (the mirror of the cutover drain's
     * alignment; InnoDB never lowers a counter this way). Idempotent: a resumed revert runs it again.
     */
    private void alignAutoIncrement(RunContext ctx) {
        ServerPool source = pools.source();
        for (String table : names.renames().keySet()) {
            long targetNext = pools.shards().stream().mapToLong(p -> autoIncrement(p, p.endpoint().database(),
                    RevertNames.revertedName(table))).max().orElse(0);
            if (targetNext > autoIncrement(source, names.sourceDb(), table)) {
                source.dsl().execute(Statements.alterAutoIncrement(names.sourceDb(), table, targetNext));
                log.info("revert: source {}.{} AUTO_INCREMENT raised to {} (the target's)", names.sourceDb(), table,
                        targetNext);
            }
        }
    }

    /** @return the table's next AUTO_INCREMENT value from {@code SHOW CREATE TABLE}, 0 if it has none */
    private static long autoIncrement(ServerPool pool, String db, String table) {
        String ddl = pool.dsl().fetchOne(Statements.showCreateTable(db, table)).get(1, String.class);
        Matcher m = AUTO_INCREMENT.matcher(ddl);
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    /** Waits until every shard's reverse stream has applied its GTID set of the revert's RENAME. */
    private void drain(RunContext ctx, List<String> goal) throws InterruptedException {
        long deadline = System.nanoTime() + config.cutoverDrainTimeout().toNanos();
        while (!streams.hasApplied(goal)) {
            streams.checkFailure();
            if (System.nanoTime() > deadline) {
                throw new MoveException(ExitCode.CUTOVER_FAILURE, "revert: the reverse stream did not reach " + goal
                        + " within " + config.cutoverDrainTimeout().toSeconds() + " s (--cutover-drain-timeout-seconds);"
                        + " the target tables are renamed to _rev and the source's are still _del. Run the same revert"
                        + " command again to finish it", null, null);
            }
            Thread.sleep(2);
        }
    }
}
