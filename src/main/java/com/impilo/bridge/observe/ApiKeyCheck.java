package com.impilo.bridge.observe;

import java.util.Map;

import com.impilo.bridge.api.ApiKeyGuard;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/** Readiness: DOWN while the Impilo API refuses the API key (pickup is paused until a probe is accepted). */
public final class ApiKeyCheck extends AbstractHealthCheck {

    private final ApiKeyGuard guard;

    public ApiKeyCheck(ApiKeyGuard guard) {
        super("bridge", "bridge-api-key");
        this.guard = guard;
    }

    // A refused key is fixed by an operator, not by a restart.
    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        builder.detail("check", "api-key");
        if (guard.isKeyRefused()) {
            builder.message("the Impilo API refuses the API key (HTTP 401/403): pickup is paused until it is accepted;"
                    + " fix impilo.api.key").down();
        } else {
            builder.up();
        }
    }
}
