package com.impilo.bridge.api;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import com.impilo.bridge.outcome.ApiKeyRefusedException;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.spi.RoutePolicy;
import org.apache.camel.throttling.ThrottlingExceptionRoutePolicy;
import com.impilo.bridge.text.LogText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops pickup while the Impilo API refuses the key, and resumes it by itself once a probe is accepted again.
 * Retrying order by order would only dead-letter the whole backlog, so files stay at their sources (inbox, partner
 * folders, SFTP servers), untouched.
 */
public final class ApiKeyGuard {

    private static final Logger LOG = LoggerFactory.getLogger(ApiKeyGuard.class);

    private final CamelContext context;
    private final Duration probeInterval;
    private final Runnable onRefusedInOnceMode;
    private final AtomicBoolean refused = new AtomicBoolean();
    private ProducerTemplate template;

    /**
     * @param onRefusedInOnceMode called when the key is refused during a {@code --once} run, which then ends
     *                            rather than wait; null when running continuously
     */
    public ApiKeyGuard(CamelContext context, Duration probeInterval, Runnable onRefusedInOnceMode) {
        this.context = context;
        this.probeInterval = probeInterval;
        this.onRefusedInOnceMode = onRefusedInOnceMode;
    }

    /**
     * The route policy for pickup routes: Camel's circuit breaker for consumers opens on the first file stopped by a
     * refused key and asks {@link #keyAccepted()} before it closes again.
     */
    public RoutePolicy pickupPolicy() {
        ThrottlingExceptionRoutePolicy policy = new ThrottlingExceptionRoutePolicy(1, Long.MAX_VALUE,
                probeInterval.toMillis(), List.of(ApiKeyRefusedException.class));
        policy.setHalfOpenHandler(this::keyAccepted);
        return policy;
    }

    /**
     * An order met 401/403: says so loudly once; its file (which the caller stops) stays at its source untouched
     * while pickup pauses, and the order itself is not dead-lettered.
     */
    public void refused(int status) {
        if (refused.compareAndSet(false, true)) {
            LOG.error("THE IMPILO API REFUSED THE API KEY (HTTP {}): pickup is paused and files stay at their sources;"
                    + " no order is dead-lettered for this. Fix impilo.api.key (env IMPILO_API_KEY); the bridge checks"
                    + " the key every {} s and resumes by itself.", status, probeInterval.toSeconds());
        }
        if (onRefusedInOnceMode != null) {
            onRefusedInOnceMode.run();
        }
    }

    /** True while the last answer to the key was a refusal. */
    public boolean isKeyRefused() {
        return refused.get();
    }

    /** Probes the API with the key; true when it is accepted again. */
    public boolean keyAccepted() {
        try {
            boolean accepted = template().requestBody(ImpiloApiRoutes.PROBE, null, Boolean.class);
            if (accepted && refused.compareAndSet(true, false)) {
                LOG.warn("the Impilo API accepts the API key again: pickup resumes");
            } else if (!accepted) {
                LOG.error("the Impilo API still refuses the API key: pickup stays paused, next check in {} s",
                        probeInterval.toSeconds());
            }
            return accepted;
        } catch (RuntimeException e) {
            LOG.warn("cannot check the API key now ({}); pickup stays paused, next check in {} s",
                    LogText.of(e.getMessage()), probeInterval.toSeconds());
            return false;
        }
    }

    private synchronized ProducerTemplate template() {
        if (template == null) {
            template = context.createProducerTemplate();
        }
        return template;
    }
}
