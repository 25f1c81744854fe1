package com.impilo.bridge.routes;

import com.impilo.bridge.api.ImpiloApiRoutes;
import com.impilo.bridge.feed.FeedPolls;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.spi.RoutePolicy;

/**
 * The order feed's poll: walks the pages of GET /api/v3/order and hands each order, one message at a time, to change
 * detection; on a schedule unless {@code bridge.feed.interval} is 0, and whenever {@link Endpoints#FEED_POLL_NOW} is
 * called. The schedule runs under a route policy: on the one instance that leads the feed, when several share a store.
 */
public final class FeedPollRoute extends RouteBuilder {

    private final FeedPolls polls;
    private final RoutePolicy leadership;

    /**
     * @param leadership the policy that runs the schedule on the leader only; null: no schedule, polls only when asked
     */
    public FeedPollRoute(FeedPolls polls, RoutePolicy leadership) {
        this.polls = polls;
        this.leadership = leadership;
    }

    @Override
    public void configure() {
        if (leadership != null) {
            from(Endpoints.feedSchedule())
                    .routeId("feed-schedule")
                    .routePolicy(leadership)
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
