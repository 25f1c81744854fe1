package com.impilo.bridge.feed;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;

/**
 * What a partner cares about in an order, as one hash: its current status, tracking numbers, order events and the
 * devices assigned (their ids and identifiers). Key order, list order, and a missing list versus an empty one do not
 * change it; device telemetry (health checks, device events) and every other field do not either.
 */
public final class OrderFingerprint {

    private OrderFingerprint() {
    }

    public static String of(JsonNode order) {
        StringBuilder text = new StringBuilder();
        text.append("status=").append(canonical(order.path("currentStatus"))).append('\n');
        text.append("trackingNumbers=").append(canonicalSet(order.path("trackingNumbers"))).append('\n');
        text.append("orderEvents=").append(canonicalSet(order.path("orderEvents"))).append('\n');
        List<String> devices = new ArrayList<>();
        for (JsonNode device : order.path("devices")) {
            devices.add("{id=" + canonical(device.path("id"))
                    + ",identifiers=" + canonicalSet(device.path("deviceIdentifiers")) + "}");
        }
        text.append("devices=").append(sorted(devices));
        return sha256(text.toString());
    }

    // A list read as a set: its elements' canonical forms, sorted.
    private static String canonicalSet(JsonNode list) {
        List<String> elements = new ArrayList<>();
        if (list.isArray()) {
            list.forEach(element -> elements.add(canonical(element)));
        }
        return sorted(elements);
    }

    private static String sorted(List<String> elements) {
        return "[" + String.join(",", elements.stream().sorted().toList()) + "]";
    }

    // JSON with object keys sorted, so that the same content always reads the same.
    private static String canonical(JsonNode node) {
        if (node.isMissingNode() || node.isNull()) {
            return "null";
        }
        if (node.isObject()) {
            Map<String, String> fields = new TreeMap<>();
            Iterator<Map.Entry<String, JsonNode>> it = node.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> field = it.next();
                fields.put(field.getKey(), canonical(field.getValue()));
            }
            StringBuilder out = new StringBuilder("{");
            fields.forEach((key, value) -> out.append(quoted(key)).append(':').append(value).append(','));
            return out.append('}').toString();
        }
        if (node.isArray()) {
            List<String> elements = new ArrayList<>();
            node.forEach(element -> elements.add(canonical(element)));
            return "[" + String.join(",", elements) + "]";
        }
        return node.toString();
    }

    private static String quoted(String text) {
        return TextNode.valueOf(text).toString();
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
