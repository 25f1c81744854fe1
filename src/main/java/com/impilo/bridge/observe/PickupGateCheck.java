package com.impilo.bridge.observe;

import java.util.Optional;

import com.impilo.bridge.routes.PickupGate;

/** Readiness: DOWN while pickup waits for the Impilo API to answer its check (wrong URL, unreachable, key refused). */
public final class PickupGateCheck extends ReadinessCheck {

    private final PickupGate gate;

    public PickupGateCheck(PickupGate gate) {
        super("bridge-pickup-gate", "pickup-gate");
        this.gate = gate;
    }

    @Override
    protected Optional<String> problem() {
        return gate.problem();
    }
}
