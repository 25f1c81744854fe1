package com.impilo.bridge.ingest;

import java.util.List;

import com.impilo.bridge.model.Order;
import com.impilo.bridge.validate.InvalidOrderException;
import com.impilo.bridge.validate.OrderValidator;
import com.impilo.bridge.validate.Violation;

/** The gate before the API: an order passes only when it was read cleanly and breaks none of the guide's rules. */
public final class OrderAdmission {

    private final OrderValidator validator = new OrderValidator();

    /** Returns the order to send, or throws with every problem found. */
    public Order admit(ParsedOrder parsed) throws InvalidOrderException {
        if (!parsed.readable()) {
            throw new InvalidOrderException(parsed.problems());
        }
        List<Violation> violations = validator.validate(parsed.order());
        if (!violations.isEmpty()) {
            throw new InvalidOrderException(violations);
        }
        return parsed.order();
    }
}
