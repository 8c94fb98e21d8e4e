package io.tablemover.engine.error;

/**
 * The operator instructions that several failures share, each written once. A failure before the RENAME leaves
 * the source untouched and the run resumable ({@link #RESUME_OR_CANCEL}); the instructions after the RENAME carry
 * the undo statement and are built by the cutover.
 */
public final class Fixes {
    /** What to do after any failure before the RENAME: the source is untouched, the run state kept. */
    public static final String RESUME_OR_CANCEL = "the source tables are untouched; run the same command again to"
            + " resume, or 'tablemover cancel' with the same options and --execute to drop what was copied";

    /** What to do when the stored run cannot go on (purged binlogs, a schema change on a moved table). */
    public static final String CANCEL_AND_START_AGAIN = "cancel it ('tablemover cancel' with the same options and"
            + " --execute) and start again";

    private Fixes() {}

    /**
     * @return one line: the reason, then the fix as a sentence of its own ({@code "X failed. The source tables are
     *     untouched; ..."})
     */
    static String join(String reason, String fix) {
        String sentence = fix.isEmpty() ? fix : Character.toUpperCase(fix.charAt(0)) + fix.substring(1);
        return reason + (reason.endsWith(".") ? " " : ". ") + sentence;
    }

    /**
     * @return the first line of {@code e}'s message, or its class name when it has none: how a failure is
     *     recorded in the run state and printed in one line
     */
    public static String oneLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.split("\n")[0];
    }

    /**
     * @return one line for a failure of a worker thread (copy worker, binlog apply, binlog listener): for an
     *     {@link OutOfMemoryError} what ran out and how to give the run more room (a larger heap or smaller copy
     *     chunks); for another {@link Error} its type and message; else {@link #oneLine}
     */
    public static String ofWorker(Throwable e) {
        if (e instanceof OutOfMemoryError) {
            return "out of memory (" + oneLine(e) + "): give the JVM more heap (JAVA_OPTS=-Xmx2g; bin/tablemover"
                    + " defaults to -Xmx512m) or copy smaller chunks (--chunk-max-bytes, --chunk-size, --copy-threads)";
        }
        return e instanceof Error ? e.getClass().getSimpleName() + ": " + oneLine(e) : oneLine(e);
    }
}
