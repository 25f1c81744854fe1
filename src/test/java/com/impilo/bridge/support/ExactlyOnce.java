package com.impilo.bridge.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.impilo.bridge.sandbox.ImpiloSandbox;

/** What a user checks at Impilo after a batch: each order there exactly once, and no other. */
public final class ExactlyOnce {

    private ExactlyOnce() {
    }

    /** Impilo holds exactly the expected orders (by their first external id), each once. */
    public static void assertEachCreatedOnce(ImpiloSandbox impilo, List<String> expected) {
        Map<String, Long> copies = impilo.orders().stream()
                .collect(Collectors.groupingBy(order -> order.at("/externalOrderIds/0").asText(), Collectors.counting()));
        assertThat(copies.keySet()).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(copies).allSatisfy((id, count) -> assertThat(count).as(id).isEqualTo(1L));
    }
}
