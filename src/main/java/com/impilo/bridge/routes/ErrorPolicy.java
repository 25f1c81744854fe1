package com.impilo.bridge.routes;

import java.io.IOException;
import java.time.Duration;

import com.impilo.bridge.api.ApiFailures;
import com.impilo.bridge.api.ApiKeyGuard;
import com.impilo.bridge.api.ApiKeyRefusedException;
import com.impilo.bridge.feed.FeedPolls;
import com.impilo.bridge.feed.WebhookAnswers;
import com.impilo.bridge.feed.WebhookReceiver;
import com.impilo.bridge.ingest.UnreadableFileException;
import com.impilo.bridge.outcome.DataFolderUnavailableException;
import com.impilo.bridge.outcome.ConflictingOrderException;
import com.impilo.bridge.outcome.FileGrewException;
import com.impilo.bridge.outcome.FileOutcomes;
import com.impilo.bridge.outcome.OrderOutcomes;
import com.impilo.bridge.validate.InvalidOrderException;
import org.apache.camel.LoggingLevel;
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

    /** Per-order policy: invalid or refused → rejected/; transient failures retried, then → undelivered/. */
    public static final String ORDER_ERRORS = "order-errors";
    /** Per-file policy: unreadable → rejected/ whole; anything unexpected → undelivered/ whole. */
    public static final String FILE_ERRORS = "file-errors";
    /** Feed poll policy: transient API failures retried, then the poll ends failed and the next one starts over. */
    public static final String FEED_POLL_ERRORS = "feed-poll-errors";
    /** Orders submitted by a host on direct:impilo-submit-order: transient failures retried, then thrown back. */
    public static final String SUBMIT_ERRORS = "submit-errors";
    /** Webhook policy: an unreadable webhook is answered 400, anything unexpected 500 (Impilo retries later). */
    public static final String WEBHOOK_ERRORS = "webhook-errors";

    private final OrderOutcomes orders;
    private final FileOutcomes files;
    private final ApiKeyGuard apiKeyGuard;
    private final FeedPolls polls;

    public ErrorPolicy(OrderOutcomes orders, FileOutcomes files, ApiKeyGuard apiKeyGuard, FeedPolls polls) {
        this.orders = orders;
        this.files = files;
        this.apiKeyGuard = apiKeyGuard;
        this.polls = polls;
    }

    /** Transient failures (5xx, 408, 429, timeouts, refused connections): retried with backoff and jitter. */
    private static OnExceptionDefinition retried(RouteConfigurationDefinition configuration) {
        return configuration
                .onException(HttpOperationFailedException.class, IOException.class).onWhen(ApiFailures.TRANSIENT)
                    .maximumRedeliveries("{{bridge.retry.max-redeliveries}}")
                    .redeliveryDelay("{{bridge.retry.initial-delay}}")
                    .useExponentialBackOff()
                    .backOffMultiplier("{{bridge.retry.backoff-multiplier}}")
                    .maximumRedeliveryDelay("{{bridge.retry.max-delay}}")
                    .useCollisionAvoidance()
                    .retryAttemptedLogLevel(LoggingLevel.WARN);
    }

    // A Retry-After is honoured up to the longest retry delay, or ten minutes if that is shorter than what asked.
    private Duration maxRetryAfter() {
        long maxDelay = Long.parseLong(getContext().resolvePropertyPlaceholders("{{bridge.retry.max-delay}}"));
        return Duration.ofMillis(Math.max(maxDelay, Duration.ofMinutes(10).toMillis()));
    }

    @Override
    public void configuration() {
        RouteConfigurationDefinition orderErrors = routeConfiguration(ORDER_ERRORS);
        orderErrors
                // Anything not named below: not retried, the order goes to undelivered/ with what happened.
                // If even the dead letter cannot be written, the failure reaches the file instead of vanishing.
                .errorHandler(deadLetterChannel(Endpoints.ORDER_UNDELIVERED)
                        .deadLetterHandleNewException(false)
                        .onExceptionOccurred(new RetryAfter(maxRetryAfter()))
                        .useOriginalMessage()
                        .maximumRedeliveries(0))
                .onException(InvalidOrderException.class, ConflictingOrderException.class)
                    .handled(true).useOriginalMessage()
                    .bean(orders, "rejected")
                .end()
                .onException(HttpOperationFailedException.class).onWhen(ApiFailures.REFUSED)
                    .handled(true).useOriginalMessage()
                    .bean(orders, "rejected")
                .end()
                // A refused key would refuse every order alike: not the order's fault, so no dead letter; the guard
                // stops the order's file, which stays at its source while pickup pauses.
                .onException(HttpOperationFailedException.class).onWhen(ApiFailures.AUTH_FAILED)
                    .handled(true)
                    .bean(apiKeyGuard, "refused")
                .end();
        retried(orderErrors)
                    .onRedelivery(exchange -> orders.retrying(exchange))
                    .handled(true).useOriginalMessage()
                    .bean(orders, "undelivered")
                .end();

        // An order submitted by a host application: the same retries, then the exception goes back to the caller,
        // who decides; nothing is dead-lettered on the caller's behalf.
        retried(routeConfiguration(SUBMIT_ERRORS)
                .errorHandler(defaultErrorHandler().onExceptionOccurred(new RetryAfter(maxRetryAfter()))))
                    .onRedelivery(exchange -> orders.retrying(exchange))
                .end();

        routeConfiguration(FILE_ERRORS)
                // the file was stopped by a refused key: it stays at its source, untouched, for after the pause; an SFTP file is
                // neither moved nor recorded as processed, since the exchange fails (handled(false)) and Camel rolls back
                .onException(ApiKeyRefusedException.class)
                    .handled(false)
                    .bean(files, "abandon")
                .end()
                // the file changed while it was read: it stays where it is, to be read again once it has settled
                .onException(FileGrewException.class)
                    .handled(false)
                    .logExhausted(false)
                    .bean(files, "readAgain")
                .end()
                // the data folder cannot take outcomes: the file stays at its source, untouched, while pickup pauses
                .onException(DataFolderUnavailableException.class)
                    .handled(false)
                    .bean(files, "leaveAtSource")
                .end()
                .onException(UnreadableFileException.class)
                    .handled(true)
                    .bean(files, "rejectFile")
                .end()
                .onException(Exception.class)
                    .handled(true)
                    .bean(files, "failFile")
                .end();

        // Handling a failed poll loses nothing: the feed state changes only after an emission succeeded, so the next
        // poll compares every order again. The poll's result (the body) says it failed, and why. A Retry-After is
        // honoured as for orders.
        RouteConfigurationDefinition feedPollErrors = routeConfiguration(FEED_POLL_ERRORS)
                .errorHandler(defaultErrorHandler().onExceptionOccurred(new RetryAfter(maxRetryAfter())));
        retried(feedPollErrors)
                    .handled(true)
                    .bean(polls, "failed")
                .end();
        feedPollErrors
                .onException(Exception.class)
                    .handled(true)
                    .bean(polls, "failed")
                .end();

        routeConfiguration(WEBHOOK_ERRORS)
                .onException(WebhookReceiver.InvalidWebhookException.class)
                    .handled(true)
                    .bean(WebhookAnswers.class, "invalid")
                .end()
                .onException(Exception.class)
                    .handled(true)
                    .bean(WebhookAnswers.class, "failed")
                .end();
    }
}
