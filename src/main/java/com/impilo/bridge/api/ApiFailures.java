package com.impilo.bridge.api;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

import org.apache.camel.http.base.HttpOperationFailedException;

/** Sorts what went wrong on a call to the Impilo API into what to do about it. */
public final class ApiFailures {

    private ApiFailures() {
    }

    /** The order itself was refused (400, 404, 409, 422, ...): retrying cannot help, a person must fix it. */
    public static boolean isRefusal(Throwable failure) {
        int status = status(failure);
        return status >= 400 && status < 500 && !isAuthStatus(status) && !isTransientStatus(status);
    }

    /** The API key was refused (401, 403): the order is fine, the bridge's credentials are not. */
    public static boolean isAuthFailure(Throwable failure) {
        return isAuthStatus(status(failure));
    }

    /** A passing failure (5xx, 408, 429): worth retrying. Connection errors and timeouts are IOExceptions. */
    public static boolean isTransient(Throwable failure) {
        return failure instanceof IOException || isTransientStatus(status(failure));
    }

    /**
     * How long the API asked us to wait ({@code Retry-After} in seconds or as an HTTP date), capped; empty when the
     * answer did not say.
     */
    public static Optional<Duration> retryAfter(Throwable failure, Duration cap) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof HttpOperationFailedException http && http.getResponseHeaders() != null) {
                return http.getResponseHeaders().entrySet().stream()
                        .filter(header -> "Retry-After".equalsIgnoreCase(header.getKey()))
                        .map(header -> parseRetryAfter(header.getValue()))
                        .flatMap(Optional::stream)
                        .map(wait -> wait.compareTo(cap) > 0 ? cap : wait)
                        .findFirst();
            }
        }
        return Optional.empty();
    }

    private static Optional<Duration> parseRetryAfter(String value) {
        String text = value == null ? "" : value.trim();
        if (text.matches("\\d{1,9}")) {
            return Optional.of(Duration.ofSeconds(Long.parseLong(text)));
        }
        try {
            Duration until = Duration.between(Instant.now(),
                    ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
            return Optional.of(until.isNegative() ? Duration.ZERO : until);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** A failure in a line of text for logs, audit lines and dead letters: its kind and message, no stack. */
    public static String describe(Throwable failure) {
        if (failure == null) {
            return "unknown failure";
        }
        String kind = failure.getClass().getSimpleName();
        return failure.getMessage() == null ? kind : kind + ": " + failure.getMessage();
    }

    /** The HTTP status of a failed call, or 0 when there was no HTTP answer; looks through wrapping exceptions. */
    public static int status(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof HttpOperationFailedException http) {
                return http.getStatusCode();
            }
        }
        return 0;
    }

    private static boolean isAuthStatus(int status) {
        return status == 401 || status == 403;
    }

    private static boolean isTransientStatus(int status) {
        return status >= 500 || status == 408 || status == 429;
    }
}
