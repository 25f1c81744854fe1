package com.impilo.bridge.api;

import java.io.IOException;

import org.apache.camel.Exchange;
import org.apache.camel.Predicate;
import org.apache.camel.http.base.HttpOperationFailedException;

/** Sorts what went wrong on a call to the Impilo API into what to do about it. */
public final class ApiFailures {

    /** The order itself was refused (400, 404, 409, 422, ...): retrying cannot help, a person must fix it. */
    public static final Predicate REFUSED = exchange -> isRefusal(caught(exchange));

    /** The API key was refused (401, 403): the order is fine, the bridge's credentials are not. */
    public static final Predicate AUTH_FAILED = exchange -> isAuthFailure(caught(exchange));

    /** A passing failure (5xx, 408, 429): worth retrying. Connection errors and timeouts are IOExceptions. */
    public static final Predicate TRANSIENT = exchange -> isTransient(caught(exchange));

    private ApiFailures() {
    }

    public static boolean isRefusal(Throwable failure) {
        int status = status(failure);
        return status >= 400 && status < 500 && !isAuthStatus(status) && !isTransientStatus(status);
    }

    public static boolean isAuthFailure(Throwable failure) {
        return isAuthStatus(status(failure));
    }

    public static boolean isTransient(Throwable failure) {
        return failure instanceof IOException || isTransientStatus(status(failure));
    }

    /** The HTTP status of a failed call, or 0 when there was no HTTP answer. */
    public static int status(Throwable failure) {
        return failure instanceof HttpOperationFailedException http ? http.getStatusCode() : 0;
    }

    private static boolean isAuthStatus(int status) {
        return status == 401 || status == 403;
    }

    private static boolean isTransientStatus(int status) {
        return status >= 500 || status == 408 || status == 429;
    }

    private static Throwable caught(Exchange exchange) {
        return exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
    }
}
