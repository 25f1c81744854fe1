package com.impilo.bridge.routes;

import static com.impilo.bridge.routes.BridgeExchange.whenCaught;

import java.io.IOException;
import java.time.Duration;

import com.impilo.bridge.api.ApiFailures;
import com.impilo.bridge.api.ApiKeyGuard;
import com.impilo.bridge.feed.FeedPolls;
import com.impilo.bridge.feed.WebhookReceiver;
import com.impilo.bridge.ingest.UnreadableFileException;
import com.impilo.bridge.outcome.ApiKeyRefusedException;
import com.impilo.bridge.outcome.ConflictingOrderException;
import com.impilo.bridge.outcome.DataFolderUnavailableException;
import com.impilo.bridge.outcome.FileGrewException;
import com.impilo.bridge.outcome.FileOutcomes;
import com.impilo.bridge.outcome.FileRun;
import com.impilo.bridge.outcome.OrderOutcomes;
import com.impilo.bridge.store.StoreGuard;
import com.impilo.bridge.store.StoreUnavailableException;
import com.impilo.bridge.validate.InvalidOrderException;
import org.apache.camel.LoggingLevel;
import org.apache.camel.Predicate;
import org.apache.camel.Processor;
import org.apache.camel.builder.RouteConfigurationBuilder;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.apache.camel.model.OnExceptionDefinition;
import org.apache.camel.model.RouteConfigurationDefinition;

/**
 * The bridge's whole error policy, shared by id: what is retried, what is rejected, what is undelivered.
 * Nothing is swallowed: every handled failure of an order or a file ends in a dead-letter folder with its reason; a
 * failed feed poll or webhook is logged and answered, and what it did not emit is offered again.
 */
public final class ErrorPolicy extends RouteConfigurationBuilder {

    /**
     * Per-order policy: invalid or refused → rejected/; transient failures retried, then → undelivered/. For an order
     * a host application submitted on direct:impilo-submit-order: the same retries, then the exception goes back.
     */
    public static final String ORDER_ERRORS = "order-errors";
    /**
     * The per-order policy without retries, for a route that calls the API only through routes with their own
     * retries: an order's entry from a partner file ({@code order-process}).
     */
    public static final String ORDER_ENTRY_ERRORS = "order-entry-errors";
    /** Per-file policy: unreadable → rejected/ whole; anything unexpected → undelivered/ whole. */
    public static final String FILE_ERRORS = "file-errors";
    /** Feed poll policy: transient API failures retried, then the poll ends failed and the next one starts over. */
    public static final String FEED_POLL_ERRORS = "feed-poll-errors";
    /** Webhook policy: an unreadable webhook is answered 400, anything unexpected 500 (Impilo retries later). */
    public static final String WEBHOOK_ERRORS = "webhook-errors";

    private final OrderOutcomes orders;
    private final FileOutcomes files;
    private final ApiKeyGuard apiKeyGuard;
    private final FeedPolls polls;
    private final StoreGuard storeGuard;

    public ErrorPolicy(OrderOutcomes orders, FileOutcomes files, ApiKeyGuard apiKeyGuard, FeedPolls polls,
                       StoreGuard storeGuard) {
        this.orders = orders;
        this.files = files;
        this.apiKeyGuard = apiKeyGuard;
        this.polls = polls;
        this.storeGuard = storeGuard;
    }

    /**
     * Transient failures (5xx, 408, 429, timeouts, refused connections): retried with backoff and jitter.
     *
     * @param attemptLog the level of Camel's line per retried attempt: an order's retries are logged by the bridge
     *                   ({@code OrderOutcomes.retrying}), a few per file, so Camel's goes to DEBUG there
     */
    private static OnExceptionDefinition retried(RouteConfigurationDefinition configuration,
                                                 LoggingLevel attemptLog) {
        return configuration
                .onException(HttpOperationFailedException.class, IOException.class)
                    .onWhen(whenCaught(ApiFailures::isTransient))
                    .maximumRedeliveries("{{bridge.retry.max-redeliveries}}")
                    .redeliveryDelay("{{bridge.retry.initial-delay}}")
                    .useExponentialBackOff()
                    .backOffMultiplier("{{bridge.retry.backoff-multiplier}}")
                    .maximumRedeliveryDelay("{{bridge.retry.max-delay}}")
                    .useCollisionAvoidance()
                    .retryAttemptedLogLevel(attemptLog);
    }

    // A Retry-After is honoured up to the longest retry delay, or ten minutes if that is shorter than what asked.
    private Duration maxRetryAfter() {
        long maxDelay = Long.parseLong(getContext().resolvePropertyPlaceholders("{{bridge.retry.max-delay}}"));
        return Duration.ofMillis(Math.max(maxDelay, Duration.ofMinutes(10).toMillis()));
    }

    // An order of a partner file ends in a dead letter (or stops its file); an order a host application submitted
    // gets the exception back, and the host decides: nothing is dead-lettered on its behalf.
    private static Processor forFileOrders(Processor outcome) {
        Predicate fromFile = BridgeExchange.fromFile();
        return exchange -> {
            if (fromFile.matches(exchange)) {
                outcome.process(exchange);
            }
        };
    }

    // The order policy, with or without the retries of transient failures. Without them, Camel's error handler does
    // not copy the exchange before each step of the route (a copy it would restore on a retry).
    private void orderPolicy(RouteConfigurationDefinition orderErrors, boolean retries) {
        Predicate fromFile = BridgeExchange.fromFile();
        orderErrors
                .errorHandler(defaultErrorHandler().onExceptionOccurred(new RetryAfter(maxRetryAfter())))
                .onException(InvalidOrderException.class, ConflictingOrderException.class)
                    .handled(fromFile)
                    .process(forFileOrders(BridgeExchange.rejected(orders)))
                .end()
                .onException(HttpOperationFailedException.class).onWhen(whenCaught(ApiFailures::isRefusal))
                    .handled(fromFile)
                    .process(forFileOrders(BridgeExchange.rejected(orders)))
                .end()
                // A refused key would refuse every order alike: not the order's fault, so no dead letter; the guard
                // stops the order's file, which stays at its source while pickup pauses.
                .onException(HttpOperationFailedException.class).onWhen(whenCaught(ApiFailures::isAuthFailure))
                    .handled(fromFile)
                    .process(forFileOrders(BridgeExchange.apiKeyRefused(apiKeyGuard)))
                .end();
        if (retries) {
            retried(orderErrors, LoggingLevel.DEBUG)
                        .onRedelivery(BridgeExchange.retrying(orders))
                        .handled(fromFile)
                        .process(forFileOrders(BridgeExchange.undelivered(orders)))
                    .end();
        }
        // A store that cannot be reached fails every order alike, and its dead letter could not be recorded either:
        // the order's file stops and waits at its source while pickup pauses (an order whose outcome was not recorded
        // is found by its stamp when the file is read again, as after a crash).
        // Anything else not named above: not retried, the order goes to undelivered/ with what happened. If even the
        // dead letter cannot be written, that failure reaches the file instead of vanishing.
        orderErrors
                .onException(Exception.class).onWhen(whenCaught(storeGuard::unreachable))
                    .handled(fromFile)
                    .logExhausted(false)
                    .process(BridgeExchange.storeUnreachable())
                .end()
                .onException(Exception.class)
                    .handled(fromFile)
                    .process(forFileOrders(BridgeExchange.undelivered(orders)))
                .end();
    }

    @Override
    public void configuration() {
        orderPolicy(routeConfiguration(ORDER_ERRORS), true);
        orderPolicy(routeConfiguration(ORDER_ENTRY_ERRORS), false);

        routeConfiguration(FILE_ERRORS)
                // the file was stopped by a refused key: it stays at its source, untouched, for after the pause; an SFTP file is
                // neither moved nor recorded as processed, since the exchange fails (handled(false)) and Camel rolls back
                .onException(ApiKeyRefusedException.class)
                    .handled(false)
                    .process(BridgeExchange.abandonFile(files, FileRun.Stop.API_KEY_REFUSED))
                .end()
                // the state store cannot be reached: the same, until it answers again
                .onException(StoreUnavailableException.class)
                    .handled(false)
                    .logExhausted(false)
                    .process(BridgeExchange.abandonFile(files, FileRun.Stop.STORE_UNREACHABLE))
                .end()
                // the file changed while it was read: it stays where it is, to be read again once it has settled
                .onException(FileGrewException.class)
                    .handled(false)
                    .logExhausted(false)
                    .process(BridgeExchange.readFileAgain(files))
                .end()
                // the data folder cannot take outcomes: the file stays at its source, untouched, while pickup pauses
                .onException(DataFolderUnavailableException.class)
                    .handled(false)
                    .process(BridgeExchange.leaveFileAtSource(files))
                .end()
                .onException(UnreadableFileException.class)
                    .handled(true)
                    .process(BridgeExchange.rejectFile(files))
                .end()
                .onException(Exception.class)
                    .handled(true)
                    .process(BridgeExchange.failFile(files))
                .end();

        // Handling a failed poll loses nothing: the feed state changes only after an emission succeeded, so the next
        // poll compares every order again. The poll's result (the body) says it failed, and why. A Retry-After is
        // honoured as for orders.
        RouteConfigurationDefinition feedPollErrors = routeConfiguration(FEED_POLL_ERRORS)
                .errorHandler(defaultErrorHandler().onExceptionOccurred(new RetryAfter(maxRetryAfter())));
        retried(feedPollErrors, LoggingLevel.WARN)
                    .handled(true)
                    .process(BridgeExchange.pollFailed(polls))
                .end();
        feedPollErrors
                .onException(Exception.class)
                    .handled(true)
                    .process(BridgeExchange.pollFailed(polls))
                .end();

        routeConfiguration(WEBHOOK_ERRORS)
                .onException(WebhookReceiver.InvalidWebhookException.class)
                    .handled(true)
                    .process(BridgeExchange.webhookInvalid())
                .end()
                .onException(Exception.class)
                    .handled(true)
                    .process(BridgeExchange.webhookFailed())
                .end();
    }
}
