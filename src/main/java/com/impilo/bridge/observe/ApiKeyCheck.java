package com.impilo.bridge.observe;

import java.util.Optional;

import com.impilo.bridge.api.ApiKeyGuard;

/** Readiness: DOWN while the Impilo API refuses the API key (pickup is paused until a probe is accepted). */
public final class ApiKeyCheck extends ReadinessCheck {

    private final ApiKeyGuard guard;

    public ApiKeyCheck(ApiKeyGuard guard) {
        super("bridge-api-key", "api-key");
        this.guard = guard;
    }

    @Override
    protected Optional<String> problem() {
        return guard.isKeyRefused()
                ? Optional.of("the Impilo API refuses the API key (HTTP 401/403): pickup is paused until it is"
                        + " accepted; fix impilo.api.key")
                : Optional.empty();
    }
}
