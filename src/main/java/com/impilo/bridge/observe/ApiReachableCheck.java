package com.impilo.bridge.observe;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import com.impilo.bridge.api.ImpiloApiRoutes;
import org.apache.camel.ProducerTemplate;

/**
 * Readiness: DOWN while the last call to the Impilo API got no usable answer (no connection, a timeout, a 5xx).
 * When that failure is older than the recheck interval, the check probes the API itself, so that an idle bridge
 * does not stay DOWN until the next order.
 */
public final class ApiReachableCheck extends ReadinessCheck {

    private final ApiCalls calls;
    private final Duration recheck;
    private ProducerTemplate template;

    public ApiReachableCheck(ApiCalls calls, Duration recheck) {
        super("bridge-api-reachable", "api-reachable");
        this.calls = calls;
        this.recheck = recheck;
    }

    @Override
    protected Optional<String> problem() {
        ApiCalls.Failure failure = calls.lastFailure();
        if (failure != null && failure.at().plus(recheck).isBefore(Instant.now())) {
            probe();
            failure = calls.lastFailure();
        }
        return Optional.ofNullable(failure).map(last -> "the Impilo API is not reachable: the last call ("
                + last.endpoint() + ", " + last.at() + ") failed with " + last.why());
    }

    // The probe's outcome reaches ApiCalls like any other call's; its failure is that outcome, not the check's.
    private void probe() {
        try {
            template().requestBody(ImpiloApiRoutes.PROBE, null, Boolean.class);
        } catch (RuntimeException recordedByApiCalls) {
            // the failure is now the last call's outcome, which the check reports
        }
    }

    private synchronized ProducerTemplate template() {
        if (template == null) {
            template = getCamelContext().createProducerTemplate();
        }
        return template;
    }
}
