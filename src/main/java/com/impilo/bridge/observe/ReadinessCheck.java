package com.impilo.bridge.observe;

import java.util.Map;
import java.util.Optional;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;
import com.impilo.bridge.text.Locations;

/**
 * A readiness-only check of the bridge: DOWN, saying why, while {@link #problem()} names one. What it watches is fixed
 * by an operator or by time, never by a restart, so it is not a liveness check. Its message names no URI and no path
 * (see {@link Locations}): the log line of the same moment does.
 */
public abstract class ReadinessCheck extends AbstractHealthCheck {

    private final String detail;

    protected ReadinessCheck(String id, String detail) {
        super("bridge", id);
        this.detail = detail;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        builder.detail("check", detail);
        problem().ifPresentOrElse(message -> builder.message(Locations.hidden(message)).down(), builder::up);
    }

    /** What keeps the bridge from being ready, in words for the operator; empty when it is ready. */
    protected abstract Optional<String> problem();
}
