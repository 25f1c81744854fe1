package com.impilo.bridge.routes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.impilo.bridge.support.BridgeHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Partners send what they know (issue 15): a patient by the external identifier stored at Impilo, an item by its SKU;
 * the bridge looks them up at the API (the sandbox's seeded patients and catalog) and sends Impilo's ids.
 */
class PartnerReferencesTest {

    @TempDir
    Path data;
    @TempDir
    Path config;

    private Path crosswalk;
    private BridgeHarness bridge;

    @BeforeEach
    void start() throws Exception {
        crosswalk = Files.writeString(config.resolve("inbox-crosswalk.csv"),
                "type,code,impilo_id\nsite,WARD-7,77\nitem,ACME-100,42\nkit,ACME-KIT,1001\npatient,BED-12,4242\n");
        bridge = BridgeHarness.start(data, Map.of("bridge.sources.inbox.crosswalk", crosswalk.toString()));
    }

    @AfterEach
    void stop() {
        bridge.close();
    }

    @Test
    void a_json_order_by_external_identifier_and_sku_is_created_for_the_right_patient_and_item() {
        bridge.drop("by-reference.json", """
                {"externalOrderIds": ["REF-1"], "patient": {"externalIdentifier": "MRN-2345"},
                 "orderItems": [{"item": {"sku": "SBX-0042"}, "count": 2}, {"item": {"id": 7}, "count": 1}]}""");

        JsonNode receipt = bridge.awaitReceipt("by-reference.json");

        assertThat(receipt.at("/orders/0/outcome").asText()).isEqualTo("created");
        JsonNode created = bridge.sandbox().order(receipt.at("/orders/0/impiloOrderId").asLong()).orElseThrow();
        assertThat(created.at("/patient/id").asLong()).isEqualTo(2345);
        assertThat(created.at("/orderItems/0/item/id").asLong()).isEqualTo(42);
        assertThat(created.at("/orderItems/1/item/id").asLong()).isEqualTo(7);
        assertThat(resolved(receipt.at("/orders/0"))).containsExactly(
                "patient.externalIdentifier MRN-2345 -> 2345", "orderItems[0].item.sku SBX-0042 -> 42");
    }

    @Test
    void a_csv_order_by_patient_external_id_and_item_sku_is_created_with_the_ids() {
        bridge.drop("by-reference.csv", """
                external_order_id,patient_external_id,item_sku,count
                REF-CSV-1,MRN-4242,SBX-0100,3
                REF-CSV-1,MRN-4242,SBX-0101,1
                """);

        JsonNode receipt = bridge.awaitReceipt("by-reference.csv");

        assertThat(receipt.at("/orders/0/outcome").asText()).isEqualTo("created");
        JsonNode created = bridge.sandbox().order(receipt.at("/orders/0/impiloOrderId").asLong()).orElseThrow();
        assertThat(created.at("/patient/id").asLong()).isEqualTo(4242);
        assertThat(created.at("/orderItems/0/item/id").asLong()).isEqualTo(100);
        assertThat(created.at("/orderItems/1/item/id").asLong()).isEqualTo(101);
    }

    @Test
    void an_unknown_identifier_or_sku_and_an_item_that_is_not_orderable_reject_the_order_naming_them() {
        bridge.drop("unknown.ndjson", String.join("\n",
                "{\"externalOrderIds\": [\"REF-2\"], \"patient\": {\"externalIdentifier\": \"MRN-NOPE\"},"
                        + " \"orderItems\": [{\"item\": {\"id\": 7}, \"count\": 1}]}",
                "{\"externalOrderIds\": [\"REF-3\"], \"patient\": {\"id\": 5},"
                        + " \"orderItems\": [{\"item\": {\"sku\": \"NOPE-1\"}, \"count\": 1},"
                        + " {\"item\": {\"sku\": \"SBX-0666\"}, \"count\": 1}]}") + "\n");

        JsonNode receipt = bridge.awaitReceipt("unknown.ndjson");

        assertThat(receipt.at("/orders/0/outcome").asText()).isEqualTo("rejected");
        assertThat(texts(receipt.at("/orders/0/violations"))).containsExactly(
                "patient.externalIdentifier: no patient at Impilo has the external identifier \"MRN-NOPE\"");
        assertThat(receipt.at("/orders/1/outcome").asText()).isEqualTo("rejected");
        assertThat(texts(receipt.at("/orders/1/violations"))).containsExactly(
                "orderItems[0].item.sku: no item in the Impilo catalog has the SKU \"NOPE-1\"",
                "orderItems[1].item.sku: the item with the SKU \"SBX-0666\" (id [666]) is not orderable");
        assertThat(bridge.sandbox().createRequests()).as("nothing sent").isZero();
    }

    @Test
    void what_was_resolved_is_in_the_error_file_of_an_order_impilo_refused_and_in_the_audit_trail() throws Exception {
        bridge.drop("too-many.csv", "external_order_id,patient_external_id,item_sku,count\nREF-5,MRN-1234,SBX-0042,2000\n");

        JsonNode receipt = bridge.awaitReceipt("too-many.csv");

        assertThat(receipt.at("/orders/0/outcome").asText()).isEqualTo("rejected");
        JsonNode error = BridgeHarness.readJson(data.resolve(receipt.at("/orders/0/deadLetter").asText() + ".error.json"));
        assertThat(resolved(error)).containsExactly("patient.externalIdentifier MRN-1234 -> 1234",
                "orderItems[0].item.sku SBX-0042 -> 42");
        try (Stream<Path> days = Files.list(data.resolve("audit"))) {
            List<String> events = new ArrayList<>();
            for (Path day : days.toList()) {
                events.addAll(Files.readAllLines(day));
            }
            assertThat(events).filteredOn(line -> line.contains("\"event\":\"resolved\"")).singleElement()
                    .asString().contains("patient.externalIdentifier \\\"MRN-1234\\\" -> 1234");
        }
    }

    @Test
    void a_lookup_that_fails_with_503_three_times_ends_undelivered() {
        bridge.sandbox().faults().failNext(3, 503);
        bridge.drop("lookup-fails.json", """
                {"externalOrderIds": ["REF-4"], "patient": {"externalIdentifier": "MRN-1234"},
                 "orderItems": [{"item": {"id": 7}, "count": 1}]}""");

        JsonNode receipt = bridge.awaitReceipt("lookup-fails.json");

        assertThat(receipt.at("/orders/0/outcome").asText()).isEqualTo("undelivered");
        assertThat(receipt.at("/orders/0/reason").asText()).contains("after 3 attempt(s)", "HTTP 503");
        assertThat(bridge.sandbox().lookupRequests()).isEqualTo(3);
        assertThat(bridge.sandbox().createRequests()).isZero();
    }

    @Test
    void ten_thousand_orders_for_fifty_patients_make_one_lookup_per_patient_and_sku() {
        String lines = IntStream.range(0, 10_000).mapToObj(i -> "{\"externalOrderIds\": [\"REF-MANY-" + i + "\"],"
                + " \"patient\": {\"externalIdentifier\": \"SBX-P" + (100 + i % 50) + "\"},"
                + " \"orderItems\": [{\"item\": {\"sku\": \"SBX-0012\"}, \"count\": 1}]}").collect(Collectors.joining("\n"));
        bridge.drop("many.ndjson", lines + "\n");

        JsonNode receipt = bridge.awaitReceipt("many.ndjson", Duration.ofMinutes(2));

        assertThat(receipt.path("orders")).hasSize(10_000)
                .allSatisfy(order -> assertThat(order.path("outcome").asText()).isEqualTo("created"));
        assertThat(bridge.sandbox().lookupRequests()).as("50 patients and 1 SKU, within the cache time").isEqualTo(51);
        assertThat(bridge.sandbox().orders()).filteredOn(order -> order.at("/patient/id").asLong() == 149)
                .hasSize(200);
    }

    @Test
    void a_csv_order_by_crosswalked_site_item_and_kit_codes_is_created_with_their_ids() {
        bridge.drop("by-code.csv", """
                external_order_id,site_code,item_code,kit_code,count
                REF-X-1,WARD-7,ACME-100,,2
                REF-X-1,,,ACME-KIT,1
                """);

        JsonNode receipt = bridge.awaitReceipt("by-code.csv");

        assertThat(receipt.at("/orders/0/outcome").asText()).isEqualTo("created");
        JsonNode created = bridge.sandbox().order(receipt.at("/orders/0/impiloOrderId").asLong()).orElseThrow();
        assertThat(created.at("/site/id").asLong()).isEqualTo(77);
        assertThat(created.at("/orderItems/0/item/id").asLong()).isEqualTo(42);
        assertThat(created.at("/orderKits/0/kit/id").asLong()).isEqualTo(1001);
        assertThat(resolved(receipt.at("/orders/0"))).containsExactly("site.code WARD-7 -> 77",
                "orderItems[0].item.code ACME-100 -> 42", "orderKits[0].kit.code ACME-KIT -> 1001");
    }

    @Test
    void a_json_patient_code_is_crosswalked_and_an_unknown_code_rejects_the_order_naming_it_and_the_file() {
        bridge.drop("codes.ndjson", String.join("\n",
                "{\"externalOrderIds\": [\"REF-X-2\"], \"patient\": {\"code\": \"BED-12\"},"
                        + " \"orderItems\": [{\"item\": {\"code\": \"ACME-100\"}, \"count\": 1}]}",
                "{\"externalOrderIds\": [\"REF-X-3\"], \"site\": {\"code\": \"WARD-9\"},"
                        + " \"orderItems\": [{\"item\": {\"id\": 7}, \"count\": 1}]}") + "\n");

        JsonNode receipt = bridge.awaitReceipt("codes.ndjson");

        assertThat(receipt.at("/orders/0/outcome").asText()).isEqualTo("created");
        JsonNode created = bridge.sandbox().order(receipt.at("/orders/0/impiloOrderId").asLong()).orElseThrow();
        assertThat(created.at("/patient/id").asLong()).isEqualTo(4242);
        assertThat(receipt.at("/orders/1/outcome").asText()).isEqualTo("rejected");
        assertThat(texts(receipt.at("/orders/1/violations"))).containsExactly(
                "site.code: site \"WARD-9\" is not in the crosswalk " + crosswalk);
    }

    @Test
    void an_edit_of_the_crosswalk_takes_effect_without_a_restart() throws Exception {
        bridge.drop("before.csv", "external_order_id,patient_id,item_code,count\nREF-X-4,5,ACME-100,1\n");
        assertThat(itemOf(bridge.awaitReceipt("before.csv"))).isEqualTo(42);

        Files.writeString(crosswalk, "type,code,impilo_id\nitem,ACME-100,43\n");
        Files.setLastModifiedTime(crosswalk, FileTime.from(Instant.now().plusSeconds(5)));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            String name = "after-" + System.nanoTime() + ".csv";
            bridge.drop(name, "external_order_id,patient_id,item_code,count\nREF-X-" + name + ",5,ACME-100,1\n");
            assertThat(itemOf(bridge.awaitReceipt(name))).isEqualTo(43);
        });
    }

    private long itemOf(JsonNode receipt) {
        return bridge.sandbox().order(receipt.at("/orders/0/impiloOrderId").asLong()).orElseThrow()
                .at("/orderItems/0/item/id").asLong();
    }

    private static List<String> resolved(JsonNode order) {
        List<String> lines = new ArrayList<>();
        for (JsonNode reference : order.path("resolved")) {
            lines.add(reference.path("path").asText() + " " + reference.path("partnerCode").asText() + " -> "
                    + reference.path("impiloId").asLong());
        }
        return lines;
    }

    private static List<String> texts(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }
}
