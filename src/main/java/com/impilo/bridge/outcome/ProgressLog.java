package com.impilo.bridge.outcome;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.impilo.bridge.text.LogText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A line now and then for each file in progress, so that a long file shows how far it got instead of a wall of
 * order lines: orders read, their outcomes so far and the rate.
 */
public final class ProgressLog {

    private static final Logger LOG = LoggerFactory.getLogger(ProgressLog.class);

    private final Set<FileRun> inProgress = ConcurrentHashMap.newKeySet();
    private final Duration interval;
    private final Clock clock;

    /**
     * @param interval how long a file must be in progress before its first line, and between two lines
     */
    public ProgressLog(Duration interval, Clock clock) {
        this.interval = interval;
        this.clock = clock;
    }

    void started(FileRun run) {
        inProgress.add(run);
    }

    void ended(FileRun run) {
        inProgress.remove(run);
    }

    /** Logs a line for each file that has been in progress for at least the interval. */
    public void report() {
        Instant now = Instant.now(clock);
        for (FileRun run : inProgress) {
            Duration elapsed = Duration.between(run.receivedAt(), now);
            if (elapsed.compareTo(interval) < 0) {
                continue;
            }
            Map<OrderResult.Outcome, Integer> counts = run.counts();
            long finished = counts.values().stream().mapToLong(Integer::longValue).sum();
            long perSecond = elapsed.toMillis() == 0 ? 0 : finished * 1000 / elapsed.toMillis();
            LOG.info("file in progress: source={} file={} read={} created={} duplicates={} rejected={} undelivered={}"
                            + " ({} orders/s over {} s)", run.source(), LogText.of(run.fileName()), run.ordersRead(),
                    counts.get(OrderResult.Outcome.created), counts.get(OrderResult.Outcome.duplicate),
                    counts.get(OrderResult.Outcome.rejected), counts.get(OrderResult.Outcome.undelivered), perSecond,
                    elapsed.toSeconds());
        }
    }
}
