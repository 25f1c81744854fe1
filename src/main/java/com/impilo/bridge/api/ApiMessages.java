package com.impilo.bridge.api;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.impilo.bridge.model.ImpiloJson;
import com.impilo.bridge.model.Order;
import com.impilo.bridge.model.OrderStatus;
import com.impilo.bridge.model.Page;
import com.impilo.bridge.model.WireEnum;
import com.impilo.bridge.text.LogText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Request and response bodies of the Impilo API, to and from the model. */
public final class ApiMessages {

    private static final Logger LOG = LoggerFactory.getLogger(ApiMessages.class);
    private static final ObjectMapper MAPPER = ImpiloJson.mapper();
    private static final TypeReference<Page<Order>> ORDER_PAGE = new TypeReference<>() { };
    private static final ObjectWriter ORDER_WRITER = MAPPER.writerFor(Order.class);

    private ApiMessages() {
    }

    /**
     * The request body: an Order as UTF-8 JSON, written straight to bytes; JSON text, or its UTF-8 bytes, passes
     * unchanged (a host may send it).
     */
    public static Object requestJson(Object body) throws JsonProcessingException {
        if (body instanceof String || body instanceof byte[]) {
            return body;
        }
        if (body instanceof Order order) {
            return ORDER_WRITER.writeValueAsBytes(order);
        }
        throw new IllegalArgumentException("expected an Order or its JSON, got "
                + (body == null ? "nothing" : body.getClass().getName()));
    }

    /**
     * The created order from a 2xx answer. The order exists at Impilo whatever the body says, so an empty or odd
     * body must not turn a success into a failure (that would invite a duplicate on replay).
     */
    public static Order createdOrder(String body) {
        if (body == null || body.isBlank()) {
            LOG.warn("the Impilo API answered 2xx without a body; the order was created but its id is unknown");
            return emptyOrder();
        }
        try {
            return MAPPER.readValue(body, Order.class);
        } catch (JsonProcessingException e) {
            LOG.warn("the Impilo API answered 2xx with a body that is not an order ({}); the order was created"
                    + " but its id is unknown", LogText.of(e.getOriginalMessage()));
            return emptyOrder();
        }
    }

    /**
     * The created order's id and status alone, from a 2xx answer's bytes, as {@link #createdOrder} reads them but
     * without building the rest of the order (nor decoding the answer into text first): what the outcome of a partner
     * file's order needs. Reading stops once both are found (Impilo's answer names them first), so the rest of the
     * answer costs nothing. An odd answer is handled as there.
     */
    public static Order createdOrderIdAndStatus(byte[] body) {
        if (body == null) {
            return createdOrder(null);
        }
        try (JsonParser answer = MAPPER.getFactory().createParser(body)) {
            if (answer.nextToken() != JsonToken.START_OBJECT) {
                return createdOrder(new String(body, StandardCharsets.UTF_8));
            }
            Long id = null;
            OrderStatus status = null;
            while ((id == null || status == null) && answer.nextToken() == JsonToken.FIELD_NAME) {
                String field = answer.currentName();
                JsonToken value = answer.nextToken();
                if (field.equals("id") && value == JsonToken.VALUE_NUMBER_INT) {
                    id = answer.getLongValue();
                } else if (field.equals("currentStatus") && value == JsonToken.VALUE_STRING) {
                    status = WireEnum.read(OrderStatus.class, answer.getText());
                } else {
                    answer.skipChildren();
                }
            }
            return idAndStatus(id, status);
        } catch (IOException e) {
            // what the full read says of it, in the same words
            return createdOrder(new String(body, StandardCharsets.UTF_8));
        }
    }

    /**
     * The order of a list page that really carries the external id (the filter is the API's; the check is ours), or
     * null when none does.
     */
    public static Order orderWithExternalId(String pageJson, String externalOrderId) throws JsonProcessingException {
        Page<Order> page = MAPPER.readValue(pageJson, ORDER_PAGE);
        if (page.content() == null) {
            return null;
        }
        return page.content().stream()
                .filter(order -> order.externalOrderIds() != null && order.externalOrderIds().contains(externalOrderId))
                .findFirst()
                .orElse(null);
    }

    private static Order emptyOrder() {
        return idAndStatus(null, null);
    }

    private static Order idAndStatus(Long id, OrderStatus status) {
        return new Order(id, status, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null);
    }

    /**
     * The ids of the patients on a page of the patient list whose external identifier is exactly {@code identifier}.
     * Only ids are read: the names, birth dates and addresses the page also holds are not kept.
     */
    public static List<Long> patientIds(String pageJson, String identifier) throws JsonProcessingException {
        List<Long> ids = new ArrayList<>();
        for (JsonNode patient : MAPPER.readTree(pageJson).path("content")) {
            if (identifier.equals(patient.path("externalIdentifier").asText(null)) && patient.path("id").canConvertToLong()) {
                ids.add(patient.path("id").asLong());
            }
        }
        return ids;
    }

    /** The items on a page of the item list whose SKU is exactly {@code sku}, with whether each is orderable. */
    public static List<ReferenceResolver.ItemMatch> itemsWithSku(String pageJson, String sku)
            throws JsonProcessingException {
        List<ReferenceResolver.ItemMatch> items = new ArrayList<>();
        for (JsonNode item : MAPPER.readTree(pageJson).path("content")) {
            if (sku.equals(item.path("sku").asText(null)) && item.path("id").canConvertToLong()) {
                items.add(new ReferenceResolver.ItemMatch(item.path("id").asLong(),
                        item.path("orderable").asBoolean(true)));
            }
        }
        return items;
    }
}
