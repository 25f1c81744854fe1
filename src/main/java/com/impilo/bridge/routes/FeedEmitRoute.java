package com.impilo.bridge.routes;

import java.util.List;

import com.impilo.bridge.settings.PartnerSource;
import com.impilo.bridge.feed.FeedChanges;
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
                .bean(changes, "claim")
                .doTry()
                    .bean(changes, "detect")
                    .filter(exchangeProperty(FeedChanges.CHANGED));
        // the body becomes the outbox file just written
        changed.bean(outbox, "write(${exchangeProperty." + FeedChanges.PARTNER + "}, ${body})");
        if (!uploads.isEmpty()) {
            upload(changed.choice());
        }
        changed.bean(changes, "message")
                    .to(Endpoints.orderFeed())
                    .bean(changes, "emitted")
                .endDoTry()
                // One failed emission (outbox not writable, an SFTP server away, a feed consumer that throws) must not
                // stop the others; it is not remembered as emitted, so it is offered again. Caught here rather than by
                // a route configuration: a consumer route's own error handler marks the failure as exhausted, and
                // Camel's error handlers then leave it alone, while doCatch still sees it.
                .doCatch(Exception.class)
                    .bean(changes, "failed")
                .doFinally()
                    .bean(changes, "release")
                .end();
    }

    // The outbox file, also to the SFTP outbox folder of the source the order came from.
    private void upload(ChoiceDefinition partner) {
        for (PartnerSource source : uploads) {
            partner.when(exchangeProperty(FeedChanges.PARTNER).isEqualTo(source.name()))
                    .setHeader(Exchange.FILE_NAME, simple("${body.fileName.toString()}"))
                    .to(SftpSecrets.endpoint(getContext(), Endpoints.sftpOutbox(source), source))
                    .removeHeaders("CamelFile*");
        }
        partner.end();
    }
}
