package com.impilo.bridge.api;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.camel.builder.endpoint.EndpointRouteBuilder;
import org.apache.camel.builder.endpoint.dsl.HttpEndpointBuilderFactory.HttpEndpointBuilder;
import org.apache.camel.model.RouteDefinition;

/**
 * The Impilo v3 API client: one route per call (create, list, get, find, probe), each with its endpoint, request and
 * answer, the API key, and no retries of its own (the caller's error policy decides).
 */
public final class ImpiloApiRoutes extends EndpointRouteBuilder {

    /** Creates one order. Body: an Order or its JSON; reply: the created Order. */
    public static final String CREATE_ORDER = "direct:impilo-create-order";
    /** Lists orders. Body: a ListOrdersQuery; reply: the page's JSON text as the API returned it. */
    public static final String LIST_ORDERS = "direct:impilo-list-orders";
    /** Fetches one order. Body: its Impilo id (a number); reply: the order's JSON text. */
    public static final String GET_ORDER = "direct:impilo-get-order";
    /** Voids one order. Body: its Impilo id (a number); reply: nothing (the API answers 204). */
    public static final String VOID_ORDER = "direct:impilo-void-order";
    /** Finds the order carrying an external order id. Body: the id; reply: the Order, or null when there is none. */
    public static final String FIND_ORDER = "direct:impilo-find-order";
    /** Finds patients by external identifier. Body: the identifier; reply: the ids of those that carry it exactly. */
    public static final String FIND_PATIENTS = "direct:impilo-find-patients";
    /** Finds catalog items by SKU. Body: the SKU; reply: the items that carry it exactly (ItemMatch). */
    public static final String FIND_ITEMS = "direct:impilo-find-items";
    /** Asks the API whether it accepts the key. Reply: true for a 2xx, false for 401/403; other failures throw. */
    public static final String PROBE = "direct:impilo-probe";

    /** The header that carries the API key; its value is never logged. */
    public static final String API_KEY_HEADER = "Impilo-API-Key";
    /**
     * Exchange property a caller of {@link #CREATE_ORDER} sets to true when it needs only the created order's id and
     * status (the answer is then not read whole); without it the reply is the whole order, as Impilo answered.
     */
    public static final String CREATED_ID_ONLY = "impiloCreatedIdOnly";

    /** Exchange property set by each call's route: the call's name for the metrics, e.g. {@code create-order}. */
    public static final String CALL = "bridgeApiCall";

    private static final String EXTERNAL_ORDER_ID = "impiloExternalOrderId";
    private static final String LOOKED_UP = "impiloLookedUp";

    private String apiKey;
    private CallRate rate;
    private HttpClientConfigurer clientSetup;

    @Override
    public void configure() {
        // the whole-call deadline and the bounds on answers go into each call's HttpClient through camel-http's
        // httpClientConfigurer
        long totalTimeout = Long.parseLong(getContext().resolvePropertyPlaceholders("{{bridge.http.total-timeout}}"));
        long maxAnswer = Long.parseLong(getContext().resolvePropertyPlaceholders("{{bridge.http.max-answer-bytes}}"));
        CallDeadline deadline = new CallDeadline(Duration.ofMillis(totalTimeout));
        AnswerLimit answerLimit = new AnswerLimit(maxAnswer);
        clientSetup = builder -> {
            deadline.configureHttpClient(builder);
            answerLimit.configureHttpClient(builder);
            // The API is called with a key header alone: no cookies, no HTTP authentication, no per-user connection
            // state, each of which HttpClient would otherwise keep and consult at every call.
            builder.disableCookieManagement().disableAuthCaching().disableConnectionState();
        };
        apiKey = getContext().resolvePropertyPlaceholders("{{impilo.api.key}}");
        rate = new CallRate(Long.parseLong(getContext().resolvePropertyPlaceholders(
                "{{bridge.http.rate-limit-per-second}}")));

        // The call every order makes, in one step after the common start: the POST on the endpoint's own HttpClient
        // (OrderPost), the answer read at once. Steps and camel-http's per-message work cost each order its share.
        OrderPost post = new OrderPost(orders().httpMethod("POST"));
        call(CREATE_ORDER, "impilo-create-order")
                .process(exchange -> {
                    Message message = exchange.getMessage();
                    message.setBody(ApiMessages.requestJson(message.getBody()));
                    post.process(exchange);
                    if (exchange.getException() == null) {
                        keepCamelHeaders(exchange);
                        byte[] answer = message.getBody(byte[].class);
                        message.setBody(exchange.getProperty(CREATED_ID_ONLY, false, Boolean.class)
                                ? ApiMessages.createdOrderIdAndStatus(answer)
                                : ApiMessages.createdOrder(answer == null ? null
                                        : new String(answer, StandardCharsets.UTF_8)));
                    }
                });

        // The two reads answer with the JSON text exactly as received: the order feed keeps fields this code does
        // not model. The body (the query, the id) stays untouched until the answer, so a retry can re-enter whole;
        // a GET sends no body.
        call(LIST_ORDERS, "impilo-list-orders")
                .setHeader(Exchange.HTTP_QUERY, simple("${body.queryString()}"))
                .to(orders().httpMethod("GET").throwExceptionOnFailure(true))
                .process(ImpiloApiRoutes::keepCamelHeaders)
                .convertBodyTo(String.class);

        call(GET_ORDER, "impilo-get-order")
                .setHeader(Exchange.HTTP_PATH, simple("/${bodyAs(Long)}"))
                .to(orders().httpMethod("GET").throwExceptionOnFailure(true))
                .process(ImpiloApiRoutes::keepCamelHeaders)
                .convertBodyTo(String.class);

        call(VOID_ORDER, "impilo-void-order")
                .setHeader(Exchange.HTTP_PATH, simple("/${bodyAs(Long)}"))
                // the id stays the body until the answer, for a retry; a DELETE sends none
                .to(orders().httpMethod("DELETE").throwExceptionOnFailure(true))
                .process(ImpiloApiRoutes::keepCamelHeaders)
                .setBody(constant(null));

        // a list call filtered by the external id, then the check that the order found really carries it
        from(FIND_ORDER)
                .routeId("impilo-find-order")
                .errorHandler(noErrorHandler())
                .setProperty(EXTERNAL_ORDER_ID, body())
                .setBody(method(ListOrdersQuery.class, "byExternalOrderId"))
                .to(LIST_ORDERS)
                .bean(ApiMessages.class, "orderWithExternalId(${body}, ${exchangeProperty." + EXTERNAL_ORDER_ID + "})");

        // The lookups: the list filtered by what the partner knows, then the exact matches (a filter may match more
        // loosely than equality). A patient's page holds personal data: only ids are read from it.
        lookup(FIND_PATIENTS, "impilo-find-patients", "/api/v3/patient", "externalIdentifier", 10, "patientIds");
        lookup(FIND_ITEMS, "impilo-find-items", "/api/v3/item", "sku", 100, "itemsWithSku");

        call(PROBE, "impilo-probe")
                .setHeader(Exchange.HTTP_QUERY, constant("size=1"))
                .setBody(constant(null))
                // answering with the status instead of raising on 401/403
                .to(orders().httpMethod("GET").throwExceptionOnFailure(false))
                .choice()
                    .when(header(Exchange.HTTP_RESPONSE_CODE).in(401, 403)).setBody(constant(false))
                    .when(header(Exchange.HTTP_RESPONSE_CODE).isLessThan(300)).setBody(constant(true))
                    .otherwise().throwException(IllegalStateException.class, "the Impilo API answered HTTP"
                            + " ${header." + Exchange.HTTP_RESPONSE_CODE + "} to the key probe")
                .end()
                .process(ImpiloApiRoutes::keepCamelHeaders);
    }

    /**
     * {@code /api/v3/order} of the configured API: with a CamelHttpQuery header its query, with a CamelHttpPath
     * header of {@code /<id>} one order. Every call runs under the whole-call deadline and reads a bounded answer
     * ({@link AnswerLimit}), and no answer's headers are
     * copied onto the message: the bridge reads only the status (a header camel-http always sets) and, on failures,
     * Retry-After from the exception, which carries the headers itself.
     */
    private HttpEndpointBuilder orders() {
        return api("/api/v3/order");
    }

    /** A path of the configured API, called as {@link #orders()} is. */
    private HttpEndpointBuilder api(String path) {
        String base = getContext().resolvePropertyPlaceholders("{{impilo.api.url}}");
        int colon = base.indexOf("://");
        HttpEndpointBuilder endpoint = http(base.substring(0, colon), base.substring(colon + 3) + path)
                .skipResponseHeaders(true);
        // No expired cookies are cleared at each call (there are none). The request's headers stay copied onto the
        // answer: Camel's redelivery counter is one of them, and an answer without it (a lookup that succeeded
        // between two failed creations) would start the order's retries over, without end.
        endpoint.advanced().httpClientConfigurer(clientSetup).clearExpiredCookies(false);
        return endpoint;
    }

    /**
     * A lookup: the list at {@code path} filtered by the partner's code (the body), whose exact matches
     * {@code ApiMessages.<matches>} reads from the page.
     */
    private void lookup(String endpoint, String routeId, String path, String filter, int size, String matches) {
        call(endpoint, routeId)
                .setProperty(LOOKED_UP, body())
                .process(exchange -> exchange.getMessage().setHeader(Exchange.HTTP_QUERY, filter + "="
                        + URLEncoder.encode(exchange.getMessage().getBody(String.class), StandardCharsets.UTF_8)
                        + "&size=" + size))
                .setBody(constant(null))
                .to(api(path).httpMethod("GET").throwExceptionOnFailure(true))
                .process(ImpiloApiRoutes::keepCamelHeaders)
                .convertBodyTo(String.class)
                .bean(ApiMessages.class, matches + "(${body}, ${exchangeProperty." + LOOKED_UP + "})");
    }

    // What removeHeaders("*", "Camel*") would do, by prefix: Camel's pattern matching compiles a regular expression
    // for each header name the wildcard does not match, at every call.
    private static void keepCamelHeaders(Exchange exchange) {
        exchange.getMessage().getHeaders().keySet().removeIf(name -> !startsWithIgnoringCase(name, "Camel"));
    }

    private static boolean startsWithIgnoringCase(String name, String prefix) {
        return name.regionMatches(true, 0, prefix, 0, prefix.length());
    }

    /**
     * The common start of every call: the caller's error policy decides about retries (so that a retry re-enters
     * the route whole), nothing of the caller's travels as an HTTP header, and the API key is added.
     */
    private RouteDefinition call(String endpoint, String routeId) {
        String call = routeId.substring("impilo-".length());
        // one step, since every step of a route costs each call its share of Camel's bookkeeping
        return from(endpoint)
                .routeId(routeId)
                .errorHandler(noErrorHandler())
                .process(exchange -> {
                    // Camel's own headers stay on the message (the redelivery counter lives there); camel-http never
                    // sends them. Those that steer camel-http are reset, so one call's query cannot leak into the
                    // next.
                    exchange.getMessage().getHeaders().keySet().removeIf(name -> !startsWithIgnoringCase(name, "Camel")
                            || startsWithIgnoringCase(name, "CamelHttp"));
                    exchange.setProperty(CALL, call);
                    // resolved once; set by a processor, so that the key shows in no route dump or management view
                    exchange.getMessage().setHeader(API_KEY_HEADER, apiKey);
                    // bridge.http.rate-limit-per-second: every call waits for its turn (a retry too)
                    rate.acquire();
                });
    }
}
