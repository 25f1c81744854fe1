package com.impilo.bridge.outcome;

import java.util.List;

import com.impilo.bridge.model.ResolvedReference;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** What became of one order: a line in its file's receipt. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"position", "externalOrderIds", "idempotencyKey", "outcome", "impiloOrderId", "status", "reason",
        "violations", "httpStatus", "deadLetter"})
public record OrderResult(
        String position,
        List<String> externalOrderIds,
        String idempotencyKey,
        Outcome outcome,
        Long impiloOrderId,
        String status,
        String reason,
        List<String> violations,
        Integer httpStatus,
        String deadLetter,
        List<ResolvedReference> resolved) {

    /** The four ways an order's journey ends. */
    public enum Outcome {
        created, duplicate, rejected, undelivered, cancelled
    }
}
