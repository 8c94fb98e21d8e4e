package io.tablemover.engine.validate;

/**
 * One reason a move cannot start.
 *
 * @param subject what is wrong: a server setting, a table, a column (e.g. {@code source binlog_format})
 * @param message what was found
 * @param fix what the operator should do
 */
public record Problem(String subject, String message, String fix) {
    /** @return one line: {@code subject: message; fix: ...} */
    @Override
    public String toString() {
        return subject + ": " + message + "; fix: " + fix;
    }
}
