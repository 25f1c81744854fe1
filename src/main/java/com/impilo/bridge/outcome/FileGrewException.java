package com.impilo.bridge.outcome;

/**
 * A file changed while it was read (a writer still had it open): it is not moved away, and is read again once it
 * has settled; the ledger keeps the orders already created from being sent twice.
 */
public final class FileGrewException extends Exception {

    public FileGrewException(String message) {
        super(message);
    }
}
