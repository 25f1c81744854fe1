package com.impilo.bridge.ingest.x12;

import com.impilo.bridge.ingest.UnreadableFileException;

/**
 * The interchange itself is broken, a duplicate or not from this source's partner: nothing of it is sent, the file is
 * dead-lettered whole, and the partner gets a TA1 with the note code, when its ISA could be read to address one.
 */
public final class X12EnvelopeException extends UnreadableFileException {

    private final transient Interchange interchange;

    public X12EnvelopeException(Interchange interchange, String message) {
        super(message);
        this.interchange = interchange;
    }

    public X12EnvelopeException(Interchange interchange, String message, Throwable cause) {
        super(message, cause);
        this.interchange = interchange;
    }

    /** The interchange as far as it was read, with its problem; its header is null when no ISA could be read. */
    public Interchange interchange() {
        return interchange;
    }
}
