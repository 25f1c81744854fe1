package com.impilo.bridge.routes;

import static com.impilo.bridge.support.Orders.line;
import static com.impilo.bridge.support.Orders.patientOrder;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.impilo.bridge.model.ImpiloJson;
import com.impilo.bridge.outcome.AuditTrail;
import com.impilo.bridge.store.LedgerEntry;
import com.impilo.bridge.support.BridgeHarness;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every order is created once, even when an answer is lost, a crash interrupts a call, or the API asks to wait. */
class ExactlyOnceTest {

    @TempDir
    Path data;

    @Test
    void finds_an_order_whose_answer_was_lost_instead_of_creating_it_twice() throws Exception {
        try (BridgeHarness bridge = BridgeHarness.start(data, Map.of("bridge.http.response-timeout", "300"))) {
            // the order is stored, but its answer comes after the bridge has given up waiting
            bridge.sandbox().faults().slowAnswers(1.0, Duration.ofSeconds(2));
            bridge.drop("slow.json", patientOrder("lost-1"));

            JsonNode receipt = bridge.awaitReceipt("slow.json");

            assertThat(bridge.sandbox().orders()).hasSize(1);
            assertThat(bridge.sandbox().createRequests()).isEqualTo(1);
            assertThat(receipt.at("/orders/0/outcome").asText()).isEqualTo("created");
            assertThat(receipt.at("/orders/0/impiloOrderId").asLong())
                    .isEqualTo(bridge.sandbox().orders().get(0).get("id").asLong());
            assertThat(receipt.at("/orders/0/reason").asText()).contains("earlier attempt");
        }
    }

    @Test
    void gives_up_on_an_answer_trickling_in_past_the_total_timeout_and_finds_the_order_instead() throws Exception {
        try (BridgeHarness bridge = BridgeHarness.start(data, Map.of("bridge.http.response-timeout", "5000",
                "bridge.http.total-timeout", "1000"))) {
            // every byte comes well within the response timeout, but the whole answer would take over a minute
            bridge.sandbox().faults().trickleAnswers(1.0, Duration.ofMillis(200));
            bridge.drop("trickle.json", patientOrder("trickle-1"));

            JsonNode receipt = bridge.awaitReceipt("trickle.json");

            assertThat(bridge.sandbox().orders()).hasSize(1);
            assertThat(bridge.sandbox().createRequests()).isEqualTo(1);
            assertThat(receipt.at("/orders/0/outcome").asText()).isEqualTo("created");
            assertThat(receipt.at("/orders/0/reason").asText()).contains("earlier attempt");
            String audit = Files.readString(AuditTrail.files(data.resolve("audit")).get(0));
            assertThat(audit.lines().filter(line -> line.contains("\"event\":\"retried\"")))
                    .singleElement(InstanceOfAssertFactories.STRING)
                    .contains("no complete answer from the Impilo API within the total timeout of 1000 ms");
        }
    }

    @Test
    void gives_up_waiting_for_a_held_back_answer_at_the_total_timeout_before_the_response_timeout() throws Exception {
        try (BridgeHarness bridge = BridgeHarness.start(data, Map.of("bridge.http.response-timeout", "30000",
                "bridge.http.total-timeout", "500"))) {
            bridge.sandbox().faults().slowAnswers(1.0, Duration.ofSeconds(20));
            bridge.drop("held.json", patientOrder("held-1"));

            JsonNode receipt = bridge.awaitReceipt("held.json");

            assertThat(bridge.sandbox().orders()).hasSize(1);
            assertThat(receipt.at("/orders/0/outcome").asText()).isEqualTo("created");
            String audit = Files.readString(AuditTrail.files(data.resolve("audit")).get(0));
            assertThat(audit).contains("within the total timeout of 500 ms");
        }
    }

    @Test
    void reconciles_an_order_left_in_flight_by_a_crash_before_sending_it_again() throws Exception {
        try (BridgeHarness bridge = BridgeHarness.start(data)) {
            // a crashed run had marked the order in flight, and its POST, with the bridge's stamp, had reached Impilo
            String stamp = bridge.keyOf("inbox", "crash-1");
            bridge.ledger().record(new LedgerEntry(stamp, List.of("crash-1"), "inbox", "crash.json", "index 0",
                    LedgerEntry.State.IN_FLIGHT, null, null, null));
            long created = postDirectly(bridge, line("crash-1", 1).replace("[\"crash-1\"]",
                    "[\"crash-1\",\"" + stamp + "\"]"));
            // and a second one whose POST never left
            bridge.ledger().record(new LedgerEntry(bridge.keyOf("inbox", "crash-2"), List.of("crash-2"), "inbox",
                    "crash.json", "index 1", LedgerEntry.State.IN_FLIGHT, null, null, null));

            bridge.drop("crash.ndjson", line("crash-1", 1) + "\n" + line("crash-2", 2) + "\n");
            JsonNode receipt = bridge.awaitReceipt("crash.ndjson");

            assertThat(bridge.sandbox().orders()).extracting(o -> o.at("/externalOrderIds/0").asText())
                    .containsExactlyInAnyOrder("crash-1", "crash-2");
            assertThat(bridge.sandbox().createRequests()).as("only crash-2 is posted by the bridge").isEqualTo(2);
            assertThat(receipt.at("/orders/0/impiloOrderId").asLong()).isEqualTo(created);
            assertThat(bridge.ledgerEntry("inbox", "crash-1")).get().extracting(LedgerEntry::state, LedgerEntry::impiloOrderId)
                    .containsExactly(LedgerEntry.State.CREATED, created);
        }
    }

    @Test
    void adds_the_derived_key_to_an_order_without_external_ids_so_it_can_be_found_again() throws Exception {
        try (BridgeHarness bridge = BridgeHarness.start(data)) {
            bridge.drop("anonymous.json", "{\"site\":{\"id\":9},\"orderKits\":[{\"kit\":{\"id\":1000},\"count\":1}]}");

            JsonNode receipt = bridge.awaitReceipt("anonymous.json");

            String key = receipt.at("/orders/0/idempotencyKey").asText();
            assertThat(key).startsWith(bridge.keyOf("inbox", "bridge-"));
            assertThat(bridge.sandbox().orders().get(0).at("/externalOrderIds/0").asText()).isEqualTo(key);
        }
    }

    @Test
    void waits_as_long_as_retry_after_asks() throws Exception {
        try (BridgeHarness bridge = BridgeHarness.start(data)) {
            bridge.sandbox().faults().failNext(1, 429, 1);
            long start = System.nanoTime();
            bridge.drop("busy.json", patientOrder("busy-1"));

            JsonNode receipt = bridge.awaitReceipt("busy.json");

            assertThat(receipt.at("/orders/0/outcome").asText()).isEqualTo("created");
            assertThat(Duration.ofNanos(System.nanoTime() - start))
                    .as("the retry waited the second the API asked for, not the 10 ms backoff")
                    .isGreaterThanOrEqualTo(Duration.ofSeconds(1));
            assertThat(bridge.sandbox().orders()).hasSize(1);
        }
    }

    @Test
    void creates_every_order_once_through_503s_lost_answers_and_429s() throws Exception {
        try (BridgeHarness bridge = BridgeHarness.start(data, Map.of("bridge.http.response-timeout", "400",
                "bridge.retry.max-redeliveries", "10"))) {
            bridge.sandbox().faults().failNext(3, 429, 0).failureRate(0.2).slowAnswers(0.05, Duration.ofSeconds(1));
            StringBuilder batch = new StringBuilder();
            for (int i = 0; i < 300; i++) {
                batch.append(line("fault-" + i, 1 + i % 400)).append('\n');
            }
            bridge.drop("faults.ndjson", batch.toString());

            JsonNode receipt = bridge.awaitReceipt("faults.ndjson");

            assertThat(receipt.at("/summary/created").asInt()).isEqualTo(300);
            Map<String, Long> copies = bridge.sandbox().orders().stream().collect(Collectors.groupingBy(
                    order -> order.at("/externalOrderIds/0").asText(), Collectors.counting()));
            assertThat(copies).hasSize(300).allSatisfy((id, count) -> assertThat(count).as(id).isEqualTo(1L));
            for (JsonNode order : receipt.get("orders")) {
                String id = order.at("/externalOrderIds/0").asText();
                assertThat(order.get("impiloOrderId").asLong()).as(id).isEqualTo(bridge.sandbox().orders().stream()
                        .filter(o -> o.at("/externalOrderIds/0").asText().equals(id))
                        .findFirst().orElseThrow().get("id").asLong());
            }
        }
    }

    @Test
    void keeps_calls_to_the_api_within_max_concurrency_and_sends_a_repeated_order_once() throws Exception {
        try (BridgeHarness bridge = BridgeHarness.start(data, Map.of("bridge.http.max-concurrency", "3"))) {
            bridge.sandbox().faults().latency(Duration.ofMillis(100));
            StringBuilder batch = new StringBuilder();
            for (int i = 0; i < 30; i++) {
                batch.append(line("par-" + (i % 25), 1 + i)).append('\n');
            }
            bridge.drop("parallel.ndjson", batch.toString());

            JsonNode receipt = bridge.awaitReceipt("parallel.ndjson");

            assertThat(bridge.sandbox().maxConcurrentCalls()).as("side by side, but never more than 3").isBetween(2, 3);
            assertThat(bridge.sandbox().orders()).hasSize(25);
            assertThat(receipt.at("/summary/created").asInt()).isEqualTo(25);
            assertThat(receipt.at("/summary/duplicate").asInt()).isEqualTo(5);
            assertThat(receipt.get("orders")).extracting(o -> o.get("position").asText())
                    .as("the receipt lists orders in file order").containsExactlyElementsOf(
                            java.util.stream.IntStream.rangeClosed(1, 30).mapToObj(n -> "line " + n).toList());
        }
    }

    private static long postDirectly(BridgeHarness bridge, String order) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder()
                        .uri(URI.create(bridge.sandbox().baseUrl() + "/api/v3/order"))
                        .header("Impilo-API-Key", bridge.apiKey())
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(order)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(201);
        return ImpiloJson.mapper().readTree(response.body()).get("id").asLong();
    }
}
