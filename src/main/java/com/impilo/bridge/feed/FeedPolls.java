package com.impilo.bridge.feed;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import com.impilo.bridge.api.ApiFailures;
import com.impilo.bridge.api.ListOrdersQuery;
import com.impilo.bridge.text.LogText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The steps of one feed poll, for the poll route: start a walk, ask for each page, read it, say how it went. */
public final class FeedPolls {


    private static final Logger LOG = LoggerFactory.getLogger(FeedPolls.class);

    private final int pageSize;
    private final Clock clock;
    private volatile Instant lastCompleted;

    public FeedPolls(int pageSize, Clock clock) {
        this.pageSize = pageSize;
        this.clock = clock;
    }

    /** A new walk over the list of orders, from page 1. */
    public FeedWalk begin() {
        return new FeedWalk(pageSize);
    }

    /** Whether to ask for another page: not once the bridge is shutting down, so that it stops between pages. */
    public boolean hasMore(FeedWalk walk, boolean stopping) {
        if (stopping) {
            walk.stopForShutdown();
            return false;
        }
        return walk.hasMore();
    }

    public ListOrdersQuery nextQuery(FeedWalk walk) {
        return walk.nextQuery();
    }

    /** The orders of the page the API answered with. */
    public List<FeedOrder> orders(FeedWalk walk, String pageJson) {
        return walk.accept(FeedPages.read(pageJson)).orders();
    }

    /** The walk ended normally, or between two pages for a shutdown: how it went. */
    public FeedPollResult completed(FeedWalk walk) {
        if (walk.stoppedForShutdown()) {
            FeedPollResult result = walk.result("stopped between two pages: the bridge is shutting down");
            LOG.info("feed poll {}; the next poll starts again from page 1", LogText.of(result));
            return result;
        }
        FeedPollResult result = walk.result(null);
        lastCompleted = clock.instant();
        if (result.emitted() > 0 || result.failedOrders() > 0 || result.listChanged()) {
            LOG.info("feed poll {}", LogText.of(result));
        } else {
            LOG.debug("feed poll {}", LogText.of(result));
        }
        if (result.listChanged()) {
            LOG.info("feed poll: orders were added or removed while the list was read; orders that moved between"
                    + " pages are compared again on the next poll");
        }
        return result;
    }

    /**
     * The poll stopped (the API stayed unavailable, refused the key, answered something unreadable). What was emitted
     * stays emitted; the rest is compared on the next poll, which walks the list from the start.
     *
     * @param walk the walk, or null when the poll failed before it began
     */
    public FeedPollResult failed(FeedWalk walk, Throwable failure) {
        String why = describe(failure);
        FeedPollResult result = walk != null ? walk.result(why) : new FeedPollResult(false, 0, 0, 0, 0, 0, false, why);
        LOG.warn("feed poll {}; the next poll starts again from page 1", LogText.of(result));
        return result;
    }

    /** When the last poll that walked the whole list ended, or null before the first. */
    public Instant lastCompleted() {
        return lastCompleted;
    }

    private static String describe(Throwable failure) {
        if (failure == null) {
            return "unknown failure";
        }
        int status = ApiFailures.status(failure);
        if (status != 0) {
            return "the Impilo API answered HTTP " + status
                    + (ApiFailures.isAuthFailure(failure) ? " (API key refused: check impilo.api.key)" : "");
        }
        return ApiFailures.describe(failure);
    }
}
