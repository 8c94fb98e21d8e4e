package io.tablemover.engine.transfer;

import org.jooq.DSLContext;

/**
 * Writes extra statements into a transfer's target transaction, before its commit: the copy's
 * checkpoint, so that the rows and the record of having copied them commit together.
 */
@FunctionalInterface
public interface TargetTransactionHook {
    /**
     * @param targetTx the target transaction's context
     * @param rowsWritten rows the transfer wrote
     */
    void beforeCommit(DSLContext targetTx, int rowsWritten);

    /**
     * Runs once the transaction that {@link #beforeCommit} wrote into has committed ({@code true}) or failed; on
     * the thread that ran {@code beforeCommit}, after each call of it (a retried transfer calls both again).
     */
    default void finished(boolean committed) { }

    /** A hook that writes nothing. */
    TargetTransactionHook NONE = (tx, rows) -> { };
}
