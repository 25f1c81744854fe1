package com.impilo.bridge.routes;

import com.impilo.bridge.feed.WebhookReceiver;
import org.apache.camel.builder.RouteBuilder;

/**
 * Impilo's {@code order.statusFull} webhooks, once the receiver's own server ({@link WebhookServer}) has checked their
 * secret and read their body: the order goes through the same change detection as the poll, so a change that arrives
 * both ways is emitted once. The answer is the exchange's body and HTTP response code.
 */
public final class WebhookRoute extends RouteBuilder {

    private final WebhookReceiver webhooks;

    public WebhookRoute(WebhookReceiver webhooks) {
        this.webhooks = webhooks;
    }

    @Override
    public void configure() {
        from(Endpoints.WEBHOOK_RECEIVED)
                .routeId("impilo-webhook")
                .routeConfigurationId(ErrorPolicy.WEBHOOK_ERRORS)
                .process(exchange -> exchange.getMessage().setBody(webhooks.order(exchange.getMessage()
                        .getBody(String.class))))
                .filter(body().isNotNull())
                    .process(BridgeExchange.via("webhook"))
                    .to(Endpoints.FEED_ORDER)
                .end()
                .process(BridgeExchange.webhookHandled());
        ErrorsAsFailures.guard(getRouteCollection().getRoutes());
    }
}
