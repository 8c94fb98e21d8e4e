package io.tablemover.engine.command;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The interactive commands a running move takes, with gh-ost's names and aliases (gh-ost
 * {@code doc/interactive-commands.md}).
 */
public enum CommandType {
    /** {@code help}: lists the commands. */
    HELP("help", "list the commands"),
    /** {@code status} (alias {@code info}): the run's status line (phase, progress, lag, ETA, throttling); {@code status json}: as JSON. */
    STATUS("status", "the status line: phase, rows copied per table, rows/s, binlog lag, ETA, throttling; status json:"
            + " the same as one JSON document", "info"),
    /** {@code sup}: a short status: phase, overall progress, throttling. */
    SUP("sup", "a short status: phase, rows copied, throttling"),
    /** {@code throttle} (aliases {@code pause}, {@code suspend}): pause the row copy and the binlog apply. */
    THROTTLE("throttle", "pause the row copy and the binlog apply until no-throttle", "pause", "suspend"),
    /** {@code no-throttle} (aliases {@code unthrottle}, {@code resume}, {@code continue}): end {@link #THROTTLE}. */
    NO_THROTTLE("no-throttle", "end the throttle command (other throttlers still apply)", "unthrottle", "resume", "continue"),
    /** {@code unpostpone} (aliases {@code no-postpone}, {@code cut-over}): remove the postpone-cutover flag file. */
    UNPOSTPONE("unpostpone", "remove the --postpone-cutover-flag-file, so that the cutover can start",
            "no-postpone", "cut-over"),
    /** {@code panic}: abort the run before its RENAME; refused once the cutover started. */
    PANIC("panic", "abort the run before the RENAME (the source stays untouched; run the same command to resume)"),
    /** {@code verify}: verify every table again now, while the cutover waits. */
    VERIFY("verify", "verify every table against the source again now and repair what differs (while the cutover"
            + " waits, e.g. postponed)"),
    /** {@code chunk-size=N}: change the rows per copy chunk (1..100000) for the next chunks; {@code chunk-size=?} shows it. */
    CHUNK_SIZE("chunk-size", "rows per copy chunk (1..100000) from the next chunk on; chunk-size=? shows it"),
    /** {@code revert}: in phase REVERSE, give the tables back to the source with every write made on the target. */
    REVERT("revert", "in phase reverse (--reverse-window): rename the target tables to _t_rev, drain the reverse stream"
            + " and give the source its tables back"),
    /** {@code complete}: in phase REVERSE, stop the reverse stream and end the run (the source's _del tables stay). */
    COMPLETE("complete", "in phase reverse (--reverse-window): stop the reverse stream and end the run");

    private final String commandName;
    private final String description;
    private final List<String> aliases;

    CommandType(String commandName, String description, String... aliases) {
        this.commandName = commandName;
        this.description = description;
        this.aliases = List.of(aliases);
    }

    /** @return the command's name as typed, e.g. {@code "no-throttle"} */
    public String commandName() {
        return commandName;
    }

    /** @return one line telling what the command does */
    public String description() {
        return description;
    }

    /** @return the other names that mean this command (gh-ost's), e.g. {@code [pause, suspend]} */
    public List<String> aliases() {
        return aliases;
    }

    /** @return true if the command takes a value after {@code =} ({@link #CHUNK_SIZE} only) */
    public boolean takesValue() {
        return this == CHUNK_SIZE;
    }

    /**
     * @param name a command name or alias, any case, e.g. {@code "Pause"}
     * @return the command of that name, or empty if there is none
     */
    public static Optional<CommandType> ofName(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(t -> t.commandName.equals(n) || t.aliases.contains(n)).findFirst();
    }

    /** @return the command names as listed in errors, e.g. {@code "help, status, sup, ..., chunk-size=N"} */
    public static String names() {
        return Arrays.stream(values()).map(t -> t.takesValue() ? t.commandName + "=N" : t.commandName)
                .collect(Collectors.joining(", "));
    }
}
