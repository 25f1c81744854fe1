package com.impilo.bridge.routes;

import java.time.Duration;

import com.impilo.bridge.api.ApiFailures;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Honours {@code Retry-After}: when a failed answer says how long to wait, the next redelivery waits that long
 * instead of the computed backoff; otherwise the backoff applies.
 */
final class RetryAfter implements Processor {

    private final Duration cap;

    RetryAfter(Duration cap) {
        this.cap = cap;
    }

    @Override
    public void process(Exchange exchange) {
        Throwable failure = exchange.getException() != null ? exchange.getException()
                : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        ApiFailures.retryAfter(failure, cap).ifPresentOrElse(
                wait -> exchange.getMessage().setHeader(Exchange.REDELIVERY_DELAY, wait.toMillis()),
                () -> exchange.getMessage().removeHeader(Exchange.REDELIVERY_DELAY));
    }
}
