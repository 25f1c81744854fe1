package com.impilo.bridge.routes;

import com.impilo.bridge.feed.FeedChanges;
import com.impilo.bridge.feed.WebhookAnswers;
import com.impilo.bridge.feed.WebhookReceiver;
import org.apache.camel.builder.RouteBuilder;

/**
 * Impilo's {@code order.statusFull} webhooks on the bridge's HTTP server: secret checked first (401 otherwise), then
 * the order goes through the same change detection as the poll, so a change that arrives both ways is emitted once.
 */
public final class WebhookRoute extends RouteBuilder {

    private final WebhookReceiver webhooks;

    public WebhookRoute(WebhookReceiver webhooks) {
        this.webhooks = webhooks;
    }

    @Override
    public void configure() {
        from(Endpoints.webhook())
                .routeId("impilo-webhook")
                .routeConfigurationId(ErrorPolicy.WEBHOOK_ERRORS)
                .filter(method(webhooks, "authentic").isEqualTo(false))
                    .bean(WebhookAnswers.class, "unauthorized")
                    .stop()
                .end()
                // nothing of the request travels further as a header, the secret least of all
                .removeHeaders("*")
                .bean(webhooks, "order")
                .filter(body().isNotNull())
                    .setProperty(FeedChanges.VIA, constant("webhook"))
                    .to(Endpoints.FEED_ORDER)
                .end()
                .bean(WebhookAnswers.class, "answer");
    }
}
