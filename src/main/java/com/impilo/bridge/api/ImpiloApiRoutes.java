package com.impilo.bridge.api;

import java.time.Duration;

import com.impilo.bridge.observe.ApiCalls;
import com.impilo.bridge.routes.Endpoints;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.RouteDefinition;

/** The Impilo v3 API client: one route per call (create, list, get, find, probe), with the API key, no retries. */
public final class ImpiloApiRoutes extends RouteBuilder {

    /** The header that carries the API key; its value is never logged. */
    public static final String API_KEY_HEADER = "Impilo-API-Key";

    private static final String EXTERNAL_ORDER_ID = "impiloExternalOrderId";

    private String apiKey;

    @Override
    public void configure() {
        // the API endpoints' HttpClient gets the whole-call deadline through camel-http's httpClientConfigurer
        long totalTimeout = Long.parseLong(getContext().resolvePropertyPlaceholders("{{bridge.http.total-timeout}}"));
        getContext().getRegistry().bind(CallDeadline.BEAN, new CallDeadline(Duration.ofMillis(totalTimeout)));
        apiKey = getContext().resolvePropertyPlaceholders("{{impilo.api.key}}");

        call(Endpoints.IMPILO_CREATE_ORDER, "impilo-create-order")
                .bean(ApiMessages.class, "requestJson")
                .setHeader(Exchange.CONTENT_TYPE, constant("application/json"))
                .to(Endpoints.createOrder())
                .removeHeaders("*", "Camel*")
                .bean(ApiMessages.class, "createdOrder");

        // The two reads answer with the JSON text exactly as received: the order feed keeps fields this code does
        // not model. The body (the query, the id) stays untouched until the answer, so a retry can re-enter whole;
        // a GET sends no body.
        call(Endpoints.IMPILO_LIST_ORDERS, "impilo-list-orders")
                .setHeader(Exchange.HTTP_QUERY, simple("${body.queryString()}"))
                .to(Endpoints.listOrders())
                .removeHeaders("*", "Camel*")
                .convertBodyTo(String.class);

        call(Endpoints.IMPILO_GET_ORDER, "impilo-get-order")
                .setHeader(Exchange.HTTP_PATH, simple("/${bodyAs(Long)}"))
                .to(Endpoints.listOrders())
                .removeHeaders("*", "Camel*")
                .convertBodyTo(String.class);

        // a list call filtered by the external id, then the check that the order found really carries it
        from(Endpoints.IMPILO_FIND_ORDER)
                .routeId("impilo-find-order")
                .errorHandler(noErrorHandler())
                .setProperty(EXTERNAL_ORDER_ID, body())
                .setBody(method(ListOrdersQuery.class, "byExternalOrderId"))
                .to(Endpoints.IMPILO_LIST_ORDERS)
                .bean(ApiMessages.class, "orderWithExternalId(${body}, ${exchangeProperty." + EXTERNAL_ORDER_ID + "})");

        call(Endpoints.IMPILO_PROBE, "impilo-probe")
                .setHeader(Exchange.HTTP_QUERY, constant("size=1"))
                .setBody(constant(null))
                .to(Endpoints.probe())
                .choice()
                    .when(header(Exchange.HTTP_RESPONSE_CODE).in(401, 403)).setBody(constant(false))
                    .when(header(Exchange.HTTP_RESPONSE_CODE).isLessThan(300)).setBody(constant(true))
                    .otherwise().throwException(IllegalStateException.class, "the Impilo API answered HTTP"
                            + " ${header." + Exchange.HTTP_RESPONSE_CODE + "} to the key probe")
                .end()
                .removeHeaders("*", "Camel*");
    }

    /**
     * The common start of every call: the caller's error policy decides about retries (so that a retry re-enters
     * the route whole), nothing of the caller's travels as an HTTP header, and the API key is added.
     */
    private RouteDefinition call(String endpoint, String routeId) {
        return from(endpoint)
                .routeId(routeId)
                .errorHandler(noErrorHandler())
                // Camel's own headers stay on the message (the redelivery counter lives there); camel-http never
                // sends them. Those that steer camel-http are reset, so one call's query cannot leak into the next.
                .removeHeaders("*", "Camel*")
                .removeHeaders("CamelHttp*")
                .setProperty(ApiCalls.CALL, constant(routeId.substring("impilo-".length())))
                // resolved once; set by a processor, so that the key shows in no route dump or management view
                .process(exchange -> exchange.getMessage().setHeader(API_KEY_HEADER, apiKey));
    }
}
