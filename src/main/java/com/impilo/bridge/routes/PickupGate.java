package com.impilo.bridge.routes;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import com.impilo.bridge.api.ApiPreflight;
import org.apache.camel.CamelContext;
import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.PollingConsumerPollStrategy;
import com.impilo.bridge.text.LogText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pickup starts only once the Impilo API has answered a check: while it cannot be reached, refuses the key, or is not
 * the API at all, no source is polled, files stay at their sources untouched, and the check is repeated until it
 * passes. In a {@code --once} run the run ends instead of waiting. Serves local sources as their poll strategy.
 */
public final class PickupGate implements PollingConsumerPollStrategy {

    private static final Logger LOG = LoggerFactory.getLogger(PickupGate.class);
    // How long a source's poll waits for the first check of the API, before it is skipped as before the fix of
    // 2026-12-06: a check that takes longer than a source's initial delay no longer costs a whole poll delay.
    private static final Duration FIRST_CHECK_WAIT = Duration.ofSeconds(15);

    private final CamelContext context;
    private final Supplier<ApiPreflight.Result> check;
    private final Duration recheck;
    private final OnceEnd onceEnd;
    private volatile String closedBecause = "pickup waits for the first check of the Impilo API";
    // only the check's own thread reads and writes it
    private boolean reported;
    private ScheduledExecutorService timer;
    private final CountDownLatch firstCheck = new CountDownLatch(1);

    /** How a {@code --once} run ends when the API cannot be used: with the reason, for the summary and exit code. */
    @FunctionalInterface
    public interface OnceEnd {
        void apiNotUsable(String reason);
    }

    /**
     * @param onceEnd called when the check fails during a {@code --once} run; null when running continuously
     */
    public PickupGate(CamelContext context, Supplier<ApiPreflight.Result> check, Duration recheck, OnceEnd onceEnd) {
        this.context = context;
        this.check = check;
        this.recheck = recheck;
        this.onceEnd = onceEnd;
    }

    /** Checks the API now, off the caller's thread, and opens pickup once it answers. Once: later calls do nothing. */
    public synchronized void start() {
        if (timer != null) {
            return;
        }
        timer = context.getExecutorServiceManager().newSingleThreadScheduledExecutor(this, "bridge-pickup-gate");
        timer.execute(this::checkAndOpen);
    }

    /** True once the API has answered its check: sources are polled from then on. */
    public boolean isOpen() {
        return closedBecause == null;
    }

    /** Why pickup has not started, while it has not. */
    public Optional<String> problem() {
        return Optional.ofNullable(closedBecause);
    }

    @Override
    public boolean begin(Consumer consumer, Endpoint endpoint) {
        return openOnceChecked();
    }

    /**
     * True once the API has answered its check. A poll that comes while the first check is still under way waits for
     * it (at most 15 s), so that a source's first poll finds pickup open instead of being
     * skipped and waiting a whole poll delay (10 s for SFTP) for the next.
     */
    public boolean openOnceChecked() {
        if (isOpen()) {
            return true;
        }
        try {
            firstCheck.await(FIRST_CHECK_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException stopping) {
            Thread.currentThread().interrupt();
            return false;
        }
        return isOpen();
    }

    @Override
    public void commit(Consumer consumer, Endpoint endpoint, int polledMessages) {
        // nothing to do after a poll
    }

    // A local folder's poll that failed is tried again at the next scheduled poll.
    @Override
    public boolean rollback(Consumer consumer, Endpoint endpoint, int retryCounter, Exception cause) {
        return false;
    }

    private void checkAndOpen() {
        try {
            checkNow();
        } finally {
            firstCheck.countDown();
        }
    }

    private void checkNow() {
        ApiPreflight.Result result = check.get();
        if (result.ready()) {
            closedBecause = null;
            if (reported) {
                LOG.warn("{}: pickup starts", LogText.of(result.message()));
            } else {
                LOG.info("pickup started: {}", LogText.of(result.message()));
            }
            return;
        }
        closedBecause = result.message();
        if (onceEnd != null) {
            LOG.error("{}; files stay at their sources", LogText.of(result.message()));
            onceEnd.apiNotUsable(result.message());
            return;
        }
        if (!reported) {
            reported = true;
            LOG.error("{}. Pickup waits and files stay at their sources; the bridge checks again every {} s and"
                    + " starts by itself.", LogText.of(result.message()), recheck.toSeconds());
        } else {
            LOG.debug("{}; checking again in {} s", LogText.of(result.message()), recheck.toSeconds());
        }
        if (!context.isStopping() && !context.isStopped()) {
            timer.schedule(this::checkAndOpen, recheck.toMillis(), TimeUnit.MILLISECONDS);
        }
    }
}
