package com.impilo.bridge.routes;

import static com.impilo.bridge.routes.BridgeExchange.beginOrder;
import static com.impilo.bridge.routes.BridgeExchange.bodyFromOrder;
import static com.impilo.bridge.routes.BridgeExchange.withOrder;
import static com.impilo.bridge.routes.BridgeExchange.whenOrder;

import com.impilo.bridge.api.ImpiloApiRoutes;
import com.impilo.bridge.api.ApiMessages;
import com.impilo.bridge.api.ReferenceResolver;
import com.impilo.bridge.ingest.OrderAdmission;
import com.impilo.bridge.ingest.SubmittedOrders;
import com.impilo.bridge.outcome.OrderContext;
import com.impilo.bridge.outcome.OrderOutcomes;
import org.apache.camel.Processor;
import org.apache.camel.builder.RouteBuilder;

/**
 * One order's way to Impilo, from a partner file ({@code order-process}) or from a host application
 * ({@code impilo-submit-order}): each entry begins the order and settles an earlier creation its own way, then both
 * admit it (read + rules) and take the one sequence ({@code order-sequence}): deliver exactly once, record.
 */
public final class OrderSubmitRoute extends RouteBuilder {

    private final OrderAdmission admission;
    private final OrderOutcomes outcomes;
    private final ReferenceResolver references;

    public OrderSubmitRoute(OrderAdmission admission, OrderOutcomes outcomes, ReferenceResolver references) {
        this.admission = admission;
        this.outcomes = outcomes;
        this.references = references;
    }

    @Override
    public void configure() {
        // The order routes call plain processors: a bean or method expression would copy the whole exchange for each
        // call. Their bodies are objects, never streams, so nothing is stream-cached.
        // No retries here (the delivery in order-sequence has its own), so that Camel's error handler copies nothing
        // before each step; an order that begins as a duplicate of one already created is recorded and stops.
        Processor admit = withOrder(order -> outcomes.request(order, admission.admit(order.parsed())));
        from(Endpoints.PROCESS_ORDER)
                .routeId("order-process")
                .routeConfigurationId(ErrorPolicy.ORDER_ENTRY_ERRORS)
                .streamCache("false")
                .choice()
                    .when(BridgeExchange.fileStopped())
                        .stop()
                    .when(BridgeExchange.cancellation())
                        .to(Endpoints.CANCEL_ORDER)
                    .otherwise()
                        .process(BridgeExchange.beginOrAdmit(outcomes, admit))
                        .to(Endpoints.ORDER_SEQUENCE)
                .end();

        // A partner's cancellation voids the order the bridge created under the same key (the same partner, the same
        // order id); the error policy retries a transient failure of the call and dead-letters the rest.
        from(Endpoints.CANCEL_ORDER)
                .routeId("order-cancel")
                .routeConfigurationId(ErrorPolicy.ORDER_ERRORS)
                .streamCache("false")
                .process(BridgeExchange.beginCancellation(outcomes))
                .process(bodyFromOrder(OrderContext::cancels))
                .to(ImpiloApiRoutes.VOID_ORDER)
                .process(withOrder(outcomes::cancelled));

        from(Endpoints.SUBMIT_ORDER)
                .routeId("impilo-submit-order")
                .routeConfigurationId(ErrorPolicy.ORDER_ERRORS)
                .streamCache("false")
                .bean(SubmittedOrders.class, "parse")
                .process(beginOrder(outcomes))
                .choice()
                    .when(whenOrder(order -> order.duplicateOf() != null))
                        // already created: the reply is that order, as Impilo has it now
                        .process(bodyFromOrder(OrderContext::duplicateOf))
                        .to(ImpiloApiRoutes.GET_ORDER)
                        .bean(ApiMessages.class, "createdOrder")
                    .when(whenOrder(OrderContext::isDuplicate))
                        // created, but Impilo's answer did not say its id: found by its stamp
                        .process(bodyFromOrder(OrderContext::key))
                        .to(ImpiloApiRoutes.FIND_ORDER)
                    .otherwise()
                        .process(admit)
                        .to(Endpoints.ORDER_SEQUENCE)
                .end();

        // Its own error policy retries at the delivery below; what it does not handle (everything, for an order a
        // host submitted) goes back to the entry route, and from there to the file or the host.
        from(Endpoints.ORDER_SEQUENCE)
                .routeId("order-sequence")
                .routeConfigurationId(ErrorPolicy.ORDER_ERRORS)
                .streamCache("false")
                // back-pressure: at most max-concurrency orders are being delivered at once; the permit is held until
                // the order is done, and taken here once, since retries re-enter below it
                .throttle(constant(setting("bridge.http.max-concurrency"))).concurrentRequestsMode()
                // retries of the error policy re-enter here, at the whole delivery
                .to(Endpoints.DELIVER_ORDER)
                .process(BridgeExchange.created(outcomes));

        // the optional rate limit is the API client's: it counts every call, lookups included (api/CallRate)
        from(Endpoints.DELIVER_ORDER)
                .routeId("order-deliver")
                .errorHandler(noErrorHandler())
                .streamCache("false")
                .process(withOrder(OrderContext::attempt))
                // a patient by its external identifier, an item by its SKU: resolved to ids before anything is sent,
                // once (a retry after a failed lookup resolves again; after a failed POST the ids stay)
                .filter(whenOrder(order -> ReferenceResolver.needsLookup(order.request())))
                    .process(BridgeExchange.resolveReferences(outcomes, references))
                .end()
                // An earlier attempt (before a timeout, a crash, or in an earlier run) may have created the order
                // although its answer never arrived: look for it by its stamp before creating it again, and by the
                // key of a bridge from before the stamps if the ledger kept one. Only an order for the same patient
                // or site is adopted.
                .filter(whenOrder(outcomes::mayAlreadyExist))
                    .process(bodyFromOrder(OrderContext::key))
                    .to(ImpiloApiRoutes.FIND_ORDER)
                    .process(BridgeExchange.foundInBody())
                    .filter(whenOrder(order -> order.found() == null && order.legacyKey() != null))
                        .process(bodyFromOrder(OrderContext::legacyKey))
                        .to(ImpiloApiRoutes.FIND_ORDER)
                        .process(BridgeExchange.foundInBody())
                    .end()
                    .process(withOrder(outcomes::checkFound))
                .end()
                .choice()
                    .when(whenOrder(order -> order.found() != null))
                        .process(bodyFromOrder(OrderContext::found))
                    .otherwise()
                        .process(bodyFromOrder(OrderContext::request))
                        .process(withOrder(outcomes::posting))
                        // a partner file's order keeps Impilo's id and status; a host gets the order whole
                        .process(exchange -> exchange.setProperty(ImpiloApiRoutes.CREATED_ID_ONLY,
                                BridgeExchange.fromFile().matches(exchange)))
                        .to(ImpiloApiRoutes.CREATE_ORDER)
                .end();
        ErrorsAsFailures.guard(getRouteCollection().getRoutes());
    }

    private long setting(String key) {
        return Long.parseLong(getContext().resolvePropertyPlaceholders("{{" + key + "}}"));
    }
}
