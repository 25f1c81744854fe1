package com.impilo.bridge.api;

import java.util.concurrent.TimeUnit;

/**
 * At most so many calls to the Impilo API a second, spaced evenly: every call (creating an order, finding one, a
 * patient or item lookup, the feed's reads) waits for its turn. Shared by all of them, so that lookups count toward
 * the limit as the orders do; holds no permit while a call runs, so retries cannot starve each other.
 */
public final class CallRate {

    private final long intervalNanos;
    private long next;

    /** @param perSecond calls a second; 0 for no limit */
    public CallRate(long perSecond) {
        this.intervalNanos = perSecond <= 0 ? 0 : TimeUnit.SECONDS.toNanos(1) / perSecond;
    }

    /** Waits until the next call may go. */
    public void acquire() throws InterruptedException {
        if (intervalNanos == 0) {
            return;
        }
        long wait;
        synchronized (this) {
            long now = System.nanoTime();
            long at = next == 0 ? now : Math.max(now, next);
            next = at + intervalNanos;
            wait = at - now;
        }
        if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
    }
}
