package com.impilo.bridge.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/** Turns an accepted create request into the full order the API stores and answers with. */
final class SandboxOrderFactory {

    static final String ORDER_PLACED = "orderPlaced";

    private final JsonNodeFactory nodes = JsonNodeFactory.instance;
    private final SandboxCatalog catalog;

    SandboxOrderFactory(SandboxCatalog catalog) {
        this.catalog = catalog;
    }

    /** The stored order for a request that passed {@link SandboxRules#check(ObjectNode)}. */
    ObjectNode build(long id, ObjectNode request, Instant now) {
        ObjectNode order = nodes.objectNode();
        order.put("id", id);
        order.put("currentStatus", ORDER_PLACED);
        order.put("emailLabel", request.path("emailLabel").asBoolean(false));
        order.set("externalOrderIds", copyOrEmpty(request, "externalOrderIds"));
        // The API links the order to the existing patient or site by id, and shows the patient as it holds them; the
        // rest of the request's copy is not stored.
        String association = SandboxRules.present(request, "patient") != null ? "patient" : "site";
        long associated = SandboxRules.id(request.get(association));
        if (association.equals("patient") && catalog.patient(associated).isPresent()) {
            order.set("patient", catalog.patient(associated).get());
        } else {
            order.putObject(association).put("id", associated);
        }
        ArrayNode items = order.putArray("orderItems");
        for (JsonNode line : request.path("orderItems")) {
            ObjectNode echoed = items.addObject();
            echoed.set("item", catalog.item(SandboxRules.id(line.path("item"))).orElseThrow());
            echoed.put("count", line.path("count").intValue());
        }
        ArrayNode kits = order.putArray("orderKits");
        for (JsonNode line : request.path("orderKits")) {
            ObjectNode echoed = kits.addObject();
            echoed.set("kit", catalog.kit(SandboxRules.id(line.path("kit"))).orElseThrow());
            echoed.put("count", line.path("count").intValue());
        }
        order.set("orderNotes", copyOrEmpty(request, "orderNotes"));
        ArrayNode events = order.putArray("orderEvents");
        events.add(event(ORDER_PLACED, now));
        order.putArray("trackingNumbers");
        order.putArray("devices");
        order.putArray("packedKits");
        for (String list : SandboxRules.RETURN_LISTS) {
            order.set(list, copyOrEmpty(request, list));
        }
        JsonNode shipping = SandboxRules.present(request, "shippingOption");
        order.put("shippingOption", shipping != null ? shipping.asText() : "standard");
        return order;
    }

    /** One orderEvents entry. */
    ObjectNode event(String name, Instant at) {
        ObjectNode event = nodes.objectNode();
        event.put("name", name);
        event.put("eventTimestamp", at.toString());
        return event;
    }

    private ArrayNode copyOrEmpty(ObjectNode request, String field) {
        JsonNode value = SandboxRules.present(request, field);
        return value != null ? (ArrayNode) value.deepCopy() : nodes.arrayNode();
    }
}
