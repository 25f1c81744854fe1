package com.impilo.bridge.routes;

import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** With {@code bridge.once}: ends the run once every source has had a poll that found nothing left to take. */
public final class DrainedSources {

    private final Set<String> waiting = ConcurrentHashMap.newKeySet();
    private final Runnable onAllDrained;

    public DrainedSources(Collection<String> sources, Runnable onAllDrained) {
        this.waiting.addAll(sources);
        this.onAllDrained = onAllDrained;
    }

    /** True until {@code source} has been drained (or given up). */
    public boolean waitingFor(String source) {
        return waiting.contains(source);
    }

    /** A poll of {@code source} found nothing; the last source to get there ends the run. */
    public void drained(String source) {
        if (waiting.remove(source) && waiting.isEmpty()) {
            onAllDrained.run();
        }
    }
}
