package com.impilo.bridge.observe;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

import com.impilo.bridge.api.ApiFailures;
import com.impilo.bridge.api.ImpiloApiRoutes;
import org.apache.camel.Exchange;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.spi.CamelEvent.ExchangeSentEvent;
import org.apache.camel.support.EventNotifierSupport;

/**
 * Watches every call to the Impilo API (the HTTP send of each {@code impilo-*} route): its time by endpoint and status
 * class goes to the metrics, and the last call's outcome tells whether the API is reachable.
 */
public final class ApiCalls extends EventNotifierSupport {

    /** The last call that got no usable answer (no HTTP answer, or 5xx), or none since the last that did. */
    public record Failure(String endpoint, String why, Instant at) {
    }

    private final BridgeMetrics metrics;
    private final AtomicReference<Failure> lastFailure = new AtomicReference<>();

    public ApiCalls(BridgeMetrics metrics) {
        this.metrics = metrics;
        setIgnoreCamelContextEvents(true);
        setIgnoreRouteEvents(true);
        setIgnoreServiceEvents(true);
        setIgnoreStepEvents(true);
        setIgnoreExchangeCreatedEvent(true);
        setIgnoreExchangeCompletedEvent(true);
        setIgnoreExchangeFailedEvents(true);
        setIgnoreExchangeRedeliveryEvents(true);
        setIgnoreExchangeSendingEvents(true);
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof ExchangeSentEvent sent && sent.getEndpoint().getEndpointUri().startsWith("http")
                && sent.getExchange().getProperty(ImpiloApiRoutes.CALL) != null;
    }

    @Override
    public void notify(CamelEvent event) {
        ExchangeSentEvent sent = (ExchangeSentEvent) event;
        Exchange exchange = sent.getExchange();
        String endpoint = exchange.getProperty(ImpiloApiRoutes.CALL, String.class);
        Throwable failure = exchange.getException();
        int status = failure != null ? ApiFailures.status(failure)
                : exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        metrics.apiCall(endpoint, status == 0 ? "error" : status / 100 + "xx", Duration.ofMillis(sent.getTimeTaken()));
        if (status == 0 && failure != null) {
            lastFailure.set(new Failure(endpoint, ApiFailures.describe(failure),
                    Instant.now()));
        } else if (status >= 500) {
            lastFailure.set(new Failure(endpoint, "HTTP " + status, Instant.now()));
        } else {
            lastFailure.set(null);
        }
    }

    /** The last call's failure when it got no usable answer, else null. */
    public Failure lastFailure() {
        return lastFailure.get();
    }
}
