package com.impilo.bridge.feed;

import java.util.List;

/**
 * One page of {@code GET /api/v3/order} as the feed reads it: its orders, and the pagination fields when the answer
 * had them (null otherwise); {@code skipped} counts elements that were not orders with an id.
 */
public record FeedPage(List<FeedOrder> orders, Integer page, Long total, Boolean last, int skipped) {

    public FeedPage {
        orders = List.copyOf(orders);
    }
}
