package com.impilo.bridge.store;

import java.util.List;

/** One order as the ledger knows it: where it came from, what became of it, and its Impilo id once created. */
public record LedgerEntry(
        String idempotencyKey,
        List<String> externalOrderIds,
        String source,
        String sourceFile,
        String position,
        State state,
        Long impiloOrderId,
        String impiloStatus,
        String reason) {

    /** The life of an order in the bridge. */
    public enum State { IN_FLIGHT, CREATED, REJECTED, UNDELIVERED }

    public LedgerEntry with(State newState, Long newImpiloOrderId, String newImpiloStatus, String newReason) {
        return new LedgerEntry(idempotencyKey, externalOrderIds, source, sourceFile, position,
                newState, newImpiloOrderId, newImpiloStatus, newReason);
    }
}
