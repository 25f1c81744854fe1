package com.impilo.bridge.ingest;

/**
 * What an order's format knows of where the order came from that the answers to its partner need: an X12 purchase
 * order's number, date and lines, for its 855. The formats without such answers give none (null).
 */
public interface Origin {

    /** Whether the partner asks to cancel the order it names (an 850 with BEG01 {@code 01}) rather than create one. */
    default boolean cancels() {
        return false;
    }
}
