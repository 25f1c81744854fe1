package com.impilo.bridge.feed;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/** One order as the API returned it: its JSON text exactly as received, and the same text parsed for reading. */
public record FeedOrder(long id, String json, JsonNode tree) {

    /** The order's current status as written in the JSON, or null. */
    public String currentStatus() {
        JsonNode status = tree.get("currentStatus");
        return status == null || status.isNull() ? null : status.asText();
    }

    /** The order's external order ids, as strings. */
    public List<String> externalOrderIds() {
        List<String> ids = new ArrayList<>();
        tree.path("externalOrderIds").forEach(id -> {
            if (id.isValueNode() && !id.isNull()) {
                ids.add(id.asText());
            }
        });
        return ids;
    }
}
