package com.impilo.bridge.routes;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import com.impilo.bridge.text.LogText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * In a {@code --once} run: a source that cannot be polled (server unreachable, host key or login refused) is given up
 * after a bounded wait, with its reason, so that the run always ends; its files stay where they are.
 */
public final class SourceWait {

    private static final Logger LOG = LoggerFactory.getLogger(SourceWait.class);

    private final Map<String, RemoteSourceLog> sources;
    private final DrainedSources drained;
    private final Duration wait;
    private final Consumer<String> onGivenUp;
    private final Clock clock;
    // only the checking thread reads and writes it
    private final Map<String, Instant> failingSince = new HashMap<>();

    /**
     * @param sources   the connection log of each remote source, by name
     * @param onGivenUp told why, for each source given up
     */
    public SourceWait(Map<String, RemoteSourceLog> sources, DrainedSources drained, Duration wait,
                      Consumer<String> onGivenUp, Clock clock) {
        this.sources = Map.copyOf(sources);
        this.drained = drained;
        this.wait = wait;
        this.onGivenUp = onGivenUp;
        this.clock = clock;
    }

    /** Looks at each source still to be drained; gives up those that have failed to poll for the whole wait. */
    public void check() {
        Instant now = Instant.now(clock);
        sources.forEach((name, log) -> {
            Optional<String> problem = log.problem();
            if (problem.isEmpty() || !drained.waitingFor(name)) {
                failingSince.remove(name);
                return;
            }
            Instant since = failingSince.computeIfAbsent(name, n -> now);
            if (Duration.between(since, now).compareTo(wait) >= 0) {
                String reason = problem.get() + " (given up after " + wait.toSeconds() + " s,"
                        + " bridge.once.source-wait; its files stay on the server)";
                LOG.error("{}", LogText.of(reason));
                onGivenUp.accept(reason);
                drained.drained(name);
            }
        });
    }
}
