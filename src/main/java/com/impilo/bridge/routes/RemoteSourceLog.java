package com.impilo.bridge.routes;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.spi.ExceptionHandler;
import org.apache.camel.spi.PollingConsumerPollStrategy;
import com.impilo.bridge.text.LogText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the operator when a remote source cannot be reached and why (once per outage, not once per poll), when it is
 * back, and when something went wrong with one of its remote files. Serves its endpoint as poll strategy (which polls
 * only once the {@link PickupGate} is open) and as exception handler; the next scheduled poll always connects again,
 * so an outage only delays pickup.
 */
public final class RemoteSourceLog implements PollingConsumerPollStrategy, ExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(RemoteSourceLog.class);

    private final String source;
    private final String location;
    private final PickupGate gate;
    private final AtomicBoolean unreachable = new AtomicBoolean();
    private volatile String outage;

    /**
     * @param location where the source is, for the log, without secrets
     * @param gate     polls start only once it is open
     */
    public RemoteSourceLog(String source, String location, PickupGate gate) {
        this.source = source;
        this.location = location;
        this.gate = gate;
    }

    @Override
    public boolean begin(Consumer consumer, Endpoint endpoint) {
        return gate.openOnceChecked();
    }

    @Override
    public void commit(Consumer consumer, Endpoint endpoint, int polledMessages) {
        outage = null;
        if (unreachable.compareAndSet(true, false)) {
            LOG.info("source {}: connected again to {}, pickup goes on", source, location);
        }
    }

    // No immediate retry: the consumer has already tried maximumReconnectAttempts times; the next poll tries again.
    @Override
    public boolean rollback(Consumer consumer, Endpoint endpoint, int retryCounter, Exception cause) {
        return false;
    }

    @Override
    public void handleException(Throwable exception) {
        handleException(null, null, exception);
    }

    @Override
    public void handleException(String message, Throwable exception) {
        handleException(message, null, exception);
    }

    @Override
    public void handleException(String message, Exchange exchange, Throwable exception) {
        if (exchange == null) {
            outage = causes(exception);
            if (unreachable.compareAndSet(false, true)) {
                LOG.warn("source {}: cannot poll {}: {}; files wait on the server, the bridge tries again at every poll",
                        source, location, LogText.of(causes(exception)));
            } else {
                LOG.debug("source {}: still cannot poll {}: {}", source, location, LogText.of(causes(exception)));
            }
            return;
        }
        String file = exchange.getMessage().getHeader(Exchange.FILE_NAME, String.class);
        LOG.warn("source {}: {} (file {}): {}", source, LogText.of(message), LogText.of(file),
                LogText.of(causes(exception)));
    }

    /** Why the source's last poll could not reach it, or empty when the last poll did (or none has run yet). */
    public Optional<String> problem() {
        String why = outage;
        return why == null ? Optional.empty()
                : Optional.of("source " + source + " cannot poll " + location + ": " + why);
    }

    // The whole chain, since the root cause (e.g. "reject HostKey") is what the operator acts on.
    static String causes(Throwable exception) {
        List<String> messages = new ArrayList<>();
        for (Throwable t = exception; t != null && messages.size() < 5; t = t.getCause()) {
            String text = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
            if (messages.isEmpty() || !messages.get(messages.size() - 1).contains(text)) {
                messages.add(text);
            }
        }
        return String.join(": ", messages);
    }
}
