package com.impilo.bridge.ingest;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.impilo.bridge.model.Order;
import com.impilo.bridge.model.ResolvedReference;
import com.impilo.bridge.validate.Violation;

/**
 * One order as read from a partner file: its position, the JSON as sent (or the raw text when it is not JSON),
 * and either the mapped {@link Order} or the problems that kept it from being read. An order read from CSV carries
 * its JSON form and, in {@code sourceRows}, the header and rows it was read from; one read from X12 its segments, and
 * in {@code origin} what its partner's answers need.
 */
public record ParsedOrder(String fileName, Position position, JsonNode json, String rawText, Order order,
                          List<Violation> problems, List<String> sourceRows, List<ResolvedReference> resolved,
                          Origin origin) {

    public ParsedOrder(String fileName, Position position, JsonNode json, String rawText, Order order,
                       List<Violation> problems, List<String> sourceRows, List<ResolvedReference> resolved) {
        this(fileName, position, json, rawText, order, problems, sourceRows, resolved, null);
    }

    public static ParsedOrder of(String fileName, Position position, JsonNode json, Order order) {
        return new ParsedOrder(fileName, position, json, null, order, List.of(), List.of(), List.of());
    }

    public static ParsedOrder unreadable(String fileName, Position position, JsonNode json, String rawText,
                                         List<Violation> problems) {
        return new ParsedOrder(fileName, position, json, rawText, null, List.copyOf(problems), List.of(), List.of());
    }

    /** The same order, remembering the flat-file header and rows it was read from. */
    public ParsedOrder withSourceRows(List<String> rows) {
        return new ParsedOrder(fileName, position, json, rawText, order, problems, List.copyOf(rows), resolved, origin);
    }

    /** The same order, remembering the partner's codes its crosswalk turned into Impilo ids. */
    public ParsedOrder withResolved(List<ResolvedReference> references) {
        return new ParsedOrder(fileName, position, json, rawText, order, problems, sourceRows,
                List.copyOf(references), origin);
    }

    /** The same order, with what its partner's answers need to know of where it came from. */
    public ParsedOrder withOrigin(Origin from) {
        return new ParsedOrder(fileName, position, json, rawText, order, problems, sourceRows, resolved, from);
    }

    /** Whether the partner asks to cancel the order this names (an X12 850 with BEG01 01) rather than create one. */
    public boolean cancels() {
        return origin != null && origin.cancels();
    }

    public boolean readable() {
        return order != null && problems.isEmpty();
    }

    /** The external order ids as sent, for receipts and error files, even when the order could not be mapped. */
    public List<String> externalOrderIds() {
        if (order != null && order.externalOrderIds() != null) {
            return order.externalOrderIds().stream().filter(id -> id != null).toList();
        }
        if (json != null && json.path("externalOrderIds").isArray()) {
            return java.util.stream.StreamSupport.stream(json.path("externalOrderIds").spliterator(), false)
                    .filter(JsonNode::isTextual).map(JsonNode::asText).toList();
        }
        return List.of();
    }
}
