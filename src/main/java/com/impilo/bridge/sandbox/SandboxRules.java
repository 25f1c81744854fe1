package com.impilo.bridge.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Set;

/** The create-order rules of the Impilo v3 API as the live docs state them; the first broken rule is the answer. */
final class SandboxRules {

    static final List<String> CONTENT_LISTS =
            List.of("orderItems", "orderKits", "returnItems", "returnDevices", "returnPackedKits");
    static final List<String> RETURN_LISTS = List.of("returnItems", "returnDevices", "returnPackedKits");
    static final List<String> ARRAY_FIELDS = List.of("orderItems", "orderKits", "returnItems", "returnDevices",
            "returnPackedKits", "orderNotes", "externalOrderIds");
    static final Set<String> SHIPPING_OPTIONS = Set.of("standard", "overnight");

    static final String ITEM_NOT_ORDERABLE = "item_not_orderable";
    static final String INSUFFICIENT_INVENTORY = "insufficient_inventory";

    private final SandboxCatalog catalog;

    SandboxRules(SandboxCatalog catalog) {
        this.catalog = catalog;
    }

    /** Throws the 400 the API would answer for this create request; returns normally when it would accept it. */
    void check(ObjectNode order) {
        checkAssociation(order);
        checkShapes(order);
        checkContent(order);
        checkLines(order, "orderItems", "item");
        checkLines(order, "orderKits", "kit");
        checkReturns(order);
        checkShipping(order);
        checkCatalog(order);
    }

    private static void checkAssociation(ObjectNode order) {
        JsonNode patient = present(order, "patient");
        JsonNode site = present(order, "site");
        if (patient != null && site != null) {
            throw SandboxApiException.badRequest("only one of patient or site is allowed");
        }
        JsonNode association = patient != null ? patient : site;
        if (association == null || id(association) == null) {
            throw SandboxApiException.badRequest("patient or site required");
        }
    }

    private static void checkShapes(ObjectNode order) {
        for (String list : ARRAY_FIELDS) {
            JsonNode node = present(order, list);
            if (node != null && !node.isArray()) {
                throw SandboxApiException.badRequest(list + " must be an array");
            }
        }
        JsonNode externalIds = present(order, "externalOrderIds");
        if (externalIds != null) {
            for (JsonNode externalId : externalIds) {
                if (!externalId.isTextual()) {
                    throw SandboxApiException.badRequest("externalOrderIds must be an array of strings");
                }
            }
        }
        JsonNode emailLabel = present(order, "emailLabel");
        if (emailLabel != null && !emailLabel.isBoolean()) {
            throw SandboxApiException.badRequest("emailLabel must be a boolean");
        }
    }

    private static void checkContent(ObjectNode order) {
        if (CONTENT_LISTS.stream().noneMatch(list -> order.path(list).size() > 0)) {
            throw SandboxApiException.badRequest("Order must contain at least one of: "
                    + "orderItems, orderKits, returnItems, returnDevices, or returnPackedKits");
        }
    }

    private static void checkLines(ObjectNode order, String list, String field) {
        JsonNode lines = order.path(list);
        for (int i = 0; i < lines.size(); i++) {
            JsonNode line = lines.get(i);
            if (id(line.path(field)) == null) {
                throw SandboxApiException.badRequest(list + "[" + i + "]." + field + ".id is required");
            }
            JsonNode count = line.path("count");
            if (!count.isIntegralNumber() || count.bigIntegerValue().signum() <= 0) {
                throw SandboxApiException.badRequest(list + "[" + i + "].count must be an integer of at least 1");
            }
        }
    }

    private static void checkReturns(ObjectNode order) {
        for (String list : RETURN_LISTS) {
            JsonNode lines = order.path(list);
            for (int i = 0; i < lines.size(); i++) {
                if (id(lines.get(i)) == null) {
                    throw SandboxApiException.badRequest(list + "[" + i + "].id is required");
                }
            }
        }
    }

    private static void checkShipping(ObjectNode order) {
        JsonNode shipping = present(order, "shippingOption");
        if (shipping != null && !(shipping.isTextual() && SHIPPING_OPTIONS.contains(shipping.asText()))) {
            throw SandboxApiException.badRequest("shippingOption must be one of: standard, overnight");
        }
        boolean emailLabel = order.path("emailLabel").asBoolean(false);
        boolean returns = RETURN_LISTS.stream().anyMatch(list -> order.path(list).size() > 0);
        if (shipping == null && !emailLabel && returns) {
            throw SandboxApiException.badRequest(
                    "shippingOption is required when emailLabel is false and return items are included");
        }
    }

    private void checkCatalog(ObjectNode order) {
        for (JsonNode line : order.path("orderItems")) {
            long id = id(line.path("item"));
            if (!catalog.orderableItem(id)) {
                throw SandboxApiException.rejected(ITEM_NOT_ORDERABLE, "item " + id + " is not orderable");
            }
            checkStock("item", id, line.path("count"));
        }
        for (JsonNode line : order.path("orderKits")) {
            long id = id(line.path("kit"));
            if (catalog.kit(id).isEmpty()) {
                throw SandboxApiException.rejected(ITEM_NOT_ORDERABLE, "kit " + id + " is not orderable");
            }
            checkStock("kit", id, line.path("count"));
        }
    }

    private static void checkStock(String what, long id, JsonNode count) {
        if (!count.canConvertToLong() || count.longValue() > SandboxCatalog.STOCK) {
            throw SandboxApiException.rejected(INSUFFICIENT_INVENTORY, "insufficient inventory for " + what + " " + id
                    + ": requested " + count.asText() + ", available " + SandboxCatalog.STOCK);
        }
    }

    /** The field's value, or null when it is absent or JSON null (both mean "not given" to the API). */
    static JsonNode present(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value;
    }

    /** The integral "id" of an object node, or null when there is none. */
    static Long id(JsonNode node) {
        JsonNode id = node.path("id");
        return id.isIntegralNumber() && id.canConvertToLong() ? id.longValue() : null;
    }
}
