package com.impilo.bridge.feed;

import com.impilo.bridge.api.ListOrdersQuery;

/**
 * One walk through the pages of {@code GET /api/v3/order}: which page comes next, and when to stop. It stops at the
 * page that says {@code last: true}, at an empty page, at a page other than the one asked for, or one page after the
 * largest {@code total} seen says the list ends, so that an API whose pagination misbehaves cannot keep it going.
 * The list is read newest first while orders keep arriving, so a page may repeat orders of the page before; the
 * stored feed state keeps a repeated order from being emitted twice.
 */
public final class FeedWalk {

    private final int pageSize;
    private int nextPage = 1;
    private Long firstTotal;
    private long largestTotal;
    private boolean listChanged;
    private String end;
    private int pages;
    private int ordersSeen;
    private int skipped;
    private int emitted;
    private int failedOrders;
    private boolean stoppedForShutdown;

    public FeedWalk(int pageSize) {
        this.pageSize = pageSize;
    }

    /** The query for the next page. */
    public ListOrdersQuery nextQuery() {
        return ListOrdersQuery.page(nextPage, pageSize);
    }

    /** Takes in the page just read and returns its orders; afterwards {@link #hasMore()} says whether to go on. */
    public FeedPage accept(FeedPage page) {
        int asked = nextPage;
        pages++;
        ordersSeen += page.orders().size();
        skipped += page.skipped();
        if (page.total() != null) {
            if (firstTotal == null) {
                firstTotal = page.total();
            } else if (!firstTotal.equals(page.total())) {
                listChanged = true;
            }
            largestTotal = Math.max(largestTotal, page.total());
        }
        if (Boolean.TRUE.equals(page.last())) {
            end = "last page";
        } else if (page.orders().isEmpty() && page.skipped() == 0) {
            end = "empty page";
        } else if (page.page() != null && page.page() != asked) {
            end = "the API answered page " + page.page() + " when asked for page " + asked;
        } else if (firstTotal != null && asked >= pagesFor(largestTotal) + 1) {
            end = "page " + asked + " is past the " + largestTotal + " orders the API counted";
        }
        nextPage++;
        return page;
    }

    /** The bridge is shutting down: no more pages are asked for. */
    public void stopForShutdown() {
        stoppedForShutdown = true;
    }

    public boolean stoppedForShutdown() {
        return stoppedForShutdown;
    }

    public boolean hasMore() {
        return end == null;
    }

    /** Counts an order emitted in this walk. */
    public void emitted() {
        emitted++;
    }

    /** Counts an order whose emission failed in this walk; it is offered again on the next poll. */
    public void orderFailed() {
        failedOrders++;
    }

    /** What the walk did, once it ended or failed ({@code failure} null when it ended normally). */
    public FeedPollResult result(String failure) {
        return new FeedPollResult(failure == null, pages, ordersSeen, emitted, failedOrders, skipped, listChanged,
                failure != null ? failure : end);
    }

    private long pagesFor(long total) {
        return (total + pageSize - 1) / pageSize;
    }
}
