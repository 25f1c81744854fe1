package com.impilo.bridge.ingest;

/**
 * What the first pass over a file learnt that its orders and its answers to the partner need: an X12 interchange's
 * control numbers and the errors of its groups and sets. Files of the other formats have none ({@link #NONE}).
 */
public interface Envelope {

    /** The envelope of a file that has none: JSON, NDJSON, CSV. */
    Envelope NONE = new Envelope() {
        @Override
        public String toString() {
            return "no envelope";
        }
    };
}
