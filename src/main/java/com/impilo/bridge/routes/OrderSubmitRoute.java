package com.impilo.bridge.routes;

import com.impilo.bridge.api.ApiMessages;
import com.impilo.bridge.ingest.SubmittedOrders;
import com.impilo.bridge.outcome.OrderOutcomes;
import com.impilo.bridge.validate.OrderAdmission;
import org.apache.camel.Exchange;
import org.apache.camel.builder.PredicateBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.RouteDefinition;

/**
 * One order's way to Impilo, from a partner file or from a host application: skip if already created, admit
 * (read + rules), deliver exactly once, record.
 */
public final class OrderSubmitRoute extends RouteBuilder {

    private final OrderAdmission admission;
    private final OrderOutcomes outcomes;

    public OrderSubmitRoute(OrderAdmission admission, OrderOutcomes outcomes) {
        this.admission = admission;
        this.outcomes = outcomes;
    }

    @Override
    public void configure() {
        // The order routes call their beans directly (method references, .bean(...)): a method(...) expression would
        // copy the whole exchange for each call. Their bodies are objects, never streams, so nothing is stream-cached.
        from(Endpoints.PROCESS_ORDER)
                .routeId("order-process")
                .routeConfigurationId(ErrorPolicy.ORDER_ERRORS)
                .streamCache("false")
                .filter(outcomes::fileStopped)
                    .stop()
                .end()
                .setProperty(OrderOutcomes.PARSED, body())
                .bean(outcomes, "begin")
                .choice()
                    .when(exchangeProperty(OrderOutcomes.DUPLICATE).isNotNull())
                        .bean(outcomes, "duplicate")
                    .otherwise()
                        .bean(admission, "admit")
                        .bean(outcomes, "request")
                        // back-pressure: at most max-concurrency orders are being delivered at once; the permit is
                        // held until the order is done, and taken here once, since retries re-enter below it
                        .throttle(constant(setting("bridge.http.max-concurrency"))).concurrentRequestsMode()
                        // retries of the error policy re-enter here, at the whole delivery
                        .to(Endpoints.DELIVER_ORDER)
                        .bean(outcomes, "created")
                .end();

        from(Endpoints.SUBMIT_ORDER)
                .routeId("impilo-submit-order")
                .routeConfigurationId(ErrorPolicy.SUBMIT_ERRORS)
                .bean(SubmittedOrders.class, "parse")
                .setProperty(OrderOutcomes.PARSED, body())
                .bean(outcomes, "begin")
                .choice()
                    .when(exchangeProperty(OrderOutcomes.DUPLICATE_OF).isNotNull())
                        // already created: the reply is that order, as Impilo has it now
                        .setBody(exchangeProperty(OrderOutcomes.DUPLICATE_OF))
                        .to(Endpoints.IMPILO_GET_ORDER)
                        .bean(ApiMessages.class, "createdOrder")
                    .when(exchangeProperty(OrderOutcomes.DUPLICATE).isNotNull())
                        // created, but Impilo's answer did not say its id: found by its stamp
                        .setBody(exchangeProperty(OrderOutcomes.KEY))
                        .to(Endpoints.IMPILO_FIND_ORDER)
                    .otherwise()
                        .bean(admission, "admit")
                        .bean(outcomes, "request")
                        .throttle(constant(setting("bridge.http.max-concurrency"))).concurrentRequestsMode()
                        .to(Endpoints.DELIVER_ORDER)
                        .bean(outcomes, "created")
                .end();

        RouteDefinition deliver = from(Endpoints.DELIVER_ORDER)
                .routeId("order-deliver")
                .errorHandler(noErrorHandler())
                .streamCache("false")
                .process(OrderSubmitRoute::countAttempt);
        // optional rate limit: counts calls, holds no permit, so retries cannot starve each other
        long ratePerSecond = setting("bridge.http.rate-limit-per-second");
        if (ratePerSecond > 0) {
            deliver.throttle(constant(ratePerSecond)).totalRequestsMode().timePeriodMillis(1000);
        }
        deliver
                // An earlier attempt (before a timeout, a crash, or in an earlier run) may have created the order
                // although its answer never arrived: look for it by its stamp before creating it again, and by the
                // key of a bridge from before the stamps if the ledger kept one. Only an order for the same patient
                // or site is adopted.
                .filter(outcomes::mayAlreadyExist)
                    .setBody(exchangeProperty(OrderOutcomes.KEY))
                    .to(Endpoints.IMPILO_FIND_ORDER)
                    .setProperty(OrderOutcomes.FOUND, body())
                    .filter(PredicateBuilder.and(exchangeProperty(OrderOutcomes.FOUND).isNull(),
                            exchangeProperty(OrderOutcomes.LEGACY_KEY).isNotNull()))
                        .setBody(exchangeProperty(OrderOutcomes.LEGACY_KEY))
                        .to(Endpoints.IMPILO_FIND_ORDER)
                        .setProperty(OrderOutcomes.FOUND, body())
                    .end()
                    .bean(outcomes, "checkFound")
                .end()
                .choice()
                    .when(exchangeProperty(OrderOutcomes.FOUND).isNotNull())
                        .setBody(exchangeProperty(OrderOutcomes.FOUND))
                    .otherwise()
                        .setBody(exchangeProperty(OrderOutcomes.REQUEST))
                        .bean(outcomes, "posting")
                        .to(Endpoints.IMPILO_CREATE_ORDER)
                .end();

        from(Endpoints.ORDER_UNDELIVERED)
                .routeId("order-undelivered")
                .bean(outcomes, "undelivered");
    }

    private long setting(String key) {
        return Long.parseLong(getContext().resolvePropertyPlaceholders("{{" + key + "}}"));
    }

    private static void countAttempt(Exchange exchange) {
        exchange.setProperty(OrderOutcomes.ATTEMPTS, exchange.getProperty(OrderOutcomes.ATTEMPTS, 0, Integer.class) + 1);
        exchange.removeProperty(OrderOutcomes.FOUND);
    }
}
