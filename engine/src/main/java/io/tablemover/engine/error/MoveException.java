package io.tablemover.engine.error;

import java.util.Optional;

/**
 * The base of every failure tablemover reports to the operator without a stack trace (in the spirit of
 * Trino's {@code TrinoException(ErrorCodeSupplier, ...)}): it carries the process {@link ExitCode}, a one-line
 * message naming what failed, and, where there is one, the fix. The CLI prints {@link #getMessage()} (message and
 * fix in one line) and exits with {@link #exitCode()}; nothing re-wraps it on the way.
 */
public class MoveException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ExitCode exitCode;
    private final String reason;
    private final String fix;

    /**
     * @param exitCode the process exit code this failure ends with
     * @param reason one line: what failed (the table, setting or server it concerns)
     * @param fix one line: what the operator should do, or null when the reason says it all
     * @param cause the underlying error, kept for the log; may be null
     */
    public MoveException(ExitCode exitCode, String reason, String fix, Throwable cause) {
        super(fix == null ? reason : Fixes.join(reason, fix));
        if (cause != null) {
            initCause(cause); // left unset otherwise, so that a subclass may still set it
        }
        this.exitCode = exitCode;
        this.reason = reason;
        this.fix = fix;
    }

    /** @return the exit code the process ends with */
    public ExitCode exitCode() {
        return exitCode;
    }

    /** @return what failed, without the fix */
    public String reason() {
        return reason;
    }

    /** @return what the operator should do, if the exception says */
    public Optional<String> fix() {
        return Optional.ofNullable(fix);
    }
}
