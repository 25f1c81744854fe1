package com.impilo.bridge.routes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.impilo.bridge.support.BridgeHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An order's identity belongs to its partner: an order made outside the bridge with the same id is never adopted
 * (nor its patient data handed over), and the same order id from two partners is two orders.
 */
class PartnerIdentityTest {

    private static final String VICTIM_ORDER = """
            {"externalOrderIds": ["VICTIM-78"], "patient": {"id": 78},
             "orderItems": [{"item": {"id": 3}, "count": 1}], "shippingOption": "standard"}""";

    @TempDir
    Path data;

    @Test
    void an_order_made_outside_the_bridge_with_the_same_id_is_not_adopted_after_a_retry() throws Exception {
        try (BridgeHarness bridge = BridgeHarness.start(data, Map.of("bridge.feed.enabled", "true",
                "bridge.feed.interval", "0"))) {
            long victim = bridge.sandbox().createOrder(VICTIM_ORDER).path("id").asLong();
            bridge.sandbox().faults().failNext(1, 503);

            bridge.drop("attack.json", order("VICTIM-78", 4242));
            JsonNode receipt = bridge.awaitReceipt("attack.json");
            bridge.pollFeed();

            List<JsonNode> carrying = bridge.sandbox().orders().stream()
                    .filter(o -> o.path("externalOrderIds").toString().contains("\"VICTIM-78\"")).toList();
            assertThat(carrying).as("the victim's order and the partner's own").hasSize(2);
            long created = receipt.at("/orders/0/impiloOrderId").asLong();
            assertThat(receipt.at("/orders/0/outcome").asText()).isEqualTo("created");
            assertThat(created).isNotEqualTo(victim);
            assertThat(bridge.sandbox().order(created).orElseThrow().at("/patient/id").asLong()).isEqualTo(4242);
            assertThat(data.resolve("outbox/inbox/" + victim + ".json")).doesNotExist();
            assertThat(data.resolve("outbox/inbox/" + created + ".json")).exists();
            assertNoFileHolds("Victimsson");
        }
    }

    @Test
    void an_order_seen_before_only_as_rejected_does_not_adopt_one_made_outside_with_its_id() throws Exception {
        try (BridgeHarness bridge = BridgeHarness.start(data)) {
            long victim = bridge.sandbox().createOrder(VICTIM_ORDER).path("id").asLong();
            bridge.drop("first.json", order("VICTIM-78", 4242).replace("\"count\": 1", "\"count\": 0"));
            assertThat(bridge.awaitReceipt("first.json").at("/orders/0/outcome").asText()).isEqualTo("rejected");

            bridge.drop("fixed.json", order("VICTIM-78", 4242));
            JsonNode receipt = bridge.awaitReceipt("fixed.json");

            assertThat(receipt.at("/orders/0/outcome").asText()).isEqualTo("created");
            assertThat(receipt.at("/orders/0/impiloOrderId").asLong()).isNotEqualTo(victim);
            assertNoFileHolds("Victimsson");
        }
    }

    @Test
    void the_same_order_id_from_two_partners_is_two_orders() throws Exception {
        Path clinic = Files.createDirectories(data.resolve("partners/clinic"));
        try (BridgeHarness bridge = BridgeHarness.start(data, Map.of("bridge.sources.clinic.type", "local",
                "bridge.sources.clinic.path", clinic.toString()))) {
            Files.writeString(clinic.resolve("clinic.json"), order("PO-1001", 4242));
            await().atMost(Duration.ofSeconds(20)).until(() -> bridge.sandbox().orders().size() == 1);

            bridge.drop("inbox.json", """
                    {"externalOrderIds": ["PO-1001"], "site": {"id": 5},
                     "orderItems": [{"item": {"id": 2}, "count": 9}]}""");
            JsonNode receipt = bridge.awaitReceipt("inbox.json");

            assertThat(receipt.at("/orders/0/outcome").asText()).isEqualTo("created");
            assertThat(bridge.sandbox().orders()).hasSize(2)
                    .extracting(o -> o.has("site") ? "site " + o.at("/site/id") : "patient " + o.at("/patient/id"))
                    .containsExactlyInAnyOrder("patient 4242", "site 5");
            assertThat(bridge.sandbox().orders()).allSatisfy(o -> assertThat(o.at("/externalOrderIds/0").asText())
                    .isEqualTo("PO-1001"));
        }
    }

    @Test
    void a_stamped_order_for_another_patient_is_a_dead_letter_naming_both_never_an_adoption() throws Exception {
        try (BridgeHarness bridge = BridgeHarness.start(data)) {
            String stamp = "bridge:" + bridge.runtime().bridge().installationId() + ":inbox:PO-77";
            long other = bridge.sandbox().createOrder(VICTIM_ORDER.replace("\"VICTIM-78\"", "\"PO-77\", \"" + stamp
                    + "\"")).path("id").asLong();
            bridge.sandbox().faults().failNext(1, 503);

            bridge.drop("conflict.json", order("PO-77", 4242));
            JsonNode receipt = bridge.awaitReceipt("conflict.json");

            assertThat(receipt.at("/orders/0/outcome").asText()).isEqualTo("rejected");
            JsonNode error = BridgeHarness.readJson(data.resolve("rejected/conflict.index0.json.error.json"));
            assertThat(error.path("reason").asText()).contains("Impilo order " + other).contains("patient 78")
                    .contains("patient 4242");
            assertThat(bridge.sandbox().orders()).as("nothing created").hasSize(1);
        }
    }

    @Test
    void partners_may_not_send_ids_that_look_like_the_bridges_stamp() {
        try (BridgeHarness bridge = startQuietly()) {
            bridge.drop("forged.json", order("bridge:x:other:PO-1", 4242));

            JsonNode receipt = bridge.awaitReceipt("forged.json");

            assertThat(receipt.at("/orders/0/outcome").asText()).isEqualTo("rejected");
            assertThat(receipt.at("/orders/0/violations/0").asText())
                    .startsWith("externalOrderIds[0]: must not begin with \"bridge:\"");
        }
    }

    @Test
    void what_the_partner_sees_carries_its_ids_and_not_the_bridges_stamp() throws Exception {
        try (BridgeHarness bridge = BridgeHarness.start(data, Map.of("bridge.feed.enabled", "true",
                "bridge.feed.interval", "0"))) {
            bridge.drop("mine.json", order("PO-55", 4242));
            long id = bridge.awaitReceipt("mine.json").at("/orders/0/impiloOrderId").asLong();
            bridge.pollFeed();

            JsonNode atImpilo = bridge.sandbox().order(id).orElseThrow();
            JsonNode outbox = BridgeHarness.readJson(data.resolve("outbox/inbox/" + id + ".json"));

            assertThat(atImpilo.path("externalOrderIds").toString()).contains("\"PO-55\"")
                    .contains("bridge:" + bridge.runtime().bridge().installationId() + ":inbox:PO-55");
            assertThat(outbox.path("externalOrderIds").toString()).isEqualTo("[\"PO-55\"]");
        }
    }

    private BridgeHarness startQuietly() {
        try {
            return BridgeHarness.start(data);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private void assertNoFileHolds(String text) throws IOException {
        try (Stream<Path> files = Files.walk(data)) {
            assertThat(files.filter(Files::isRegularFile)).allSatisfy(file -> assertThat(
                    Files.readString(file, StandardCharsets.ISO_8859_1)).as("%s", data.relativize(file))
                    .doesNotContain(text));
        }
    }

    private static String order(String externalId, long patient) {
        return """
                {"externalOrderIds": ["%s"], "patient": {"id": %d},
                 "orderItems": [{"item": {"id": 12}, "count": 1}], "shippingOption": "standard"}"""
                .formatted(externalId, patient);
    }
}
