package io.tablemover.engine.command;

/** An interactive command line that cannot be parsed; the message is one line, sent back as the reply. */
public final class CommandSyntaxException extends RuntimeException {
    /** @param message one line naming the problem and the fix */
    public CommandSyntaxException(String message) {
        super(message);
    }
}
