package com.impilo.bridge.outcome;

/** Hears what becomes of orders, for metrics; the outcome classes know nothing of who listens. */
public interface OutcomeListener {

    /** An order of {@code source} was received, or ended as {@code event} (created, duplicate, rejected, undelivered). */
    void order(String event, String source);

    /** A delivery of an order of {@code source} is tried again. */
    void retried(String source);

    /** Hears nothing. */
    OutcomeListener NONE = new OutcomeListener() {
        @Override
        public void order(String event, String source) {
            // nobody listens
        }

        @Override
        public void retried(String source) {
            // nobody listens
        }
    };
}
