package com.impilo.bridge.feed;

/**
 * What one feed poll did: whether it walked the whole list, pages read, orders seen and emitted, orders whose
 * emission failed, list elements without an id, whether the list changed while it was read, and how it ended.
 */
public record FeedPollResult(boolean completed, int pages, int ordersSeen, int emitted, int failedOrders,
                             int skipped, boolean listChanged, String end) {

    @Override
    public String toString() {
        return (completed ? "completed" : "failed") + " (" + end + "): " + pages + " page(s), " + ordersSeen
                + " order(s) seen, " + emitted + " emitted, " + failedOrders + " failed"
                + (skipped > 0 ? ", " + skipped + " list element(s) without an id skipped" : "")
                + (listChanged ? ", the list changed while it was read" : "");
    }
}
