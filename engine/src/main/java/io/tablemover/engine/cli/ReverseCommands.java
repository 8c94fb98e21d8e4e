package io.tablemover.engine.cli;

import io.tablemover.engine.error.ExitCode;
import io.tablemover.engine.error.MoveException;
import io.tablemover.engine.run.ReverseRequests;
import java.io.PrintWriter;

/** Runs {@code revert} and {@code complete}: one request to a run in phase REVERSE ({@link ReverseRequests}). */
final class ReverseCommands {
    private ReverseCommands() {}

    static int run(String request, boolean dropOldTables, MoveCommand options, PrintWriter out, PrintWriter err)
            throws InterruptedException {
        try {
            ReverseRequests.request(request, dropOldTables, options.config(), options.extensions(), out, options.listener,
                    options.stop);
            return ExitCode.OK.code();
        } catch (MoveException e) {
            return Failures.report(e, err, request + " failed: ");
        } catch (org.jooq.exception.DataAccessException e) {
            err.println(request + " failed: " + e.getMessage().split("\n")[0]);
            return ExitCode.RUNTIME_FAILURE.code();
        } finally {
            out.flush();
            err.flush();
        }
    }
}
