package com.impilo.bridge.routes;

import java.util.List;

import com.impilo.bridge.settings.PartnerSource;
import com.impilo.bridge.feed.FeedChanges;
import com.impilo.bridge.feed.FeedOrder;
import com.impilo.bridge.feed.OrderOutbox;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.ChoiceDefinition;
import org.apache.camel.model.FilterDefinition;

/**
 * One order of the feed, from the poll or a webhook: in scope and changed since the last emission? Then to the
 * partner's outbox (and its SFTP outbox folder, if its source has one) and the feed endpoint, and only then
 * remembered as emitted.
 */
public final class FeedEmitRoute extends RouteBuilder {

    private final FeedChanges changes;
    private final OrderOutbox outbox;
    private final List<PartnerSource> uploads;

    /** @param uploads the sources whose orders' outbox files also go to their SFTP server */
    public FeedEmitRoute(FeedChanges changes, OrderOutbox outbox, List<PartnerSource> uploads) {
        this.changes = changes;
        this.outbox = outbox;
        this.uploads = List.copyOf(uploads);
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
        changed.process(exchange -> exchange.getMessage().setBody(outbox.write(BridgeExchange.partner(exchange),
                exchange.getMessage().getMandatoryBody(FeedOrder.class))));
        if (!uploads.isEmpty()) {
            upload(changed.choice());
        }
        changed.process(BridgeExchange.feedMessage())
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

    // The outbox file, also to the SFTP outbox folder of the source the order came from.
    private void upload(ChoiceDefinition partner) {
        for (PartnerSource source : uploads) {
            partner.when(exchange -> source.name().equals(BridgeExchange.partner(exchange)))
                    .setHeader(Exchange.FILE_NAME, simple("${body.fileName.toString()}"))
                    .to(SftpSecrets.endpoint(getContext(), Endpoints.sftpOutbox(source), source))
                    .removeHeaders("CamelFile*");
        }
        partner.end();
    }
}
