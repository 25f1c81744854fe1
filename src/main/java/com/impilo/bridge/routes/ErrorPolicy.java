package com.impilo.bridge.routes;

import java.io.IOException;

import java.time.Duration;

import com.impilo.bridge.api.ApiFailures;
import com.impilo.bridge.api.ApiKeyGuard;
import com.impilo.bridge.api.ApiKeyRefusedException;
import com.impilo.bridge.ingest.UnreadableFileException;
import com.impilo.bridge.outcome.DataFolderUnavailableException;
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

    private final OrderOutcomes orders;
    private final FileOutcomes files;
    private final ApiKeyGuard apiKeyGuard;

    public ErrorPolicy(OrderOutcomes orders, FileOutcomes files, ApiKeyGuard apiKeyGuard) {
        this.orders = orders;
        this.files = files;
        this.apiKeyGuard = apiKeyGuard;
    }

    // A Retry-After is honoured up to the longest retry delay, or ten minutes if that is shorter than what asked.
    private Duration maxRetryAfter() {
        long maxDelay = Long.parseLong(getContext().resolvePropertyPlaceholders("{{bridge.retry.max-delay}}"));
        return Duration.ofMillis(Math.max(maxDelay, Duration.ofMinutes(10).toMillis()));
    }

    @Override
    public void configuration() {
        routeConfiguration(ORDER_ERRORS)
                // Anything not named below: not retried, the order goes to undelivered/ with what happened.
                // If even the dead letter cannot be written, the failure reaches the file instead of vanishing.
                .errorHandler(deadLetterChannel(Endpoints.ORDER_UNDELIVERED)
                        .deadLetterHandleNewException(false)
                        .onExceptionOccurred(new RetryAfter(maxRetryAfter()))
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
                // A refused key would refuse every order alike: not the order's fault, so no dead letter; the guard
                // stops the order's file, which stays at its source while pickup pauses.
                .onException(HttpOperationFailedException.class).onWhen(ApiFailures.AUTH_FAILED)
                    .handled(true)
                    .bean(apiKeyGuard, "refused")
                .end()
                .onException(HttpOperationFailedException.class, IOException.class).onWhen(ApiFailures.TRANSIENT)
                    .maximumRedeliveries("{{bridge.retry.max-redeliveries}}")
                    .redeliveryDelay("{{bridge.retry.initial-delay}}")
                    .useExponentialBackOff()
                    .backOffMultiplier("{{bridge.retry.backoff-multiplier}}")
                    .maximumRedeliveryDelay("{{bridge.retry.max-delay}}")
                    .useCollisionAvoidance()
                    .retryAttemptedLogLevel(LoggingLevel.WARN)
                    .onRedelivery(exchange -> orders.retrying(exchange))
                    .handled(true).useOriginalMessage()
                    .bean(orders, "undelivered")
                .end();

        routeConfiguration(FILE_ERRORS)
                // the file was stopped by a refused key: it stays at its source, untouched, for after the pause; an SFTP file is
                // neither moved nor recorded as processed, since the exchange fails (handled(false)) and Camel rolls back
                .onException(ApiKeyRefusedException.class)
                    .handled(false)
                    .bean(files, "abandon")
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
    }
}
