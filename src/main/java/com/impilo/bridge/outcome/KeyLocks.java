package com.impilo.bridge.outcome;

import java.util.concurrent.Semaphore;

/**
 * Lets one order per key through at a time, so that two copies of an order processed in parallel cannot both be
 * created: the second waits, then finds the first in the ledger. Striped, so memory stays flat.
 */
final class KeyLocks {

    private final Semaphore[] stripes;

    KeyLocks(int stripes) {
        this.stripes = new Semaphore[stripes];
        for (int i = 0; i < stripes; i++) {
            this.stripes[i] = new Semaphore(1);
        }
    }

    /** Waits for the key's lock and returns what releases it, once. */
    Runnable hold(String key) {
        // a semaphore, not a lock: the order may end on another thread than the one that took it
        Semaphore stripe = stripes[Math.floorMod(key.hashCode(), stripes.length)];
        stripe.acquireUninterruptibly();
        return stripe::release;
    }
}
