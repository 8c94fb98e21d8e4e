package io.tablemover.engine.run;

import io.tablemover.engine.config.Extensions;
import io.tablemover.engine.config.MoveConfig;
import io.tablemover.engine.cutover.CutoverNames;
import io.tablemover.engine.mysql.ServerPool;
import io.tablemover.engine.sql.SchemaReader;
import io.tablemover.engine.sql.Statements;
import io.tablemover.engine.state.Phase;
import io.tablemover.engine.state.ReverseState;
import io.tablemover.engine.state.RunRecord;
import io.tablemover.engine.state.RunStore;
import io.tablemover.engine.state.RunToken;
import io.tablemover.engine.state.StateException;
import io.tablemover.engine.state.TableLocks;
import io.tablemover.engine.step.MoveListener;
import io.tablemover.engine.step.StopSignal;
import java.io.PrintWriter;
import java.util.List;

/**
 * {@code tablemover revert} and {@code tablemover complete}: the operator's requests to a run in phase REVERSE
 * ({@code --reverse-window}). The request is stored in the run state; then whoever drives the run carries it out: the
 * {@code move} process still running it (it polls the run state; this waits until the run is reverted or done), or,
 * when no process holds the run's table locks, this process itself, by resuming the run ({@link Moves#run}). Either
 * way the steps are the run's own and crash-safe ({@code reverse} package).
 */
public final class ReverseRequests {
    private ReverseRequests() {}

    /**
     * @param request {@link ReverseState#REVERT} or {@link ReverseState#COMPLETE}
     * @param dropOldTables {@code complete --drop-old-tables}: drop the source's {@code _t_del} tables once the run is
     *     done (only with {@code config.execute()})
     * @throws StateException (exit code 4) if the run does not exist or its phase does not allow the request, or the
     *     running process did not carry it out in time
     * @throws io.tablemover.engine.error.MoveException for every failure of the resumed run
     */
    public static void request(String request, boolean dropOldTables, MoveConfig config, Extensions extensions,
                               PrintWriter out, MoveListener listener, StopSignal stop) throws InterruptedException {
        String token = RunToken.of(config.source().database(), config.sharding(), config.tables());
        String db = config.target().database();
        try (ServerPool target = new ServerPool("target", config.target(), 2, 5)) {
            RunStore store = new RunStore(target.dsl(), db);
            RunRecord run = store.find(token).orElseThrow(() -> new StateException("no run " + token + " is stored in "
                    + db + ": nothing to " + request + " (give the options of the move)"));
            if (!allowed(request, token, run.phase(), out)) {
                dropOldTables(request, dropOldTables, config, out);
                return;
            }
            if (!config.execute()) {
                // a dry run like every command's: the operator sees what the revert does (and how far behind the
                // source is) before the application's tables disappear from the target
                ReverseState reverse = store.reverse(token);
                String lag = reverse.lagMs().map(ms -> "; reverse lag at the last checkpoint " + ms + " ms").orElse("");
                out.println("would " + request + " run " + token + " (phase " + run.phase() + lag + ")"
                        + (ReverseState.REVERT.equals(request) ? ": rename " + config.tables() + " on the target(s) to _rev,"
                        + " drain the reverse stream, then " + new CutoverNames(config.source().database(),
                        config.tables()).undoStatement() + " on the source" : ": stop the reverse stream and end the run")
                        + ". Run again with --execute to do it.");
                dropOldTables(request, dropOldTables, config, out);
                return;
            }
            if (run.phase() == Phase.REVERSE) {
                store.requestReverse(token, request);
            }
            carryOut(request, token, config, extensions, store, target, out, listener, stop);
        }
        dropOldTables(request, dropOldTables, config, out);
        out.flush();
    }

    /** @return true if the request is to be carried out; false if there is nothing to do (said on {@code out}) */
    private static boolean allowed(String request, String token, Phase phase, PrintWriter out) {
        boolean revert = ReverseState.REVERT.equals(request);
        if (phase == (revert ? Phase.REVERTED : Phase.DONE)) {
            out.println("run " + token + " is already " + (revert ? "reverted" : "complete") + "; nothing to do");
            return false;
        }
        if (phase == Phase.REVERSE || (revert && (phase == Phase.REVERT || phase == Phase.REVERT_DRAIN))) {
            return true;
        }
        String why = switch (phase) {
            case DONE -> "is complete: its reverse window is over and the source's _del tables no longer follow the target";
            case REVERTED -> "was reverted: there is no reverse window to complete";
            case REVERT, REVERT_DRAIN -> "is being reverted: finish that with 'tablemover revert' and the same options";
            default -> "is in phase " + phase + ": only a run cut over with --reverse-window, in phase REVERSE, takes it";
        };
        throw new StateException(request + " refused: run " + token + " " + why);
    }

    /** Waits until the live process carried out the request, or carries it out here once no process holds the run. */
    private static void carryOut(String request, String token, MoveConfig config, Extensions extensions, RunStore store,
                                 ServerPool target, PrintWriter out, MoveListener listener, StopSignal stop)
            throws InterruptedException {
        Phase goal = ReverseState.REVERT.equals(request) ? Phase.REVERTED : Phase.DONE;
        long deadline = System.nanoTime() + config.cutoverRetryTimeout().plus(config.cutoverDrainTimeout()).toNanos();
        boolean announced = false;
        while (true) {
            RunRecord now = store.find(token).orElseThrow(() -> new StateException("run " + token + " disappeared"));
            if (now.phase() == goal) {
                List<String> journal = store.journal(token);
                out.println("run " + token + ": " + journal.get(journal.size() - 1));
                return;
            }
            TableLocks locks = free(target, config);
            if (locks != null) {
                locks.close();
                Moves.run(config, extensions, out, listener, stop);
                return;
            }
            if (!announced) {
                out.println(request + " requested: the move process running run " + token + " carries it out; waiting");
                out.flush();
                announced = true;
            }
            if (System.nanoTime() > deadline || stop.requested()) {
                throw new StateException(request + ": the move process running run " + token + " did not carry it out"
                        + " (phase " + now.phase() + "); look at its output, or stop it and run this again");
            }
            Thread.sleep(200);
        }
    }

    /** @return the run's table locks if no process holds them (the caller releases them at once), else null */
    private static TableLocks free(ServerPool target, MoveConfig config) {
        try {
            return TableLocks.acquire(target, config.source().database(), config.tables());
        } catch (StateException held) {
            return null;
        }
    }

    private static void dropOldTables(String request, boolean drop, MoveConfig config, PrintWriter out) {
        if (!drop || !ReverseState.COMPLETE.equals(request)) {
            return;
        }
        String db = config.source().database();
        List<String> old = new CutoverNames(db, config.tables()).deletedNames();
        try (ServerPool source = new ServerPool("source", config.source(), 2, 5)) {
            List<String> present = old.stream()
                    .filter(t -> !new SchemaReader(source.dsl()).tableTypes(db, List.of(t)).isEmpty()).toList();
            if (!config.execute()) {
                out.println("would drop " + present + " on the source (" + db + "). Run again with --execute to do it.");
            } else {
                for (String t : present) {
                    source.dsl().dropTable(Statements.table(db, t)).execute();
                }
                out.println("dropped " + present + " on the source (" + db + ")");
            }
        }
        out.flush();
    }
}
