package com.impilo.bridge.ingest;

/** A whole file cannot be read as orders (not JSON, empty, unsupported type); the file is dead-lettered as it is. */
public class UnreadableFileException extends Exception {

    public UnreadableFileException(String message) {
        super(message);
    }

    public UnreadableFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
