package io.tablemover.engine.validate;

import io.tablemover.engine.config.Extensions;
import io.tablemover.engine.config.MoveConfig;
import io.tablemover.engine.config.Version;
import io.tablemover.engine.error.ExitCode;
import io.tablemover.engine.error.Fixes;
import io.tablemover.engine.error.MoveException;
import io.tablemover.engine.mysql.ServerPools;
import io.tablemover.engine.plugin.RunExtensions;
import io.tablemover.engine.schema.Column;
import io.tablemover.engine.schema.TableSchema;
import io.tablemover.engine.sql.SchemaReader;
import io.tablemover.engine.sql.ServerStatements;
import io.tablemover.engine.state.Phase;
import io.tablemover.engine.state.RunRecord;
import io.tablemover.engine.state.StateException;
import io.tablemover.engine.state.StateSchema;
import io.tablemover.engine.state.TableCheckpoint;
import io.tablemover.engine.state.TableLocks;
import io.tablemover.engine.state.TableProgress;
import io.tablemover.engine.step.FaultInjector;
import io.tablemover.engine.step.MoveResult;
import io.tablemover.engine.step.RunContext;
import io.tablemover.engine.step.Step;
import io.tablemover.spi.hook.HookEventType;
import jakarta.inject.Inject;
import java.io.PrintWriter;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * VALIDATE, the first step of every process (new run or resume): checks both servers and the tables
 * ({@link Validator}), starts the throttlers that read servers and prints the plan. A dry run ends here, having
 * changed nothing. An executing run then takes its table locks, creates or migrates the run state, records a new
 * run (with the source's {@code gtid_executed} as its stream position) or checks that a stored one belongs to these
 * servers, and goes on at the stored phase.
 */
public final class ValidateStep implements Step {
    private final MoveConfig config;
    private final Extensions extensions;
    private final ServerPools pools;
    private final RunExtensions plugins;
    private final Validator validator;
    private final PlanPrinter plan;
    private final FaultInjector faults;

    @Inject
    public ValidateStep(MoveConfig config, Extensions extensions, ServerPools pools, RunExtensions plugins, Validator validator, PlanPrinter plan,
                        FaultInjector faults) {
        this.config = config;
        this.extensions = extensions;
        this.pools = pools;
        this.plugins = plugins;
        this.validator = validator;
        this.plan = plan;
        this.faults = faults;
    }

    @Override
    public Phase phase() {
        return Phase.VALIDATE;
    }

    @Override
    public Phase run(RunContext ctx) {
        Optional<RunRecord> stored = ctx.stored();
        ValidatedMove move = validator.validate(stored);
        plugins.startServerThrottlers(config.source()); // max-load, critical-load, max-lag: checked by dry runs too
        plan.print(move, stored);
        PrintWriter out = ctx.out();
        if (!config.execute()) {
            out.println("dry run: nothing was changed. Run again with --execute to " + (stored.isPresent() ? "resume" : "move")
                    + " the tables.");
            out.flush();
            ctx.finish(new MoveResult(false, Map.of(), 0, 0, (System.nanoTime() - ctx.startedNanos()) / 1_000_000, 0, 0, ""));
            return Phase.DONE;
        }
        faults.reach("validated");
        ctx.hooks().fire(HookEventType.VALIDATED);
        TableLocks locks = ctx.locks() != null ? ctx.locks()
                : TableLocks.acquire(pools.target(), config.source().database(), config.tables());
        StateSchema.migrate(pools.target().dsl(), config.target().database(), StateSchema.LATEST);
        RunRecord run = stored.isPresent() ? resumable(ctx, ctx.token(), stored.get(), move) : start(ctx, move);
        if (stored.isPresent() && run.phase().compareTo(Phase.CREATE) > 0 && run.phase().compareTo(Phase.CUTOVER) < 0) {
            checkDefinitionsUnchanged(ctx.token(), move);
        }
        Map<String, TableCheckpoint> checkpoints = ctx.store().tables(ctx.token()).stream()
                .collect(Collectors.toMap(TableCheckpoint::table, c -> c));
        List<TableProgress> progress = move.tables().stream().map(t -> progressOf(t, checkpoints.get(t.name()))).toList();
        ctx.started(locks, run, move.tables(), progress);
        ctx.hooks().startStatus(extensions.hooksStatusInterval());
        if (stored.isPresent()) {
            out.println("resuming run " + ctx.token() + ": phase " + run.phase() + ", " + ctx.rowsCopied()
                    + " rows copied so far");
            out.flush();
        }
        return run.phase();
    }

    /**
     * A resumed run's target tables were created from the source's definitions when the run started; a source table
     * whose columns changed since (an ALTER while the run was stopped, or the one that stopped it) cannot be moved by
     * this run: copying or applying its rows would fail or lose the new columns.
     *
     * @throws MoveException (exit code 4) naming the table, with the one fix that works: cancel and start again
     */
    private void checkDefinitionsUnchanged(String token, ValidatedMove move) {
        SchemaReader target = new SchemaReader(pools.target().dsl());
        for (TableSchema source : move.tables()) {
            if (target.tableTypes(config.target().database(), List.of(source.name())).isEmpty()) {
                continue; // not created yet: CREATE makes it from the current definition
            }
            List<String> sourceColumns = columns(source);
            List<String> targetColumns = columns(target.read(config.target().database(), source.name()));
            if (!sourceColumns.equals(targetColumns)) {
                throw new MoveException(ExitCode.RUNTIME_FAILURE, "moved table " + source.name() + " was changed on the"
                        + " source since run " + token + " created its target table: columns " + sourceColumns
                        + " on the source, " + targetColumns + " on the target", Fixes.CANCEL_AND_START_AGAIN, null);
            }
        }
    }

    private static List<String> columns(TableSchema table) {
        return table.columns().stream().map(c -> c.name() + " " + c.columnType()).toList();
    }

    private static TableProgress progressOf(TableSchema t, TableCheckpoint c) {
        return c == null ? new TableProgress(t)
                : new TableProgress(t, c.lowKey(), c.rowsCopied(), c.chunksCopied(), c.done());
    }

    /** Checks that a stored run belongs to these servers. */
    private RunRecord resumable(RunContext ctx, String token, RunRecord run, ValidatedMove move) {
        if (!run.sourceUuid().equals(move.source().serverUuid()) || !run.targetUuid().equals(move.target().serverUuid())) {
            throw new StateException("run " + token + " was started from source server " + run.sourceUuid() + " to target server "
                    + run.targetUuid() + ", but these are " + move.source().serverUuid() + " and " + move.target().serverUuid()
                    + ": check --source/--target, or cancel the stored run ('tablemover cancel ... --execute')");
        }
        ctx.store().resumedBy(token, Version.VERSION);
        return run;
    }

    /** Records a new run in phase CREATE, streaming from the source's current {@code gtid_executed}. */
    private RunRecord start(RunContext ctx, ValidatedMove move) {
        String startGtid = pools.source().dsl().fetchOne(ServerStatements.selectGtidExecuted()).get(0, String.class);
        LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
        RunRecord run = new RunRecord(ctx.token(), config.source().database(), config.target().database(), config.tables(),
                move.source().serverUuid(), move.target().serverUuid(), Phase.CREATE, startGtid, startGtid, Optional.empty(),
                Version.VERSION, now, now, Optional.empty());
        ctx.store().create(run, move.tables().stream()
                .map(t -> t.requireKey().columns().stream().map(Column::name).collect(Collectors.joining(","))).toList());
        ctx.out().println("run " + ctx.token() + " started (state in " + config.target().database() + "._tablemover_runs)");
        ctx.out().flush();
        return run;
    }
}
