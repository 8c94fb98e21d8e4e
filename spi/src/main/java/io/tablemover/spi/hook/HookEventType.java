package io.tablemover.spi.hook;

import java.util.Arrays;
import java.util.Optional;

/**
 * The points of a run at which hooks are called, in the order a successful run reaches them
 * ({@link #STATUS} and {@link #INTERACTIVE_COMMAND} may come at any time, {@link #FAILURE} instead
 * of {@link #SUCCESS}); the events of {@code --reverse-window} come last (added in 1.2, after the
 * older ones so that their ordinals stay): {@link #REVERSE_STARTED} after {@link #SUCCESS}, then {@link #BEFORE_REVERT}
 * and {@link #REVERTED}, or {@link #COMPLETED}.
 *
 * @since 1.1
 */
public enum HookEventType {
    /**
     * The run starts: before validation, nothing has been changed (the engine has only looked up the
     * run's stored state, to fire this once per run).
     */
    STARTUP("startup"),
    /** Both servers passed validation; nothing has been changed yet. */
    VALIDATED("validated"),
    /** The target tables exist and the binlog stream runs; the row copy starts. */
    BEFORE_ROW_COPY("before-row-copy"),
    /** Every row has been copied; the binlog stream goes on. */
    ROW_COPY_COMPLETE("row-copy-complete"),
    /** The cutover is ready but postponed (the postpone flag file exists); fired once per wait. */
    BEGIN_POSTPONED("begin-postponed"),
    /**
     * The cutover is about to start; the source has not been touched. The only event whose hooks
     * can veto: a {@link HookException} with {@link HookException#veto()} aborts the cutover.
     */
    BEFORE_CUT_OVER("before-cut-over"),
    /** The move is complete: tables renamed on the source, drain done ({@link RunInfo#drainGtidSet()} set). */
    SUCCESS("success"),
    /** The run failed (or was aborted); {@link RunInfo#phase()} tells where. */
    FAILURE("failure"),
    /** Periodic progress report, every status interval while the run goes on. */
    STATUS("status"),
    /** An operator sent a command to the running engine; {@link HookEvent#command()} holds it. */
    INTERACTIVE_COMMAND("interactive-command"),
    /**
     * {@code --reverse-window}: the move is cut over and the reverse stream from the target(s) into the source's
     * {@code _t_del} tables runs; fired once per run.
     *
     * @since 1.2
     */
    REVERSE_STARTED("reverse-started"),
    /**
     * A revert was asked for: the target tables are about to be renamed to {@code _t_rev} (writes to them fail from
     * then on); fired once per run.
     *
     * @since 1.2
     */
    BEFORE_REVERT("before-revert"),
    /**
     * The revert is done: the source holds the tables under their own names with every write made on the target;
     * fired once per run.
     *
     * @since 1.2
     */
    REVERTED("reverted"),
    /**
     * The reverse window ended ({@code complete}, or its time ran out): the reverse stream stopped, the run is done;
     * fired once per run.
     *
     * @since 1.2
     */
    COMPLETED("completed");

    private final String eventName;

    HookEventType(String eventName) {
        this.eventName = eventName;
    }

    /**
     * @return the event's name as used in hook file names and {@code TABLEMOVER_EVENT}, e.g.
     *     {@code "before-cut-over"}
     */
    public String eventName() {
        return eventName;
    }

    /** @return true if a hook can stop the run at this event (only {@link #BEFORE_CUT_OVER}) */
    public boolean vetoable() {
        return this == BEFORE_CUT_OVER;
    }

    /**
     * @param eventName e.g. {@code "row-copy-complete"}
     * @return the type of that name, or empty if there is none
     */
    public static Optional<HookEventType> ofEventName(String eventName) {
        return Arrays.stream(values()).filter(t -> t.eventName.equals(eventName)).findFirst();
    }

    /** @return {@link #eventName()} */
    @Override
    public String toString() {
        return eventName;
    }
}
