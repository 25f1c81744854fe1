package com.impilo.bridge.store;

/** The state store cannot be reached; files wait at their sources until it can. */
public class StoreUnavailableException extends Exception {

    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
