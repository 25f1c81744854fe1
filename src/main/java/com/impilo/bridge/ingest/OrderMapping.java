package com.impilo.bridge.ingest;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.impilo.bridge.model.ImpiloJson;
import com.impilo.bridge.model.Order;
import com.impilo.bridge.validate.Violation;

/** Maps one JSON order onto the model, turning type errors into violations with JSON paths. */
public final class OrderMapping {

    // bound to the type once: treeToValue(node, Order.class) would build a reader for the type at every order
    private static final ObjectReader READER = ImpiloJson.partnerFiles().forType(Order.class);

    private OrderMapping() {
    }

    public static ParsedOrder map(String fileName, Position position, JsonNode node) {
        if (node == null || !node.isObject()) {
            String found = node == null ? "nothing" : node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
            return ParsedOrder.unreadable(fileName, position, node, node == null ? null : node.toString(),
                    List.of(new Violation("$", "expected an order (a JSON object), found " + found)));
        }
        Violation broken = brokenCharacter(node);
        if (broken != null) {
            return ParsedOrder.unreadable(fileName, position, node, null, List.of(broken));
        }
        try {
            return ParsedOrder.of(fileName, position, node, READER.<Order>readValue(node));
        } catch (JsonMappingException e) {
            return ParsedOrder.unreadable(fileName, position, node, null, List.of(violation(e, node)));
        } catch (JsonProcessingException e) {
            return ParsedOrder.unreadable(fileName, position, node, null,
                    List.of(new Violation("$", e.getOriginalMessage())));
        } catch (IOException e) {
            // a tree in memory has nothing to fail reading: what Jackson would say, all the same
            return ParsedOrder.unreadable(fileName, position, node, null, List.of(new Violation("$", e.getMessage())));
        }
    }

    // An escaped lone surrogate ("\ud800" without its pair) is valid JSON but no character: sent on, it would reach
    // Impilo as '?'. The first one found is reported, in a value or in a field name. Its path is gathered on the way
    // back from where it was found, so that an order without one builds no path at all.
    private static Violation brokenCharacter(JsonNode order) {
        Broken broken = brokenCharacterIn(order);
        return broken == null ? null : new Violation(broken.path(), broken.message());
    }

    private static Broken brokenCharacterIn(JsonNode node) {
        if (node.isTextual()) {
            int at = unpairedSurrogate(node.textValue());
            return at < 0 ? null : new Broken("holds a broken character (" + surrogate(node.textValue().charAt(at))
                    + ")", new ArrayList<>());
        }
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            int at = unpairedSurrogate(field.getKey());
            Broken broken = at >= 0 ? new Broken("the field name holds a broken character ("
                    + surrogate(field.getKey().charAt(at)) + ")", new ArrayList<>())
                    : brokenCharacterIn(field.getValue());
            if (broken != null) {
                broken.stepsBack().add(field.getKey());
                return broken;
            }
        }
        for (int i = 0; node.isArray() && i < node.size(); i++) {
            Broken broken = brokenCharacterIn(node.get(i));
            if (broken != null) {
                broken.stepsBack().add(i);
                return broken;
            }
        }
        return null;
    }

    /** A broken character and the steps to it (field names and array indexes), the innermost first. */
    private record Broken(String message, List<Object> stepsBack) {

        // "$" for the order itself, else as "items[0].name"
        String path() {
            StringBuilder path = new StringBuilder();
            for (int i = stepsBack.size() - 1; i >= 0; i--) {
                Object step = stepsBack.get(i);
                if (step instanceof Integer index) {
                    path.append('[').append(index).append(']');
                } else {
                    path.append(path.length() == 0 ? "" : ".").append(step);
                }
            }
            return path.length() == 0 ? "$" : path.toString();
        }
    }

    private static int unpairedSurrogate(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }

    private static String surrogate(char c) {
        return String.format("an unpaired UTF-16 surrogate \\u%04x", (int) c);
    }

    private static Violation violation(JsonMappingException e, JsonNode order) {
        String path = path(e.getPath());
        if (e.getCause() instanceof InputCoercionException outOfRange && range(outOfRange.getTargetType()) != null) {
            return new Violation(path, "expected a whole number between " + range(outOfRange.getTargetType())
                    + ", got " + valueAt(order, e.getPath()).asText());
        }
        if (e instanceof InvalidFormatException invalid) {
            return new Violation(path, "expected " + describe(invalid.getTargetType()) + ", got "
                    + quote(invalid.getValue()));
        }
        if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            return new Violation(path, "expected " + describe(mismatch.getTargetType()));
        }
        return new Violation(path, firstLine(e.getOriginalMessage()));
    }

    public static String path(List<JsonMappingException.Reference> references) {
        if (references.isEmpty()) {
            return "$";
        }
        return references.stream()
                .map(ref -> ref.getFieldName() != null ? "." + ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining())
                .replaceFirst("^\\.", "");
    }

    // Jackson's own words ("Numeric value (99999999999) out of range of int") name a Java type, not what to send.
    private static String range(Class<?> type) {
        if (type == Integer.class || type == int.class) {
            return Integer.MIN_VALUE + " and " + Integer.MAX_VALUE;
        }
        if (type == Long.class || type == long.class) {
            return Long.MIN_VALUE + " and " + Long.MAX_VALUE;
        }
        return null;
    }

    private static JsonNode valueAt(JsonNode order, List<JsonMappingException.Reference> references) {
        JsonNode value = order;
        for (JsonMappingException.Reference ref : references) {
            value = ref.getFieldName() != null ? value.path(ref.getFieldName()) : value.path(ref.getIndex());
        }
        return value;
    }

    private static String describe(Class<?> type) {
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "a whole number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a string";
        }
        if (List.class.isAssignableFrom(type)) {
            return "a list";
        }
        return "an object";
    }

    private static String quote(Object value) {
        String text = String.valueOf(value);
        // the value is echoed so that the engineer sees the typo; cut it short so a misplaced free-text field stays brief
        String shortened = text.length() > 40 ? text.substring(0, 40) + "..." : text;
        return value instanceof String ? "\"" + shortened + "\"" : shortened;
    }

    private static String firstLine(String message) {
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
