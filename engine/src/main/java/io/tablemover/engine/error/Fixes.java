package io.tablemover.engine.error;

/**
 * The operator instructions that several failures share, each written once. A failure before the RENAME leaves
 * the source untouched and the run resumable ({@link #RESUME_OR_CANCEL}); the instructions after the RENAME carry
 * the undo statement and are built by the cutover.
 */
public final class Fixes {
    /** What to do after any failure before the RENAME: the source is untouched, the run state kept. */
    public static final String RESUME_OR_CANCEL = "The source tables are untouched; run the same command again to"
            + " resume, or 'tablemover cancel' with the same options and --execute to drop what was copied";

    /** What to do when the stored run cannot go on (purged binlogs, a schema change on a moved table). */
    public static final String CANCEL_AND_START_AGAIN = "cancel it ('tablemover cancel' with the same options and"
            + " --execute) and start again";

    private Fixes() {}

    /** @return the text between a reason and its fix: {@code ". "} unless the reason already ends a sentence */
    static String separator(String reason) {
        return reason.endsWith(".") || reason.endsWith(":") || reason.endsWith(";") ? " " : ". ";
    }

    /**
     * @return the first line of {@code e}'s message, or its class name when it has none: how a failure is
     *     recorded in the run state and printed in one line
     */
    public static String oneLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.split("\n")[0];
    }
}
