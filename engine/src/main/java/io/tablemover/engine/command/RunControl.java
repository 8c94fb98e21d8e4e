package io.tablemover.engine.command;

import io.tablemover.engine.state.Phase;
import io.tablemover.engine.throttle.UserCommandThrottler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the interactive commands act on: the run tells it its phase, its status lines, its postpone flag
 * file, its chunk size and its hooks as they come to exist; the {@link CommandServer} hands it each received
 * line ({@link #handle}) and then announces it ({@link #announce}, the {@code interactive-command} hook event).
 *
 * <p>Panic: {@code panic} only sets a flag; the run polls {@link #panicked(boolean)} in its copy and
 * cutover-wait loops and once more just before it records the cutover intent, where it closes the window:
 * from then on (and in every phase from {@link Phase#CUTOVER} on) {@code panic} is refused, since the RENAME
 * may have run.
 *
 * <p>Thread-safe: the command server's threads call {@link #handle} while the run thread attaches things.
 */
public final class RunControl {
    private static final Logger log = LoggerFactory.getLogger(RunControl.class);
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    private final UserCommandThrottler throttler;
    private volatile Phase phase = Phase.VALIDATE;
    private volatile Optional<Path> postponeFlag = Optional.empty();
    private volatile Consumer<String> hooks = c -> {};
    private volatile Supplier<String> statusLine;
    private volatile Supplier<String> shortStatus;
    private volatile Supplier<String> statusJson;
    private volatile IntSupplier chunkSize;
    private final java.util.concurrent.atomic.AtomicBoolean verifyRequested = new java.util.concurrent.atomic.AtomicBoolean();
    private volatile String lastReverify;
    private final java.util.concurrent.atomic.AtomicReference<CommandType> reverseRequest =
            new java.util.concurrent.atomic.AtomicReference<>();
    private volatile IntConsumer chunkSizeSetter;
    private boolean panic;
    private boolean cutoverStarted;

    /** @param throttler the throttler toggled by {@code throttle} and {@code no-throttle} (in the run's gate) */
    public RunControl(UserCommandThrottler throttler) {
        this.throttler = Objects.requireNonNull(throttler, "throttler");
    }

    /** @return the throttler toggled by {@code throttle} and {@code no-throttle} */
    public UserCommandThrottler throttler() {
        return throttler;
    }

    // ---- the run's side ----

    /** The run entered {@code next}; from {@link Phase#CUTOVER} on, {@code panic} is refused. */
    public synchronized void phase(Phase next) {
        phase = next;
        if (next.compareTo(Phase.CUTOVER) >= 0) {
            cutoverStarted = true;
        }
    }

    /**
     * The run owns its hooks and knows its postpone flag file.
     *
     * @param postponeFlag {@code --postpone-cutover-flag-file}, removed by {@code unpostpone}
     * @param hooks fires the {@code interactive-command} hook event with the command line; called on a command
     *     server thread, after the reply was sent
     */
    public void attach(Optional<Path> postponeFlag, Consumer<String> hooks) {
        this.postponeFlag = Objects.requireNonNull(postponeFlag, "postponeFlag");
        this.hooks = Objects.requireNonNull(hooks, "hooks");
    }

    /**
     * Where {@code status} and {@code sup} take their text from, once the run has progress to show.
     *
     * @param statusLine the full status line
     * @param shortStatus a short one
     */
    public void status(Supplier<String> statusLine, Supplier<String> shortStatus) {
        this.shortStatus = shortStatus;
        this.statusLine = statusLine;
    }

    /** Where {@code status json} takes its document from: one JSON object, no line break inside. */
    public void statusJson(Supplier<String> document) {
        this.statusJson = document;
    }

    /**
     * The row copy runs: {@code chunk-size} reads and changes its chunk size; {@code null}s when it stopped.
     *
     * @param current the rows per chunk now
     * @param setter changes the rows per chunk of the chunks planned from now on
     */
    public void chunkSize(IntSupplier current, IntConsumer setter) {
        this.chunkSizeSetter = setter;
        this.chunkSize = current;
    }

    /**
     * Asks whether {@code panic} was received. The run calls it in its loops before the RENAME, and with
     * {@code lastChance} just before it records the cutover intent: if no panic was received by then, none is
     * accepted any more.
     *
     * @param lastChance true at the point of no return (the cutover starts)
     * @return true if the run must stop (before its RENAME)
     */
    public synchronized boolean panicked(boolean lastChance) {
        if (lastChance && !panic) {
            cutoverStarted = true;
        }
        return panic;
    }

    // ---- the command server's side ----

    /**
     * Parses and executes one command line.
     *
     * @param line the line as received
     * @return the reply, one or more lines without the final line break; errors start with {@code "error: "}
     */
    public String handle(String line) {
        Command command;
        try {
            command = Command.parse(line);
        } catch (CommandSyntaxException e) {
            return "error: " + e.getMessage();
        }
        log.info("interactive command: {}", command.text());
        return switch (command.type()) {
            case HELP -> help();
            case STATUS -> command.json() ? statusJson() : status();
            case SUP -> sup();
            case THROTTLE -> throttler.throttle(true) ? "already throttled by user command; send no-throttle to resume"
                    : "throttled by user command: the row copy and the binlog apply pause; send no-throttle to resume";
            case NO_THROTTLE -> throttler.throttle(false) ? "no longer throttled by user command (other throttlers still apply)"
                    : "not throttled by user command (other throttlers still apply)";
            case UNPOSTPONE -> PostponeFlag.remove(postponeFlag);
            case PANIC -> panic();
            case CHUNK_SIZE -> chunkSize(command);
            case VERIFY -> requestVerify();
            case REVERT, COMPLETE -> requestReverse(command.type());
        };
    }

    /**
     * Fires the {@code interactive-command} hook event for a received line (once the run owns its hooks;
     * before, nothing fires). Called after the reply was sent; never throws.
     *
     * @param line the command line as received
     */
    public void announce(String line) {
        try {
            hooks.accept(line.strip());
        } catch (RuntimeException e) {
            log.warn("the interactive-command hook event failed: {}", e.toString());
        }
    }

    private static String help() {
        return "commands (one per connection, e.g. echo status | nc -U SOCKET):\n" + Arrays.stream(CommandType.values())
                .map(t -> "  " + (t.takesValue() ? t.commandName() + "=N" : t.commandName())
                        + (t.aliases().isEmpty() ? "" : " (" + String.join(", ", t.aliases()) + ")")
                        + ": " + t.description())
                .collect(Collectors.joining("\n"));
    }

    private String phaseName() {
        return phase.name().toLowerCase(Locale.ROOT);
    }

    private String status() {
        Supplier<String> s = statusLine;
        return withNotes(s == null ? phaseName() + " | no progress yet" : s.get());
    }

    private String statusJson() {
        Supplier<String> s = statusJson;
        if (s != null) {
            return s.get();
        }
        try {
            return JSON.writeValueAsString(Map.of("phase", phaseName())); // before the run attached its status
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private String sup() {
        Supplier<String> s = shortStatus;
        return withNotes(s == null ? phaseName() + " | no progress yet" : s.get());
    }

    private String withNotes(String line) {
        StringBuilder b = new StringBuilder(line);
        if (throttler.throttled() && !line.contains("throttled by " + UserCommandThrottler.NAME)) {
            b.append(" | ").append(throttler.check());
        }
        Optional<Path> flag = postponeFlag;
        if (flag.isPresent() && phase.compareTo(Phase.CUTOVER) < 0 && Files.exists(flag.get())) {
            b.append(" | cutover postponed by ").append(flag.get()).append(" (send unpostpone to cut over)");
        }
        String reverify = lastReverify;
        if (reverify != null && phase.compareTo(Phase.CUTOVER) < 0) {
            b.append(" | ").append(reverify);
        }
        synchronized (this) {
            if (panic) {
                b.append(" | panic: the run is stopping");
            }
        }
        return b.toString();
    }

    private String requestVerify() {
        if (phase != Phase.WAIT_CUTOVER) {
            return "error: verify: the run verifies again only while its cutover waits (phase wait_cutover); it is in"
                    + " phase " + phaseName();
        }
        if (verifyRequested.getAndSet(true)) {
            return "verify already requested: it starts within a second";
        }
        return "verify requested: every table is verified again (and repaired) now; send status to see its result";
    }

    private String requestReverse(CommandType type) {
        if (phase != Phase.REVERSE) {
            return "error: " + type.commandName() + ": only a run in phase reverse (--reverse-window, after its cutover)"
                    + " takes it; this one is in phase " + phaseName();
        }
        CommandType before = reverseRequest.getAndUpdate(r -> r == null ? type : r);
        if (before != null) {
            return before.commandName() + " already requested: it starts within a second";
        }
        return type == CommandType.REVERT
                ? "revert requested: the target tables are renamed to _t_rev, the reverse stream drains, then the source"
                        + " gets its tables back; the run prints the write-unavailability window"
                : "complete requested: the reverse stream stops and the run ends";
    }

    /** @return {@code revert} or {@code complete} once after that interactive command was received, else null */
    public CommandType takeReverseRequest() {
        return reverseRequest.getAndSet(null);
    }

    /** @return true, once, after the interactive command {@code verify} was received */
    public boolean takeVerifyRequest() {
        return verifyRequested.getAndSet(false);
    }

    /**
     * The result of the last re-verification, shown by {@code status} and {@code sup} from now on.
     *
     * @param line e.g. {@code "re-verify at 12:00:00: 1000 rows compared, 0 keys repaired"}
     */
    public void reverified(String line) {
        lastReverify = line;
    }

    private synchronized String panic() {
        if (cutoverStarted) {
            return "error: panic refused: the cutover (RENAME of the source tables) has started, phase " + phaseName()
                    + "; the run goes on to finish it";
        }
        panic = true;
        log.warn("panic command received: the run stops before its RENAME");
        return "panic: the run stops before the RENAME; the source tables stay untouched; run the same command"
                + " again to resume";
    }

    private String chunkSize(Command command) {
        IntSupplier current = chunkSize;
        IntConsumer setter = chunkSizeSetter;
        if (command.value().isEmpty()) {
            return current == null ? "the row copy is not running (phase " + phaseName() + ")"
                    : "chunk-size=" + current.getAsInt();
        }
        if (current == null || setter == null) {
            return "error: chunk-size: the row copy is not running (phase " + phaseName() + "); nothing to change";
        }
        int before = current.getAsInt();
        setter.accept(command.value().getAsInt());
        log.info("chunk-size changed from {} to {} rows by interactive command", before, command.value().getAsInt());
        return "chunk-size changed from " + before + " to " + command.value().getAsInt() + " rows (from the next chunk on)";
    }
}
