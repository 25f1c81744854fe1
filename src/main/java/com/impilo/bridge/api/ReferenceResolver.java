package com.impilo.bridge.api;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;

import com.impilo.bridge.model.Item;
import com.impilo.bridge.model.Order;
import com.impilo.bridge.model.OrderItem;
import com.impilo.bridge.model.Patient;
import com.impilo.bridge.model.ResolvedReference;
import com.impilo.bridge.validate.InvalidOrderException;
import com.impilo.bridge.validate.Violation;

/**
 * Resolves what a partner knows to Impilo's ids: a patient by the external identifier the customer stored at Impilo,
 * an item by its SKU. Each answer is kept per source for a while, so that a file of 100,000 orders for 50 patients
 * asks about 50 times; orders that ask at the same moment wait for one lookup. A reference that names nothing, or
 * more than one, rejects the order with its path; a lookup that fails (5xx, a timeout) throws, to be retried like a
 * POST. Only ids are kept: the patient list's names and addresses are read by nobody.
 */
public final class ReferenceResolver {

    /** The API's answers to the lookups; each throws what the call threw. */
    public interface Lookups {

        /** The ids of the patients whose external identifier is exactly this one. */
        List<Long> patientsByExternalIdentifier(String identifier) throws Exception;

        /** The items whose SKU is exactly this one. */
        List<ItemMatch> itemsBySku(String sku) throws Exception;
    }

    /** An item of the catalog found by its SKU. */
    public record ItemMatch(long id, boolean orderable) {
    }

    /** The order with Impilo's ids in place of the partner's references, and what was resolved. */
    public record Resolution(Order order, List<ResolvedReference> resolved) {
    }

    private final Duration keep;
    private final Clock clock;
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final Map<String, Object> locks = new ConcurrentHashMap<>();

    private record Answer(Object value, Instant until) {
    }

    /** @param keep how long an answer is used before the API is asked again */
    public ReferenceResolver(Duration keep, Clock clock) {
        this.keep = keep;
        this.clock = clock;
    }

    /** True when the order names a patient or an item by a partner's reference rather than by its Impilo id. */
    public static boolean needsLookup(Order order) {
        return patientByIdentifier(order.patient()) || order.orderItems() != null
                && order.orderItems().stream().anyMatch(line -> itemBySku(line.item()));
    }

    /** The references that a lookup at Impilo will resolve when the order is sent, for {@code validate}. */
    public static List<String> pending(Order order) {
        List<String> pending = new ArrayList<>();
        if (patientByIdentifier(order.patient())) {
            pending.add("patient.externalIdentifier \"" + order.patient().externalIdentifier() + "\"");
        }
        for (int i = 0; order.orderItems() != null && i < order.orderItems().size(); i++) {
            Item item = order.orderItems().get(i).item();
            if (itemBySku(item)) {
                pending.add("orderItems[" + i + "].item.sku \"" + item.sku() + "\"");
            }
        }
        return pending;
    }

    /**
     * The order with every partner reference replaced by the Impilo id it names.
     *
     * @throws InvalidOrderException naming each reference that names no patient or item, or several
     * @throws Exception             what a lookup threw (the API failed)
     */
    public Resolution resolve(String source, Order order, Lookups lookups) throws Exception {
        List<ResolvedReference> resolved = new ArrayList<>();
        List<Violation> problems = new ArrayList<>();
        Patient patient = order.patient();
        if (patientByIdentifier(patient)) {
            String identifier = patient.externalIdentifier();
            List<Long> ids = cached(source + "\npatient\n" + identifier,
                    () -> lookups.patientsByExternalIdentifier(identifier));
            String path = "patient.externalIdentifier";
            if (ids.isEmpty()) {
                problems.add(new Violation(path, "no patient at Impilo has the external identifier \"" + identifier
                        + "\""));
            } else if (ids.size() > 1) {
                problems.add(new Violation(path, ids.size() + " patients at Impilo have the external identifier \""
                        + identifier + "\" (ids " + ids + "); send the patient's id"));
            } else {
                patient = Patient.ofId(ids.get(0));
                resolved.add(new ResolvedReference(path, identifier, ids.get(0)));
            }
        }
        List<OrderItem> lines = order.orderItems();
        if (lines != null && lines.stream().anyMatch(line -> itemBySku(line.item()))) {
            lines = new ArrayList<>(lines);
            for (int i = 0; i < lines.size(); i++) {
                OrderItem line = lines.get(i);
                if (itemBySku(line.item())) {
                    String path = "orderItems[" + i + "].item.sku";
                    String sku = line.item().sku();
                    List<ItemMatch> items = cached(source + "\nitem\n" + sku, () -> lookups.itemsBySku(sku));
                    Optional<Long> id = item(path, sku, items, problems);
                    if (id.isPresent()) {
                        resolved.add(new ResolvedReference(path, sku, id.get()));
                        lines.set(i, new OrderItem(Item.ofId(id.get()), line.count()));
                    }
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidOrderException(problems);
        }
        return new Resolution(resolved.isEmpty() ? order : order.withPatientAndItems(patient, lines),
                List.copyOf(resolved));
    }

    // exactly one orderable item: its id; otherwise a problem saying what was found
    private static Optional<Long> item(String path, String sku, List<ItemMatch> items,
                                                 List<Violation> problems) {
        List<Long> orderable = items.stream().filter(ItemMatch::orderable).map(ItemMatch::id).toList();
        if (orderable.size() == 1) {
            return Optional.of(orderable.get(0));
        }
        if (items.isEmpty()) {
            problems.add(new Violation(path, "no item in the Impilo catalog has the SKU \"" + sku + "\""));
        } else if (orderable.isEmpty()) {
            problems.add(new Violation(path, "the item with the SKU \"" + sku + "\" (id "
                    + items.stream().map(ItemMatch::id).toList() + ") is not orderable"));
        } else {
            problems.add(new Violation(path, orderable.size() + " orderable items have the SKU \"" + sku + "\" (ids "
                    + orderable + "); send the item's id"));
        }
        return Optional.empty();
    }

    @SuppressWarnings("unchecked")
    private <T> T cached(String key, Callable<T> lookup) throws Exception {
        synchronized (locks.computeIfAbsent(key, k -> new Object())) {
            Answer answer = answers.get(key);
            if (answer != null && clock.instant().isBefore(answer.until())) {
                return (T) answer.value();
            }
            T value = lookup.call();
            answers.put(key, new Answer(value, clock.instant().plus(keep)));
            return value;
        }
    }

    private static boolean patientByIdentifier(Patient patient) {
        return patient != null && patient.id() == null && patient.externalIdentifier() != null
                && !patient.externalIdentifier().isBlank();
    }

    private static boolean itemBySku(Item item) {
        return item != null && item.id() == null && item.sku() != null && !item.sku().isBlank();
    }
}
