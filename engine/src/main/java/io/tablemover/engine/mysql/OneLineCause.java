package io.tablemover.engine.mysql;

import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;

/**
 * Logback conversion word {@code %oneLineCause} (declared in {@code logback.xml}): the exception of a log event as
 * one line, {@code " (SimpleClassName: first line of its message)"}, or nothing when the event has none. Used
 * with {@code %nopex} for HikariCP's warnings (a connection found broken because the server went away): they say
 * what happened in one line and leave stack traces to internal errors (exit code 1), which print their own.
 */
public final class OneLineCause extends ClassicConverter {
    @Override
    public String convert(ILoggingEvent event) {
        IThrowableProxy t = event.getThrowableProxy();
        if (t == null) {
            return "";
        }
        String name = t.getClassName().substring(t.getClassName().lastIndexOf('.') + 1);
        String message = t.getMessage() == null ? "" : t.getMessage().strip().split("\\R", 2)[0];
        return " (" + name + (message.isEmpty() ? "" : ": " + message) + ")";
    }
}
