package com.impilo.bridge.api;

import com.impilo.bridge.outcome.OrderOutcomes;
import com.impilo.bridge.routes.Endpoints;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;

/** The Impilo v3 API client: one route per call, authenticated with the API key, no retries of its own. */
public final class ImpiloApiRoutes extends RouteBuilder {

    /** The header that carries the API key; its value is never logged. */
    public static final String API_KEY_HEADER = "Impilo-API-Key";

    @Override
    public void configure() {
        from(Endpoints.IMPILO_CREATE_ORDER)
                .routeId("impilo-create-order")
                // the caller's error policy decides about retries, so that a retry re-enters this route whole
                .errorHandler(noErrorHandler())
                .process(ImpiloApiRoutes::countAttempt)
                .bean(ApiMessages.class, "requestJson")
                // nothing of the caller's may travel to Impilo as HTTP headers; Camel's own headers stay on the
                // message (the redelivery counter lives there) and camel-http never sends them
                .removeHeaders("*", "Camel*")
                .setHeader(API_KEY_HEADER, simple("${properties:impilo.api.key}"))
                .setHeader(Exchange.CONTENT_TYPE, constant("application/json"))
                .to(Endpoints.createOrder())
                .removeHeaders("*", "Camel*")
                .bean(ApiMessages.class, "createdOrder");
    }

    private static void countAttempt(Exchange exchange) {
        exchange.setProperty(OrderOutcomes.ATTEMPTS, exchange.getProperty(OrderOutcomes.ATTEMPTS, 0, Integer.class) + 1);
    }
}
