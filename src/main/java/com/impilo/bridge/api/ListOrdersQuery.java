package com.impilo.bridge.api;

import com.impilo.bridge.model.Page;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The query of {@code GET /api/v3/order}: a 1-based page, its size, and optional external order ids to match. */
public record ListOrdersQuery(int page, int size, List<String> externalOrderIds) {

    /** The API's largest page. */
    public static final int MAX_SIZE = Page.MAX_SIZE;

    public ListOrdersQuery {
        if (page < 1) {
            throw new IllegalArgumentException("page must be at least 1: " + page);
        }
        if (size < 1 || size > MAX_SIZE) {
            throw new IllegalArgumentException("size must be between 1 and " + MAX_SIZE + ": " + size);
        }
        externalOrderIds = List.copyOf(externalOrderIds);
    }

    /** One page of the whole account's orders. */
    public static ListOrdersQuery page(int page, int size) {
        return new ListOrdersQuery(page, size, List.of());
    }

    /** The first page of orders that carry this external order id. */
    public static ListOrdersQuery byExternalOrderId(String externalOrderId) {
        return new ListOrdersQuery(1, MAX_SIZE, List.of(externalOrderId));
    }

    /** The URL query string, encoded: {@code page=1&size=250&externalOrderId=...}. */
    public String queryString() {
        List<String> parts = new ArrayList<>(List.of("page=" + page, "size=" + size));
        externalOrderIds.forEach(id -> parts.add("externalOrderId=" + URLEncoder.encode(id, StandardCharsets.UTF_8)));
        return String.join("&", parts);
    }
}
