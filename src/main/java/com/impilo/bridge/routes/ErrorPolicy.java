package com.impilo.bridge.routes;

import java.io.IOException;

import com.impilo.bridge.api.ApiFailures;
import com.impilo.bridge.feed.FeedPolls;
import com.impilo.bridge.feed.WebhookAnswers;
import com.impilo.bridge.feed.WebhookReceiver;
import com.impilo.bridge.ingest.UnreadableFileException;
import com.impilo.bridge.outcome.FileOutcomes;
import com.impilo.bridge.outcome.OrderOutcomes;
import com.impilo.bridge.validate.InvalidOrderException;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteConfigurationBuilder;
import org.apache.camel.http.base.HttpOperationFailedException;

/**
 * The bridge's whole error policy, shared by id: what is retried, what is rejected, what is undelivered.
 * Nothing is swallowed: every handled failure ends in a dead-letter folder with its reason.
 */
public final class ErrorPolicy extends RouteConfigurationBuilder {

    /** Per-order policy: invalid or refused → rejected/; transient failures retried, then → undelivered/. */
    public static final String ORDER_ERRORS = "order-errors";
    /** Per-file policy: unreadable → rejected/ whole; anything unexpected → undelivered/ whole. */
    public static final String FILE_ERRORS = "file-errors";
    /** Feed poll policy: transient API failures retried, then the poll ends failed and the next one starts over. */
    public static final String FEED_POLL_ERRORS = "feed-poll-errors";
    /** Webhook policy: an unreadable webhook is answered 400, anything unexpected 500 (Impilo retries later). */
    public static final String WEBHOOK_ERRORS = "webhook-errors";

    private final OrderOutcomes orders;
    private final FileOutcomes files;
    private final FeedPolls polls;

    public ErrorPolicy(OrderOutcomes orders, FileOutcomes files, FeedPolls polls) {
        this.orders = orders;
        this.files = files;
        this.polls = polls;
    }

    @Override
    public void configuration() {
        routeConfiguration(ORDER_ERRORS)
                // Anything not named below: not retried, the order goes to undelivered/ with what happened.
                // If even the dead letter cannot be written, the failure reaches the file instead of vanishing.
                .errorHandler(deadLetterChannel(Endpoints.ORDER_UNDELIVERED)
                        .deadLetterHandleNewException(false)
                        .useOriginalMessage()
                        .maximumRedeliveries(0))
                .onException(InvalidOrderException.class)
                    .handled(true).useOriginalMessage()
                    .bean(orders, "rejected")
                .end()
                .onException(HttpOperationFailedException.class).onWhen(ApiFailures.REFUSED)
                    .handled(true).useOriginalMessage()
                    .bean(orders, "rejected")
                .end()
                // A refused key would refuse every order alike: no retries, the orders wait in undelivered/.
                .onException(HttpOperationFailedException.class).onWhen(ApiFailures.AUTH_FAILED)
                    .handled(true).useOriginalMessage()
                    .bean(orders, "undelivered")
                .end()
                .onException(HttpOperationFailedException.class, IOException.class).onWhen(ApiFailures.TRANSIENT)
                    .maximumRedeliveries("{{bridge.retry.max-redeliveries}}")
                    .redeliveryDelay("{{bridge.retry.initial-delay}}")
                    .useExponentialBackOff()
                    .backOffMultiplier("{{bridge.retry.backoff-multiplier}}")
                    .maximumRedeliveryDelay("{{bridge.retry.max-delay}}")
                    .useCollisionAvoidance()
                    .retryAttemptedLogLevel(LoggingLevel.WARN)
                    .handled(true).useOriginalMessage()
                    .bean(orders, "undelivered")
                .end();

        routeConfiguration(FILE_ERRORS)
                .onException(UnreadableFileException.class)
                    .handled(true)
                    .bean(files, "rejectFile")
                .end()
                .onException(Exception.class)
                    .handled(true)
                    .bean(files, "failFile")
                .end();

        // Handling a failed poll loses nothing: the feed state changes only after an emission succeeded, so the next
        // poll compares every order again. The poll's result (the body) says it failed, and why.
        routeConfiguration(FEED_POLL_ERRORS)
                .onException(HttpOperationFailedException.class, IOException.class).onWhen(ApiFailures.TRANSIENT)
                    .maximumRedeliveries("{{bridge.retry.max-redeliveries}}")
                    .redeliveryDelay("{{bridge.retry.initial-delay}}")
                    .useExponentialBackOff()
                    .backOffMultiplier("{{bridge.retry.backoff-multiplier}}")
                    .maximumRedeliveryDelay("{{bridge.retry.max-delay}}")
                    .useCollisionAvoidance()
                    .retryAttemptedLogLevel(LoggingLevel.WARN)
                    .handled(true)
                    .bean(polls, "failed")
                .end()
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
