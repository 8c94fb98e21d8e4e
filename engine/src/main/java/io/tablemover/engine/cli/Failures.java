package io.tablemover.engine.cli;

import io.tablemover.engine.error.ExitCode;
import io.tablemover.engine.error.MoveException;
import io.tablemover.engine.validate.Problem;
import io.tablemover.engine.validate.ValidationException;
import java.io.PrintWriter;

/** How every command prints a {@link MoveException}: one line (one per problem for a validation), no stack trace. */
final class Failures {
    private Failures() {}

    /**
     * Prints {@code e} on {@code err}: invalid input as {@code error: ...}, each validation problem as
     * {@code validation failed: ...} followed by {@code nothing was changed on either server}, anything else as
     * {@code prefix} and the message.
     *
     * @param prefix e.g. {@code "move failed: "}
     * @return the process exit code, {@link MoveException#exitCode()}
     */
    static int report(MoveException e, PrintWriter err, String prefix) {
        if (e instanceof ValidationException v) {
            for (Problem p : v.problems()) {
                err.println("validation failed: " + p);
            }
            err.println("nothing was changed on either server");
        } else if (e.exitCode() == ExitCode.INVALID_INPUT) {
            err.println("error: " + e.getMessage());
        } else {
            err.println(prefix + e.getMessage());
        }
        return e.exitCode().code();
    }
}
