package com.impilo.bridge.api;

import java.util.List;

import com.impilo.bridge.outcome.ConflictingOrderException;
import com.impilo.bridge.outcome.OrderFailure;
import com.impilo.bridge.validate.InvalidOrderException;
import com.impilo.bridge.validate.Violation;
import org.apache.camel.http.base.HttpOperationFailedException;

/** Why an order stopped, from what was thrown: the rules it broke, what the API answered, or what went wrong. */
public final class OrderFailures {

    private OrderFailures() {
    }

    /**
     * @param attempts how many times the order was sent
     */
    public static OrderFailure of(Throwable failure, int attempts) {
        if (failure instanceof ConflictingOrderException conflict) {
            return new OrderFailure(conflict.getMessage(), "conflicting-order", null, null, null,
                    "conflicts with an order at Impilo");
        }
        if (failure instanceof InvalidOrderException invalid) {
            List<String> violations = invalid.violations().stream().map(Violation::toString).toList();
            List<String> paths = invalid.violations().stream().map(Violation::path).toList();
            return new OrderFailure("the order breaks the Impilo order rules (" + violations.size() + " problem(s))",
                    "invalid-order", violations, null, null, "invalid at " + paths);
        }
        if (failure instanceof HttpOperationFailedException http) {
            int status = http.getStatusCode();
            if (ApiFailures.isAuthFailure(http)) {
                return new OrderFailure("the Impilo API refused the API key (HTTP " + status
                        + "); the order itself was not judged: fix impilo.api.key, then replay it",
                        "api-key-refused", null, status, http.getResponseBody(), "API key refused, HTTP " + status);
            }
            if (ApiFailures.isRefusal(http)) {
                return new OrderFailure("the Impilo API refused the order (HTTP " + status + ")", "api-refused", null,
                        status, http.getResponseBody(), "refused by the API, HTTP " + status);
            }
            return new OrderFailure("not delivered after " + attempts + " attempt(s): the Impilo API answered HTTP "
                    + status, "undelivered", null, status, http.getResponseBody(), "HTTP " + status
                    + " after " + attempts + " attempt(s)");
        }
        String what = ApiFailures.describe(failure);
        return new OrderFailure("not delivered after " + attempts + " attempt(s): " + what, "undelivered", null, null,
                null, what);
    }
}
