package com.impilo.bridge.ingest;

/**
 * A whole file cannot be read as orders (not JSON, empty, unsupported type); the file is dead-lettered as it is. Its
 * message says what is wrong and where, never what the file holds: it goes into log lines. Where quoting the file
 * helps the engineer, {@link #reason()} says it too, for the dead letter's error file only.
 */
public class UnreadableFileException extends Exception {

    private final String reason;

    public UnreadableFileException(String message) {
        this(message, null, null);
    }

    public UnreadableFileException(String message, Throwable cause) {
        this(message, null, cause);
    }

    private UnreadableFileException(String message, String reason, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    /**
     * A problem whose full description quotes the file (a token, a row): {@code message} says it without the quote,
     * for logs; {@code reason} with it, for the error file. The parser's exception is not kept, since its message
     * quotes the file as well.
     */
    public static UnreadableFileException quoting(String message, String reason) {
        return new UnreadableFileException(message, reason, null);
    }

    /** The problem in full, quoting the file where that helps: for the dead letter's error file, never for logs. */
    public String reason() {
        return reason != null ? reason : getMessage();
    }
}
