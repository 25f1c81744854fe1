package com.impilo.bridge.cli;

import java.nio.file.Files;
import java.time.Clock;

import com.impilo.bridge.sandbox.ImpiloSandbox;
import com.impilo.bridge.settings.BridgeSettings;
import com.impilo.bridge.store.OrderLedger;
import com.impilo.bridge.store.StateStore;

/**
 * The sandbox's order ids go on from the highest id of its data folder's ledger: after a replay, a new run never
 * gives an id that an earlier run gave to another order, so outbox files and traces never mix two orders.
 */
final class SandboxOrderIds {

    private SandboxOrderIds() {
    }

    static void continueAfterLedger(ImpiloSandbox sandbox, BridgeSettings settings) {
        if (!settings.storeUrl().isBlank() || !Files.isDirectory(settings.dataDir().resolve("state"))) {
            return;
        }
        StateStore store = StateStore.open(settings.storeUrl(), settings.dataDir(), settings.storeUser(),
                settings.storePassword());
        try {
            sandbox.continueIdsAfter(new OrderLedger(store.dataSource(), Clock.systemUTC()).highestImpiloOrderId());
        } finally {
            store.stop();
        }
    }
}
