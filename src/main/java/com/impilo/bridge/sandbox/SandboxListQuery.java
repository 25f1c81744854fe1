package com.impilo.bridge.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/** The query of GET /api/v3/order: 1-based page, page size and the optional filters. */
record SandboxListQuery(int page, int size, Set<String> externalOrderIds, OptionalLong patientId) {

    static final int DEFAULT_SIZE = 15;
    static final int MAX_SIZE = 250;

    SandboxListQuery {
        externalOrderIds = Set.copyOf(externalOrderIds);
    }

    /** Parses a raw (still percent-encoded) query string, null meaning none; a 400 for invalid values. */
    static SandboxListQuery parse(String rawQuery) {
        int page = 1;
        int size = DEFAULT_SIZE;
        Set<String> externalOrderIds = new LinkedHashSet<>();
        OptionalLong patientId = OptionalLong.empty();
        for (Map.Entry<String, List<String>> parameter : SandboxHttp.queryOf(rawQuery).entrySet()) {
            String name = parameter.getKey();
            for (String value : parameter.getValue()) {
                switch (name) {
                    case "page" -> page = integer(name, value);
                    case "size" -> size = integer(name, value);
                    case "externalOrderId" -> externalOrderIds.add(value);
                    case "patientId" -> patientId = OptionalLong.of(number(name, value));
                    default -> {
                        // Unknown parameters are ignored, as the live API does.
                    }
                }
            }
        }
        if (page < 1) {
            throw SandboxApiException.badRequest("page must be at least 1");
        }
        if (size < 1 || size > MAX_SIZE) {
            throw SandboxApiException.badRequest("size must be between 1 and " + MAX_SIZE);
        }
        return new SandboxListQuery(page, size, externalOrderIds, patientId);
    }

    /** Whether a stored order passes the filters. */
    boolean matches(JsonNode order) {
        if (patientId.isPresent()) {
            Long patient = SandboxRules.id(order.path("patient"));
            if (patient == null || patient != patientId.getAsLong()) {
                return false;
            }
        }
        if (externalOrderIds.isEmpty()) {
            return true;
        }
        for (JsonNode externalId : order.path("externalOrderIds")) {
            if (externalOrderIds.contains(externalId.asText())) {
                return true;
            }
        }
        return false;
    }

    /** Index of the page's first match among all matches. */
    long offset() {
        return (long) (page - 1) * size;
    }

    private static int integer(String name, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw SandboxApiException.badRequest(name + " must be an integer");
        }
    }

    private static long number(String name, String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw SandboxApiException.badRequest(name + " must be a number");
        }
    }
}
