package com.impilo.bridge.routes;

import com.impilo.bridge.api.ImpiloApiRoutes;
import com.impilo.bridge.feed.FeedPolls;
import org.apache.camel.builder.RouteBuilder;

/**
 * The order feed's poll: walks the pages of GET /api/v3/order and hands each order, one message at a time, to change
 * detection; on a schedule unless {@code bridge.feed.interval} is 0, and whenever {@link Endpoints#FEED_POLL_NOW} is
 * called.
 */
public final class FeedPollRoute extends RouteBuilder {

    private final FeedPolls polls;
    private final boolean scheduled;

    /** @param scheduled whether to poll on the schedule as well */
    public FeedPollRoute(FeedPolls polls, boolean scheduled) {
        this.polls = polls;
        this.scheduled = scheduled;
    }

    @Override
    public void configure() {
        if (scheduled) {
            from(Endpoints.feedSchedule())
                    .routeId("feed-schedule")
                    .to(Endpoints.FEED_POLL_NOW);
        }

        from(Endpoints.FEED_POLL_NOW)
                .routeId("feed-poll")
                .routeConfigurationId(ErrorPolicy.FEED_POLL_ERRORS)
                .process(BridgeExchange.beginPoll(polls))
                .process(BridgeExchange.via("poll"))
                .loopDoWhile(BridgeExchange.morePages(polls))
                    .process(BridgeExchange.nextQuery(polls))
                    .to(ImpiloApiRoutes.LIST_ORDERS)
                    .process(BridgeExchange.pageOrders(polls))
                    .split(body()).streaming()
                        .to(Endpoints.FEED_ORDER)
                    .end()
                .end()
                .process(BridgeExchange.pollCompleted(polls));
        ErrorsAsFailures.guard(getRouteCollection().getRoutes());
    }
}
