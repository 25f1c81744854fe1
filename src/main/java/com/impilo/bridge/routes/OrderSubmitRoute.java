package com.impilo.bridge.routes;

import com.impilo.bridge.outcome.OrderOutcomes;
import com.impilo.bridge.validate.OrderAdmission;
import org.apache.camel.builder.RouteBuilder;

/** One order's way to Impilo: admit (read + rules), skip if already created, create, and record the outcome. */
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
                .setProperty(OrderOutcomes.PARSED, body())
                .bean(outcomes, "begin")
                .choice()
                    .when(exchangeProperty(OrderOutcomes.DUPLICATE_OF).isNotNull())
                        .bean(outcomes, "duplicate")
                    .otherwise()
                        .bean(admission, "admit")
                        .to(Endpoints.IMPILO_CREATE_ORDER)
                        .bean(outcomes, "created")
                .end();

        from(Endpoints.ORDER_UNDELIVERED)
                .routeId("order-undelivered")
                .bean(outcomes, "undelivered");
    }
}
