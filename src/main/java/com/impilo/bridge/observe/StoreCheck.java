package com.impilo.bridge.observe;

import java.util.Optional;

import com.impilo.bridge.store.StoreGuard;

/** Readiness: DOWN while the state store cannot be reached (pickup is paused until it answers). */
public final class StoreCheck extends ReadinessCheck {

    private final StoreGuard guard;

    public StoreCheck(StoreGuard guard) {
        super("bridge-state-store", "state-store");
        this.guard = guard;
    }

    @Override
    protected Optional<String> problem() {
        return guard.problem().map(problem -> "the state store cannot be reached: " + problem);
    }
}
