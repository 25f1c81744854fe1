package com.impilo.bridge.routes;

import com.impilo.bridge.feed.FeedChanges;
import com.impilo.bridge.feed.OrderOutbox;
import org.apache.camel.builder.RouteBuilder;

/**
 * One order of the feed, from the poll or a webhook: in scope and changed since the last emission? Then to the
 * partner's outbox and the feed endpoint, and only then remembered as emitted.
 */
public final class FeedEmitRoute extends RouteBuilder {

    private final FeedChanges changes;
    private final OrderOutbox outbox;

    public FeedEmitRoute(FeedChanges changes, OrderOutbox outbox) {
        this.changes = changes;
        this.outbox = outbox;
    }

    @Override
    public void configure() {
        from(Endpoints.FEED_ORDER)
                .routeId("feed-order")
                .bean(changes, "claim")
                .doTry()
                    .bean(changes, "detect")
                    .filter(exchangeProperty(FeedChanges.CHANGED))
                        // the outbox write is the seam for an upload of the same file to the partner's SFTP folder
                        .bean(outbox, "write(${exchangeProperty." + FeedChanges.PARTNER + "}, ${body})")
                        .bean(changes, "message")
                        .to(Endpoints.orderFeed())
                        .bean(changes, "emitted")
                    .endDoTry()
                // One failed emission (outbox not writable, a feed consumer that throws) must not stop the others; it
                // is not remembered as emitted, so it is offered again. Caught here rather than by a route
                // configuration: a consumer route's own error handler marks the failure as exhausted, and Camel's
                // error handlers then leave it alone, while doCatch still sees it.
                .doCatch(Exception.class)
                    .bean(changes, "failed")
                .doFinally()
                    .bean(changes, "release")
                .end();
    }
}
