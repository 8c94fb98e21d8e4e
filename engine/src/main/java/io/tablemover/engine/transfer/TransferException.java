package io.tablemover.engine.transfer;

/** A copy or apply transfer failed for a reason retrying does not cure (unchecked). */
public class TransferException extends RuntimeException {
    public TransferException(String message, Throwable cause) {
        super(message, cause);
    }
}
