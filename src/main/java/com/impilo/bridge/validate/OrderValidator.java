package com.impilo.bridge.validate;

import com.impilo.bridge.model.Order;
import com.impilo.bridge.model.ShippingOption;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.stream.Stream;

/** Checks an order against the rules of the Impilo Order Management Guide and the live API docs before it is sent. */
public final class OrderValidator {

    /**
     * The start of the bridge's own stamps among an order's externalOrderIds: a partner's id may not begin so, or it
     * could pose as another partner's order.
     */
    public static final String RESERVED_PREFIX = "bridge:";

    private static final String ONE_OF_PATIENT_OR_SITE = "(an order needs exactly one of patient or site)";
    private static final String CONTENT_REQUIRED = "required (an order needs at least one of orderItems, orderKits,"
            + " returnItems, returnDevices or returnPackedKits)";

    /** Every violation of the order, in rule order; an empty list means the order is valid. */
    public List<Violation> validate(Order order) {
        Objects.requireNonNull(order, "order");
        Violations found = new Violations();
        association(order, found);
        if (!hasContent(order)) {
            found.add("orderItems", CONTENT_REQUIRED);
        }
        found.each("orderItems", order.orderItems(), (path, line) -> {
            // the partner's SKU stands in for the id until the bridge resolves it (api/ReferenceResolver)
            if (line.item() == null || line.item().id() != null || blank(line.item().sku())) {
                found.positiveId(path + ".item.id", line.item() == null ? null : line.item().id());
            }
            found.atLeastOne(path + ".count", line.count());
        });
        found.each("orderKits", order.orderKits(), (path, line) -> {
            found.positiveId(path + ".kit.id", line.kit() == null ? null : line.kit().id());
            found.atLeastOne(path + ".count", line.count());
        });
        found.each("returnItems", order.returnItems(), (path, line) -> {
            found.positiveId(path + ".id", line.id());
            found.atLeastOne(path + ".count", line.count());
        });
        found.each("returnDevices", order.returnDevices(), (path, line) -> found.positiveId(path + ".id", line.id()));
        found.each("returnPackedKits", order.returnPackedKits(), (path, line) -> {
            found.positiveId(path + ".id", line.id());
            found.atLeastOne(path + ".quantity", line.quantity());
        });
        shipping(order, found);
        externalOrderIds(order.externalOrderIds(), found);
        return found.list();
    }

    private static void association(Order order, Violations found) {
        if (order.patient() == null && order.site() == null) {
            found.add("patient", "required " + ONE_OF_PATIENT_OR_SITE);
        }
        if (order.patient() != null && order.site() != null) {
            found.add("site", "not allowed together with patient " + ONE_OF_PATIENT_OR_SITE);
        }
        // the partner's external identifier stands in for the id until the bridge resolves it
        if (order.patient() != null && (order.patient().id() != null || blank(order.patient().externalIdentifier()))) {
            found.positiveId("patient.id", order.patient().id());
        }
        if (order.site() != null) {
            found.positiveId("site.id", order.site().id());
        }
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }

    private static boolean hasContent(Order order) {
        return Stream.of(order.orderItems(), order.orderKits()).anyMatch(OrderValidator::notEmpty) || hasReturns(order);
    }

    private static boolean hasReturns(Order order) {
        return Stream.of(order.returnItems(), order.returnDevices(), order.returnPackedKits())
                .anyMatch(OrderValidator::notEmpty);
    }

    private static boolean notEmpty(List<?> list) {
        return list != null && !list.isEmpty();
    }

    private static void shipping(Order order, Violations found) {
        if (order.shippingOption() == ShippingOption.UNRECOGNIZED) {
            found.add("shippingOption", "must be one of " + ShippingOption.knownValues());
        }
        // In the live docs but not the spec: the API rejects such an order with a 400.
        if (Boolean.FALSE.equals(order.emailLabel()) && hasReturns(order) && order.shippingOption() == null) {
            found.add("shippingOption", "required when emailLabel is false and the order includes returns");
        }
    }

    private static void externalOrderIds(List<String> ids, Violations found) {
        Map<String, String> firstPathOf = new HashMap<>();
        found.eachValue("externalOrderIds", ids, (path, id) -> {
            if (id == null || id.isBlank()) {
                found.add(path, "must be a non-blank string");
                return;
            }
            if (id.toLowerCase(Locale.ROOT).startsWith(RESERVED_PREFIX)) {
                found.add(path, "must not begin with \"" + RESERVED_PREFIX + "\": the bridge marks its own orders so");
                return;
            }
            String first = firstPathOf.putIfAbsent(id, path);
            if (first != null) {
                found.add(path, "duplicate of " + first);
            }
        });
    }

    /** The violations of one validation run; created per call, so the validator itself stays stateless. */
    private static final class Violations {

        private final List<Violation> list = new ArrayList<>();

        void add(String path, String message) {
            list.add(new Violation(path, message));
        }

        void positiveId(String path, Long id) {
            if (id == null) {
                add(path, "required");
            } else if (id <= 0) {
                add(path, "must be a positive number, got " + id);
            }
        }

        void atLeastOne(String path, Integer count) {
            if (count == null) {
                add(path, "required");
            } else if (count < 1) {
                add(path, "must be at least 1, got " + count);
            }
        }

        /** Runs the check on each entry of a list of objects, reporting null entries instead of checking them. */
        <T> void each(String name, List<T> entries, BiConsumer<String, T> check) {
            eachValue(name, entries, (path, entry) -> {
                if (entry == null) {
                    add(path, "must not be null");
                } else {
                    check.accept(path, entry);
                }
            });
        }

        /** Runs the check on each entry of a list, nulls included, with the entry's path. */
        <T> void eachValue(String name, List<T> entries, BiConsumer<String, T> check) {
            if (entries == null) {
                return;
            }
            for (int i = 0; i < entries.size(); i++) {
                check.accept(name + "[" + i + "]", entries.get(i));
            }
        }

        List<Violation> list() {
            return List.copyOf(list);
        }
    }
}
