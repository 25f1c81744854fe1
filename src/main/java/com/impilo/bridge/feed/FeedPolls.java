package com.impilo.bridge.feed;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import com.impilo.bridge.api.ApiFailures;
import com.impilo.bridge.api.ListOrdersQuery;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The steps of one feed poll, for the poll route: start a walk, ask for each page, read it, say how it went. */
public final class FeedPolls {

    /** Exchange property: the {@link FeedWalk} of the poll in progress. */
    public static final String WALK = "bridgeFeedWalk";

    private static final Logger LOG = LoggerFactory.getLogger(FeedPolls.class);

    private static final String STOPPED_BY_SHUTDOWN = "bridgeFeedStoppedByShutdown";

    private final int pageSize;
    private final Clock clock;
    private volatile Instant lastCompleted;

    public FeedPolls(int pageSize, Clock clock) {
        this.pageSize = pageSize;
        this.clock = clock;
    }

    public void begin(Exchange exchange) {
        exchange.setProperty(WALK, new FeedWalk(pageSize));
    }

    /** Whether to ask for another page: not once the bridge is shutting down, so that it stops between pages. */
    public boolean hasMore(Exchange exchange) {
        if (exchange.getContext().isStopping()) {
            exchange.setProperty(STOPPED_BY_SHUTDOWN, true);
            return false;
        }
        return exchange.getProperty(WALK, FeedWalk.class).hasMore();
    }

    public ListOrdersQuery nextQuery(@ExchangeProperty(WALK) FeedWalk walk) {
        return walk.nextQuery();
    }

    /** The orders of the page the API answered with. */
    public List<FeedOrder> orders(@ExchangeProperty(WALK) FeedWalk walk, String pageJson) {
        return walk.accept(FeedPages.read(pageJson)).orders();
    }

    /** The walk ended normally, or between two pages for a shutdown; the poll's result becomes the body. */
    public FeedPollResult completed(@ExchangeProperty(WALK) FeedWalk walk,
                                    @ExchangeProperty(STOPPED_BY_SHUTDOWN) Boolean stoppedByShutdown) {
        if (Boolean.TRUE.equals(stoppedByShutdown)) {
            FeedPollResult result = walk.result("stopped between two pages: the bridge is shutting down");
            LOG.info("feed poll {}; the next poll starts again from page 1", result);
            return result;
        }
        FeedPollResult result = walk.result(null);
        lastCompleted = clock.instant();
        if (result.emitted() > 0 || result.failedOrders() > 0 || result.listChanged()) {
            LOG.info("feed poll {}", result);
        } else {
            LOG.debug("feed poll {}", result);
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
     */
    public FeedPollResult failed(Exchange exchange) {
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        FeedWalk walk = exchange.getProperty(WALK, FeedWalk.class);
        String why = describe(failure);
        FeedPollResult result = walk != null ? walk.result(why) : new FeedPollResult(false, 0, 0, 0, 0, 0, false, why);
        LOG.warn("feed poll {}; the next poll starts again from page 1", result);
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
