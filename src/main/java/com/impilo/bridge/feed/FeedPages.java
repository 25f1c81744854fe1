package com.impilo.bridge.feed;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.impilo.bridge.model.ImpiloJson;

/**
 * Reads the JSON text of a page or a single order into {@link FeedOrder}s, keeping each order's text exactly as
 * received (cut from the answer by parser offsets) so that no field the model does not know is lost.
 */
public final class FeedPages {

    private FeedPages() {
    }

    /** A page: its {@code content} orders and its pagination fields; elements without an id are skipped. */
    public static FeedPage read(String pageJson) {
        List<FeedOrder> orders = new ArrayList<>();
        Integer page = null;
        Long total = null;
        Boolean last = null;
        int skipped = 0;
        try (JsonParser parser = ImpiloJson.mapper().createParser(pageJson)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("the list answer is not a JSON object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (field) {
                    case "content" -> {
                        if (value != JsonToken.START_ARRAY) {
                            throw new IllegalArgumentException("the list answer's content is not an array");
                        }
                        while (parser.nextToken() != JsonToken.END_ARRAY) {
                            FeedOrder order = readValue(parser, pageJson);
                            if (order == null) {
                                skipped++;
                            } else {
                                orders.add(order);
                            }
                        }
                    }
                    case "page" -> page = value.isNumeric() ? parser.getIntValue() : null;
                    case "total" -> total = value.isNumeric() ? parser.getLongValue() : null;
                    case "last" -> last = value.isBoolean() ? parser.getBooleanValue() : null;
                    default -> parser.skipChildren();
                }
            }
        } catch (IOException e) {
            throw unreadable("the list answer", e);
        }
        return new FeedPage(orders, page, total, last, skipped);
    }

    /** A single order's JSON text (a GET /api/v3/order/{id} answer, a webhook's payload); null without an id. */
    public static FeedOrder order(String orderJson) {
        try (JsonParser parser = ImpiloJson.mapper().createParser(orderJson)) {
            parser.nextToken();
            return readValue(parser, orderJson);
        } catch (IOException e) {
            throw unreadable("the order", e);
        }
    }

    /** The order in a field of a JSON object (a webhook's {@code payload}); null when absent or without an id. */
    public static FeedOrder orderIn(String objectJson, String field) {
        try (JsonParser parser = ImpiloJson.mapper().createParser(objectJson)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                parser.nextToken();
                if (field.equals(name)) {
                    return readValue(parser, objectJson);
                }
                parser.skipChildren();
            }
            return null;
        } catch (IOException e) {
            throw unreadable("the JSON", e);
        }
    }

    // Jackson's own message only: its location part may quote the text, and orders carry patient data.
    private static UncheckedIOException unreadable(String what, IOException e) {
        String why = e instanceof JsonProcessingException json ? json.getOriginalMessage() : e.getMessage();
        return new UncheckedIOException(what + " is not readable JSON: " + why, e);
    }

    // The parser is on the value's first token; the text between its first and last character is the order as sent.
    private static FeedOrder readValue(JsonParser parser, String text) throws IOException {
        int start = (int) parser.currentTokenLocation().getCharOffset();
        JsonNode tree = parser.readValueAsTree();
        int end = (int) parser.currentLocation().getCharOffset();
        JsonNode id = tree == null ? null : tree.get("id");
        if (id == null || !id.isIntegralNumber() || !id.canConvertToLong()) {
            return null;
        }
        return new FeedOrder(id.longValue(), text.substring(start, end), tree);
    }
}
