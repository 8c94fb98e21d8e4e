package io.tablemover.engine.command;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * One parsed interactive command, e.g. {@code throttle} or {@code chunk-size=500}. Immutable.
 *
 * @param type which command
 * @param value the value after {@code =} ({@link CommandType#CHUNK_SIZE} only); empty for none or {@code ?}
 * @param text the command line as received, trimmed (what the {@code interactive-command} hook gets)
 */
public record Command(CommandType type, OptionalInt value, String text) {
    /** Longest accepted command line, in characters. */
    public static final int MAX_LENGTH = 1_000;

    /** @throws NullPointerException if a component is null */
    public Command {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(text, "text");
    }

    /**
     * Parses one command line, gh-ost style: {@code name} or {@code name=value}; surrounding blanks are
     * ignored, names are case-insensitive and gh-ost's aliases are accepted ({@code pause}, {@code resume},
     * {@code info}, ...); {@code status json} asks for the status as JSON. {@code chunk-size} takes a number of rows (1..100000); {@code chunk-size=?} or a bare
     * {@code chunk-size} asks for the current value.
     *
     * @param line the line as received, without its line break
     * @return the command
     * @throws CommandSyntaxException if the line is empty, too long, names no known command, or has a value the
     *     command does not take; the message is one line naming the problem and, for unknown commands, the list
     */
    public static Command parse(String line) {
        String text = line == null ? "" : line.strip();
        if (text.isEmpty()) {
            throw new CommandSyntaxException("empty command; commands: " + CommandType.names());
        }
        if (text.length() > MAX_LENGTH) {
            throw new CommandSyntaxException("command longer than " + MAX_LENGTH + " characters; commands: "
                    + CommandType.names());
        }
        String[] words = text.split("\\s+");
        if (words.length == 2 && CommandType.ofName(words[0]).orElse(null) == CommandType.STATUS
                && words[1].equalsIgnoreCase("json")) {
            return new Command(CommandType.STATUS, OptionalInt.empty(), text); // status json
        }
        int eq = text.indexOf('=');
        String name = (eq < 0 ? text : text.substring(0, eq)).strip();
        String value = eq < 0 ? null : text.substring(eq + 1).strip();
        CommandType type = CommandType.ofName(name).orElseThrow(() -> new CommandSyntaxException(
                "unknown command '" + name + "'; commands: " + CommandType.names()));
        if (!type.takesValue()) {
            if (value != null) {
                throw new CommandSyntaxException("'" + type.commandName() + "' takes no value, got '" + text + "'");
            }
            return new Command(type, OptionalInt.empty(), text);
        }
        if (value == null || value.equals("?")) {
            return new Command(type, OptionalInt.empty(), text);
        }
        int rows;
        try {
            rows = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            rows = -1;
        }
        if (rows < 1 || rows > 100_000) {
            throw new CommandSyntaxException("chunk-size must be a number of rows between 1 and 100000, got '" + value
                    + "'; e.g. chunk-size=500");
        }
        return new Command(type, OptionalInt.of(rows), text);
    }

    /** @return true for {@code status json} (alias {@code info json}): the status as one JSON document */
    public boolean json() {
        return type == CommandType.STATUS && text.split("\\s+").length == 2;
    }
}
