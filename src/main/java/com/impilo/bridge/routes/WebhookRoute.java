package com.impilo.bridge.routes;

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
                .filter(exchange -> !webhooks.authentic(exchange.getMessage().getHeader(WebhookReceiver.SECRET_HEADER,
                        String.class)))
                    .process(BridgeExchange.webhookUnauthorized())
                    .stop()
                .end()
                // nothing of the request travels further as a header, the secret least of all
                .removeHeaders("*")
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
