package com.impilo.bridge.api;

import com.impilo.bridge.outcome.OrderOutcomes;
import com.impilo.bridge.routes.Endpoints;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;

/** The Impilo v3 API client: one route per call (create, list, get), with the API key, no retries of its own. */
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

        // The two reads answer with the JSON text exactly as received: the order feed keeps fields this code does
        // not model. The body (the query, the id) stays untouched until the answer, so a retry can re-enter whole.
        from(Endpoints.IMPILO_LIST_ORDERS)
                .routeId("impilo-list-orders")
                .errorHandler(noErrorHandler())
                .removeHeaders("*", "Camel*")
                .removeHeaders("CamelHttp*")
                .setHeader(Exchange.HTTP_QUERY, simple("${body.queryString()}"))
                .setHeader(API_KEY_HEADER, simple("${properties:impilo.api.key}"))
                .to(Endpoints.readOrders())
                .removeHeaders("*", "Camel*")
                .convertBodyTo(String.class);

        from(Endpoints.IMPILO_GET_ORDER)
                .routeId("impilo-get-order")
                .errorHandler(noErrorHandler())
                .removeHeaders("*", "Camel*")
                .removeHeaders("CamelHttp*")
                .setHeader(Exchange.HTTP_PATH, simple("/${bodyAs(Long)}"))
                .setHeader(API_KEY_HEADER, simple("${properties:impilo.api.key}"))
                .to(Endpoints.readOrders())
                .removeHeaders("*", "Camel*")
                .convertBodyTo(String.class);
    }

    private static void countAttempt(Exchange exchange) {
        exchange.setProperty(OrderOutcomes.ATTEMPTS, exchange.getProperty(OrderOutcomes.ATTEMPTS, 0, Integer.class) + 1);
    }
}
