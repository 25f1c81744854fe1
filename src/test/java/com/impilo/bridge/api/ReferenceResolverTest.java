package com.impilo.bridge.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import com.impilo.bridge.support.MovingClock;
import com.impilo.bridge.model.Item;
import com.impilo.bridge.model.Order;
import com.impilo.bridge.model.OrderItem;
import com.impilo.bridge.model.Patient;
import com.impilo.bridge.validate.InvalidOrderException;
import org.junit.jupiter.api.Test;

class ReferenceResolverTest {

    private final MovingClock clock = new MovingClock(Instant.parse("2026-12-04T12:00:00Z"));
    private final ReferenceResolver resolver = new ReferenceResolver(Duration.ofMinutes(5), clock);
    private final CountingLookups lookups = new CountingLookups();

    @Test
    void a_hundred_thousand_orders_for_fifty_patients_make_fifty_lookups() throws Exception {
        for (int i = 0; i < 100_000; i++) {
            Order order = byIdentifier("MRN-" + (i % 50), "SBX-0001");
            Order resolved = resolver.resolve("inbox", order, lookups).order();
            assertThat(resolved.patient().id()).isEqualTo(1000L + i % 50);
        }

        assertThat(lookups.patientCalls.get()).isEqualTo(50);
        assertThat(lookups.itemCalls.get()).isEqualTo(1);
    }

    @Test
    void an_answer_is_used_for_the_cache_time_and_per_source() throws Exception {
        resolver.resolve("inbox", byIdentifier("MRN-1", "SBX-0001"), lookups);
        resolver.resolve("acme", byIdentifier("MRN-1", "SBX-0001"), lookups);
        clock.advance(Duration.ofMinutes(4));
        resolver.resolve("inbox", byIdentifier("MRN-1", "SBX-0001"), lookups);
        assertThat(lookups.patientCalls.get()).as("one per source").isEqualTo(2);

        clock.advance(Duration.ofMinutes(2));
        resolver.resolve("inbox", byIdentifier("MRN-1", "SBX-0001"), lookups);
        assertThat(lookups.patientCalls.get()).as("asked again once the answer is older than the cache time")
                .isEqualTo(3);
    }

    @Test
    void several_patients_with_the_identifier_or_several_orderable_items_reject_the_order_naming_them() {
        lookups.patients.put("MRN-TWICE", List.of(7L, 8L));
        lookups.items.put("SKU-TWICE", List.of(new ReferenceResolver.ItemMatch(3, true),
                new ReferenceResolver.ItemMatch(4, true), new ReferenceResolver.ItemMatch(5, false)));

        assertThatThrownBy(() -> resolver.resolve("inbox", byIdentifier("MRN-TWICE", "SKU-TWICE"), lookups))
                .isInstanceOf(InvalidOrderException.class)
                .hasMessage("patient.externalIdentifier: 2 patients at Impilo have the external identifier"
                        + " \"MRN-TWICE\" (ids [7, 8]); send the patient's id; orderItems[0].item.sku: 2 orderable"
                        + " items have the SKU \"SKU-TWICE\" (ids [3, 4]); send the item's id");
    }

    @Test
    void a_failed_lookup_is_not_kept_so_the_retry_asks_again() throws Exception {
        lookups.failures.set(1);
        assertThatThrownBy(() -> resolver.resolve("inbox", byIdentifier("MRN-1", "SBX-0001"), lookups))
                .hasMessage("HTTP 503");

        assertThat(resolver.resolve("inbox", byIdentifier("MRN-1", "SBX-0001"), lookups).order().patient().id())
                .isEqualTo(1001L);
        assertThat(lookups.patientCalls.get()).isEqualTo(2);
    }

    @Test
    void an_order_by_ids_needs_no_lookup_and_ids_win_over_references() throws Exception {
        Order byIds = new Order(null, null, null, List.of("PO-1"), new Patient(5L, null, null, null, null, null, null,
                null, "MRN-1", null, null, null), null, List.of(new OrderItem(new Item(9L, null, "SBX-0001", null,
                null, null), 1)), null, null, null, null, null, null, null, null, null, null);

        assertThat(ReferenceResolver.needsLookup(byIds)).isFalse();
        assertThat(ReferenceResolver.needsLookup(byIdentifier("MRN-1", "SBX-0001"))).isTrue();
    }

    private static Order byIdentifier(String identifier, String sku) {
        return new Order(null, null, null, List.of("PO-" + identifier), new Patient(null, null, null, null, null,
                null, null, null, identifier, null, null, null), null, List.of(new OrderItem(new Item(null, null, sku,
                null, null, null), 1)), null, null, null, null, null, null, null, null, null, null);
    }

    // MRN-<n> is patient 1000 + n; SBX-<nnnn> is item n
    private static final class CountingLookups implements ReferenceResolver.Lookups {
        final AtomicInteger patientCalls = new AtomicInteger();
        final AtomicInteger itemCalls = new AtomicInteger();
        final AtomicInteger failures = new AtomicInteger();
        final Map<String, List<Long>> patients = new ConcurrentHashMap<>();
        final Map<String, List<ReferenceResolver.ItemMatch>> items = new ConcurrentHashMap<>();

        @Override
        public List<Long> patientsByExternalIdentifier(String identifier) throws Exception {
            patientCalls.incrementAndGet();
            if (failures.getAndUpdate(left -> Math.max(0, left - 1)) > 0) {
                throw new IllegalStateException("HTTP 503");
            }
            return patients.containsKey(identifier) ? patients.get(identifier)
                    : List.of(1000L + Long.parseLong(identifier.substring(4)));
        }

        @Override
        public List<ReferenceResolver.ItemMatch> itemsBySku(String sku) {
            itemCalls.incrementAndGet();
            return items.containsKey(sku) ? items.get(sku)
                    : List.of(new ReferenceResolver.ItemMatch(Long.parseLong(sku.substring(4)), true));
        }
    }
}
