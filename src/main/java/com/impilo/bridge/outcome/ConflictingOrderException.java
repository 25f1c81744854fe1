package com.impilo.bridge.outcome;

/**
 * An order at Impilo carries this order's stamp but is for another patient or site: the bridge adopts it not, creates
 * nothing, and the order goes to rejected/ with both named.
 */
public final class ConflictingOrderException extends Exception {

    public ConflictingOrderException(String message) {
        super(message);
    }
}
