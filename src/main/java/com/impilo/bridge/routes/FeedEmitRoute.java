package com.impilo.bridge.routes;

import com.impilo.bridge.feed.FeedChanges;
import com.impilo.bridge.feed.FeedOrder;
import com.impilo.bridge.outcome.PartnerOutbox;
import com.impilo.bridge.outcome.X12Replies;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.FilterDefinition;

/**
 * One order of the feed, from the poll or a webhook: in scope and changed since the last emission? Then to the
 * partner's outbox (and its SFTP outbox folder, if its source has one) and the feed endpoint, and only then
 * remembered as emitted.
 */
public final class FeedEmitRoute extends RouteBuilder {

    private final FeedChanges changes;
    private final PartnerOutbox outbox;
    private final boolean uploads;
    private final X12Replies x12;

    /**
     * @param uploads whether some sources have an SFTP outbox folder, where their orders' outbox files also go
     * @param x12     sends an order's 856 when it ships, if it came from an X12 850
     */
    public FeedEmitRoute(FeedChanges changes, PartnerOutbox outbox, boolean uploads, X12Replies x12) {
        this.changes = changes;
        this.outbox = outbox;
        this.uploads = uploads;
        this.x12 = x12;
    }

    @Override
    public void configure() {
        FilterDefinition changed = from(Endpoints.FEED_ORDER)
                .routeId("feed-order")
                .process(BridgeExchange.claimFeedOrder(changes))
                .doTry()
                    .process(BridgeExchange.detectChange(changes))
                    .filter(BridgeExchange.changed());
        // the body becomes the outbox file just written
        changed.process(exchange -> {
            FeedOrder order = exchange.getMessage().getMandatoryBody(FeedOrder.class);
            exchange.getMessage().setBody(outbox.write(BridgeExchange.partner(exchange), order.id() + ".json",
                    order.json()));
        });
        if (uploads) {
            changed.process(exchange -> exchange.getMessage().setHeader(PartnerUploadRoute.SOURCE,
                    BridgeExchange.partner(exchange))).to(Endpoints.PARTNER_UPLOAD);
        }
        // a failed 856 fails the emission: the change is offered again, and the 856 with it
        changed.process(BridgeExchange.shipNotice(x12))
                .process(BridgeExchange.feedMessage())
                    .to(Endpoints.orderFeed())
                    .process(BridgeExchange.emitted(changes))
                .endDoTry()
                // One failed emission (outbox not writable, an SFTP server away, a feed consumer that throws) must not
                // stop the others; it is not remembered as emitted, so it is offered again. Caught here rather than by
                // a route configuration: a consumer route's own error handler marks the failure as exhausted, and
                // Camel's error handlers then leave it alone, while doCatch still sees it.
                .doCatch(Exception.class)
                    .process(BridgeExchange.emissionFailed(changes))
                .doFinally()
                    .process(BridgeExchange.releaseFeedOrder())
                .end();
        ErrorsAsFailures.guard(getRouteCollection().getRoutes());
    }
}
