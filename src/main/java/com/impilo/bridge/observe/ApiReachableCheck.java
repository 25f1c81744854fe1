package com.impilo.bridge.observe;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import com.impilo.bridge.routes.Endpoints;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Readiness: DOWN while the last call to the Impilo API got no usable answer (no connection, a timeout, a 5xx).
 * When that failure is older than the recheck interval, the check probes the API itself, so that an idle bridge
 * does not stay DOWN until the next order.
 */
public final class ApiReachableCheck extends AbstractHealthCheck {

    private final ApiCalls calls;
    private final Duration recheck;
    private ProducerTemplate template;

    public ApiReachableCheck(ApiCalls calls, Duration recheck) {
        super("bridge", "bridge-api-reachable");
        this.calls = calls;
        this.recheck = recheck;
    }

    // An API that is away comes back by itself; restarting the bridge would not help.
    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        builder.detail("check", "api-reachable");
        ApiCalls.Failure failure = calls.lastFailure();
        if (failure != null && failure.at().plus(recheck).isBefore(Instant.now())) {
            probe();
            failure = calls.lastFailure();
        }
        if (failure == null) {
            builder.up();
        } else {
            builder.message("the Impilo API is not reachable: the last call (" + failure.endpoint() + ", "
                    + failure.at() + ") failed with " + failure.why()).down();
        }
    }

    // The probe's outcome reaches ApiCalls like any other call's; its failure is that outcome, not the check's.
    private void probe() {
        try {
            template().requestBody(Endpoints.IMPILO_PROBE, null, Boolean.class);
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
