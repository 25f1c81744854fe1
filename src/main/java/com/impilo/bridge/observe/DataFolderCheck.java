package com.impilo.bridge.observe;

import java.util.Map;
import java.util.Optional;

import com.impilo.bridge.outcome.DataFolderGuard;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/** Readiness: DOWN while the data folder cannot take outcomes (not writable, too little free space). */
public final class DataFolderCheck extends AbstractHealthCheck {

    private final DataFolderGuard guard;

    public DataFolderCheck(DataFolderGuard guard) {
        super("bridge", "bridge-data-folder");
        this.guard = guard;
    }

    // A full or read-only disk is fixed by an operator, not by a restart.
    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        builder.detail("check", "data-folder");
        Optional<String> problem = guard.problem();
        if (problem.isPresent()) {
            builder.message("the data folder cannot take outcomes: " + problem.get()).down();
        } else {
            builder.up();
        }
    }
}
