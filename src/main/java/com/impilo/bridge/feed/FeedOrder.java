package com.impilo.bridge.feed;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.impilo.bridge.ingest.x12.Acknowledgments;
import com.impilo.bridge.model.ImpiloJson;
import com.impilo.bridge.store.IdempotencyKeys;

/** One order as the API returned it: its JSON text exactly as received, and the same text parsed for reading. */
public record FeedOrder(long id, String json, JsonNode tree) {

    /**
     * The order as its partner knows it: the same, but without the bridge's stamps among its external order ids,
     * which are the bridge's, not the partner's.
     */
    public FeedOrder forPartner() {
        JsonNode ids = tree.path("externalOrderIds");
        if (!ids.isArray() || externalOrderIds().stream().noneMatch(IdempotencyKeys::isStamp)
                || !(tree instanceof ObjectNode object)) {
            return this;
        }
        ObjectNode copy = object.deepCopy();
        ArrayNode partnerIds = copy.putArray("externalOrderIds");
        ids.forEach(id -> {
            if (!(id.isValueNode() && IdempotencyKeys.isStamp(id.asText()))) {
                partnerIds.add(id);
            }
        });
        try {
            return new FeedOrder(id, ImpiloJson.mapper().writeValueAsString(copy), copy);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write an order that was just read", e);
        }
    }

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

    /**
     * The order as shipped, when Impilo gives it tracking numbers (and it is not voided): its id and each parcel's
     * carrier and tracking number.
     */
    public Optional<Acknowledgments.Shipment> shipment() {
        List<Acknowledgments.Parcel> parcels = new ArrayList<>();
        tree.path("trackingNumbers").forEach(number -> {
            if (number.path("value").isTextual() && !number.path("value").asText().isBlank()) {
                parcels.add(new Acknowledgments.Parcel(number.path("carrier").asText(""), number.path("value").asText()));
            }
        });
        return parcels.isEmpty() || "voided".equals(currentStatus()) ? Optional.empty()
                : Optional.of(new Acknowledgments.Shipment(id, List.copyOf(parcels)));
    }
}
