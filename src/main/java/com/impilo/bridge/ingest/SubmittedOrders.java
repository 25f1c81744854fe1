package com.impilo.bridge.ingest;

import java.io.IOException;

import com.fasterxml.jackson.databind.JsonNode;
import com.impilo.bridge.model.ImpiloJson;
import com.impilo.bridge.model.Order;

/** Orders handed over by a host application rather than read from a file: a model object or its JSON. */
public final class SubmittedOrders {

    /** The "file name" that receipts, the ledger and the audit trail show for a submitted order. */
    public static final String ORIGIN = "(submitted)";

    private SubmittedOrders() {
    }

    /** Reads the body as one order, with the same strict reading as partner files. */
    public static ParsedOrder parse(Object body) throws IOException {
        JsonNode json;
        if (body instanceof Order order) {
            json = ImpiloJson.mapper().valueToTree(order);
        } else if (body instanceof String text) {
            json = ImpiloJson.mapper().readTree(text);
        } else {
            throw new IllegalArgumentException("expected an Order or its JSON, got "
                    + (body == null ? "nothing" : body.getClass().getName()));
        }
        return OrderMapping.map(ORIGIN, Position.index(0), json);
    }
}
