package com.impilo.bridge.outcome;

import java.util.concurrent.Semaphore;

import org.apache.camel.Exchange;
import org.apache.camel.support.SynchronizationAdapter;

/**
 * Lets one order per idempotency key through at a time, so that two copies of an order processed in parallel
 * cannot both be created: the second waits, then finds the first in the ledger. Striped, so memory stays flat.
 */
final class KeyLocks {

    private final Semaphore[] stripes;

    KeyLocks(int stripes) {
        this.stripes = new Semaphore[stripes];
        for (int i = 0; i < stripes; i++) {
            this.stripes[i] = new Semaphore(1);
        }
    }

    /** Holds the key's lock until the order's exchange is done, whatever its outcome. */
    void holdUntilDone(Exchange exchange, String key) {
        Semaphore stripe = stripes[Math.floorMod(key.hashCode(), stripes.length)];
        stripe.acquireUninterruptibly();
        // a semaphore, not a lock: the exchange may complete on another thread than the one that acquired it
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                stripe.release();
            }
        });
    }
}
