package com.impilo.bridge.routes;

import com.impilo.bridge.outcome.OrderOutcomes;
import com.impilo.bridge.validate.OrderAdmission;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;

/** One order's way to Impilo: skip if already created, admit (read + rules), deliver exactly once, record. */
public final class OrderSubmitRoute extends RouteBuilder {

    private final OrderAdmission admission;
    private final OrderOutcomes outcomes;

    public OrderSubmitRoute(OrderAdmission admission, OrderOutcomes outcomes) {
        this.admission = admission;
        this.outcomes = outcomes;
    }

    @Override
    public void configure() {
        from(Endpoints.PROCESS_ORDER)
                .routeId("order-process")
                .routeConfigurationId(ErrorPolicy.ORDER_ERRORS)
                .filter(method(outcomes, "fileStopped"))
                    .stop()
                .end()
                .setProperty(OrderOutcomes.PARSED, body())
                .bean(outcomes, "begin")
                .choice()
                    .when(exchangeProperty(OrderOutcomes.DUPLICATE_OF).isNotNull())
                        .bean(outcomes, "duplicate")
                    .otherwise()
                        .bean(admission, "admit")
                        .setProperty(OrderOutcomes.REQUEST, method(outcomes, "request"))
                        // retries of the error policy re-enter here, at the whole delivery
                        .to(Endpoints.DELIVER_ORDER)
                        .bean(outcomes, "created")
                .end();

        from(Endpoints.DELIVER_ORDER)
                .routeId("order-deliver")
                .errorHandler(noErrorHandler())
                .process(OrderSubmitRoute::countAttempt)
                // An earlier attempt (before a timeout, a crash, or in an earlier run) may have created the order
                // although its answer never arrived: look for it by its idempotency key before creating it again.
                .filter(method(outcomes, "mayAlreadyExist"))
                    .setBody(exchangeProperty(OrderOutcomes.KEY))
                    .to(Endpoints.IMPILO_FIND_ORDER)
                    .setProperty(OrderOutcomes.FOUND, body())
                .end()
                .choice()
                    .when(exchangeProperty(OrderOutcomes.FOUND).isNotNull())
                        .setBody(exchangeProperty(OrderOutcomes.FOUND))
                    .otherwise()
                        .setBody(exchangeProperty(OrderOutcomes.REQUEST))
                        .to(Endpoints.IMPILO_CREATE_ORDER)
                .end();

        from(Endpoints.ORDER_UNDELIVERED)
                .routeId("order-undelivered")
                .bean(outcomes, "undelivered");
    }

    private static void countAttempt(Exchange exchange) {
        exchange.setProperty(OrderOutcomes.ATTEMPTS, exchange.getProperty(OrderOutcomes.ATTEMPTS, 0, Integer.class) + 1);
        exchange.removeProperty(OrderOutcomes.FOUND);
    }
}
