package io.tablemover.engine.cli;

import io.tablemover.engine.cutover.CutoverNames;
import io.tablemover.engine.error.ExitCode;
import io.tablemover.engine.config.Endpoint;
import io.tablemover.engine.config.Shard;
import io.tablemover.engine.config.Sharding;
import io.tablemover.engine.config.InvalidInputException;
import io.tablemover.engine.mysql.ServerPool;
import io.tablemover.engine.state.Phase;
import io.tablemover.engine.sql.SchemaReader;
import io.tablemover.engine.sql.Statements;
import io.tablemover.engine.state.RunRecord;
import io.tablemover.engine.state.RunStore;
import io.tablemover.engine.state.RunToken;
import io.tablemover.engine.state.StateException;
import io.tablemover.engine.state.TableLocks;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code tablemover cancel}: drops a stored run's target tables and state, so that a move can start
 * again. Refused after the run's RENAME (the target is then the tables' only live copy), and while the
 * run is in progress (its table locks are held).
 */
@Command(name = "cancel", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Cancels the run named by --source, --target and --tables: drops its target tables and its"
                + " run state. Refused once the run has renamed the source tables. Without --execute: says what it would drop."},
        footer = "%n" + ExitCodeHelp.HELP)
public final class CancelCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin RunOptions run;

    @Option(names = "--execute", description = "Drop the run's target tables and state; without it, only say what would be dropped")
    boolean execute;

    private final Map<String, String> env;

    CancelCommand(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Endpoint source;
        Endpoint target;
        Sharding sharding;
        List<String> tables;
        try {
            source = run.sourceEndpoint(env);
            sharding = run.sharding(env);
            target = sharding.home();
            tables = run.tableNames();
            sharding.checkTables(tables);
        } catch (InvalidInputException e) {
            err.println("error: " + e.getMessage());
            return ExitCode.INVALID_INPUT.code();
        }
        String token = RunToken.of(source.database(), sharding, tables);
        try (ServerPool s = new ServerPool("source", source, 2, 5); ServerPool t = new ServerPool("target", target, 2, 5)) {
            RunStore store = new RunStore(t.dsl(), target.database());
            Optional<RunRecord> stored = store.find(token);
            if (stored.isEmpty()) {
                out.println("no run " + token + " is stored in " + target.database() + ": nothing to cancel");
                return ExitCode.OK.code();
            }
            RunRecord r = stored.get();
            CutoverNames names = new CutoverNames(source.database(), tables);
            if (r.phase() == Phase.DRAIN || r.phase() == Phase.DONE || (r.phase() == Phase.CUTOVER && names.inspect(s).renamed() > 0)) {
                err.println("cancel refused: run " + token + " has renamed the source tables (phase " + r.phase()
                        + "); the target tables are the live copy. To give the tables back to the source, run on the source: "
                        + names.undoStatement());
                return ExitCode.RUNTIME_FAILURE.code();
            }
            try (TableLocks locks = TableLocks.acquire(t, source.database(), tables)) {
                Map<Shard, java.util.Set<String>> present = new java.util.LinkedHashMap<>();
                for (Shard shard : sharding.shards()) {
                    try (ServerPool p = shard.endpoint().equals(target) ? null : new ServerPool("shard", shard.endpoint(), 2, 5)) {
                        ServerPool pool = p == null ? t : p;
                        var tablesThere = new SchemaReader(pool.dsl()).tableTypes(shard.endpoint().database(), tables).keySet();
                        present.put(shard, tablesThere);
                        if (execute) {
                            for (String table : tablesThere) {
                                pool.dsl().dropTableIfExists(Statements.table(shard.endpoint().database(), table)).execute();
                            }
                        }
                    }
                }
                String what = present.entrySet().stream().map(e -> e.getValue() + " in " + e.getKey().endpoint().url()
                        + (sharding.sharded() ? " (shard " + e.getKey().name() + ")" : "")).collect(java.util.stream.Collectors.joining(", "));
                if (!execute) {
                    out.println("would cancel run " + token + " (phase " + r.phase() + "): drop target tables " + what
                            + " and the run's state. Run again with --execute to do it.");
                    return ExitCode.OK.code();
                }
                store.delete(token);
                out.println("cancelled run " + token + ": dropped target tables " + what + " and the run's state;"
                        + " the source tables were never changed");
                return ExitCode.OK.code();
            }
        } catch (StateException e) {
            err.println("cancel refused: " + e.getMessage());
            return ExitCode.RUNTIME_FAILURE.code();
        } catch (org.jooq.exception.DataAccessException e) {
            err.println("cancel failed: " + e.getMessage().split("\n")[0]);
            return ExitCode.RUNTIME_FAILURE.code();
        }
    }

}
