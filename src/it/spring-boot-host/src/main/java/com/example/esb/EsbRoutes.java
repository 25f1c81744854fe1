package com.example.esb;

import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/** One of the host's own routes, handing orders to the bridge. */
@Component
class EsbRoutes extends RouteBuilder {
    @Override
    public void configure() {
        from("direct:esb-in").to("direct:impilo-submit-order");
    }
}
