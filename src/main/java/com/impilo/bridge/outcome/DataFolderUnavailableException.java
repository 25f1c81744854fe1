package com.impilo.bridge.outcome;

/** The data folder cannot take outcomes (not writable, or too full); files wait at their sources until it can. */
public class DataFolderUnavailableException extends Exception {

    public DataFolderUnavailableException(String message) {
        super(message);
    }
}
