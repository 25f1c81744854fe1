package com.impilo.bridge.outcome;

import com.impilo.bridge.model.Order;

/** Whom an order is for, in words that compare: {@code patient 4242} or {@code site 5}. */
final class OrderParty {

    private OrderParty() {
    }

    static String of(Order order) {
        if (order.patient() != null) {
            return "patient " + order.patient().id();
        }
        if (order.site() != null) {
            return "site " + order.site().id();
        }
        return "no patient or site";
    }
}
