package com.impilo.bridge.routes;

import static com.impilo.bridge.support.Orders.line;
import static com.impilo.bridge.support.Orders.patientOrder;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.impilo.bridge.support.BridgeHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A partner's own local folder runs beside the inbox, each file carrying its source's name into every outcome. */
class LocalSourcesTest {

    @TempDir
    Path data;
    @TempDir
    Path share;

    @Test
    void picks_up_a_partner_folder_beside_the_inbox_with_the_partners_name_in_every_outcome() throws Exception {
        try (BridgeHarness bridge = BridgeHarness.start(data, Map.of(
                "bridge.sources.clinic.type", "local",
                "bridge.sources.clinic.path", share.toString(),
                "bridge.sources.clinic.formats", "ndjson"))) {
            bridge.drop("orders.ndjson", line("local-inbox", 1) + "\n");
            Files.writeString(share.resolve("orders.ndjson"), line("local-clinic", 2) + "\n");
            Files.writeString(share.resolve("stray.json"), patientOrder("local-stray"));

            await().atMost(Duration.ofSeconds(20)).until(() -> BridgeHarness.receipts(data) == 2);
            JsonNode first = BridgeHarness.readJson(bridge.folders().done().resolve("orders.ndjson.receipt.json"));
            JsonNode second = BridgeHarness.readJson(bridge.folders().done().resolve("orders-2.ndjson.receipt.json"));
            assertThat(Stream.of(first, second).map(r -> r.get("source").asText() + " "
                    + r.at("/orders/0/externalOrderIds/0").asText()))
                    .containsExactlyInAnyOrder("inbox local-inbox", "clinic local-clinic");
            assertThat(bridge.ledgerEntry("clinic", "local-clinic").orElseThrow().source()).isEqualTo("clinic");

            JsonNode stray = bridge.awaitWholeFileIn(bridge.folders().rejected(), "stray.json");
            assertThat(stray.get("source").asText()).isEqualTo("clinic");
            assertThat(stray.get("reason").asText()).endsWith("json files are not accepted from source clinic"
                    + " (it sends ndjson)");
            assertThat(share).isEmptyDirectory();
            assertThat(bridge.sandbox().orders()).hasSize(2);
            assertThat(bridge.runtime().camelContext().getRoute("pickup-clinic")).isNotNull();
        }
    }

    @Test
    void reads_each_sources_csv_files_in_that_sources_own_layout() throws Exception {
        try (BridgeHarness bridge = BridgeHarness.start(data, Map.of(
                "bridge.sources.clinic.type", "local",
                "bridge.sources.clinic.path", share.toString(),
                "bridge.sources.clinic.csv.delimiter", ";",
                "bridge.sources.clinic.csv.columns.count", "Qty"))) {
            bridge.drop("inbox.csv", "external_order_id,patient_id,item_id,count\ncsv-inbox,5,311,1\n");
            Files.writeString(share.resolve("clinic.csv"),
                    "external_order_id;patient_id;item_id;Qty\ncsv-clinic;5;311;2\n");

            assertThat(bridge.awaitReceipt("inbox.csv").at("/orders/0/outcome").asText()).isEqualTo("created");
            JsonNode clinic = bridge.awaitReceipt("clinic.csv");

            assertThat(clinic.get("source").asText()).isEqualTo("clinic");
            assertThat(clinic.at("/orders/0/outcome").asText()).isEqualTo("created");
            assertThat(bridge.sandbox().orders())
                    .extracting(o -> o.at("/externalOrderIds/0").asText() + " x" + o.at("/orderItems/0/count").asInt())
                    .containsExactlyInAnyOrder("csv-inbox x1", "csv-clinic x2");
        }
    }

    @Test
    void guards_a_partner_folder_against_links_and_names_too_long_to_lock_as_it_guards_the_inbox() throws Exception {
        try (BridgeHarness bridge = BridgeHarness.start(data, Map.of(
                "bridge.sources.clinic.type", "local",
                "bridge.sources.clinic.path", share.toString()))) {
            Path secret = Files.writeString(data.resolve("secret.json"), patientOrder("local-secret"));
            Files.createSymbolicLink(share.resolve("link.json"), secret);
            // the read lock needs "<name>.camelLock" beside the file: 10 bytes more than this name can have
            Path tooLong = Files.writeString(share.resolve("c".repeat(241) + ".json"), patientOrder("local-too-long"));

            JsonNode link = bridge.awaitWholeFileIn(bridge.folders().rejected(), "link.json");
            Files.writeString(share.resolve("later.json"), patientOrder("local-later"));
            bridge.awaitReceipt("later.json");

            assertThat(link.get("source").asText()).isEqualTo("clinic");
            assertThat(link.get("reason").asText()).endsWith("the file is a symbolic link; links are not followed:"
                    + " put the file itself in the folder");
            assertThat(tooLong).exists();
            try (Stream<Path> left = Files.list(share)) {
                assertThat(left).containsExactly(tooLong);
            }
            assertThat(bridge.sandbox().orders()).extracting(o -> o.at("/externalOrderIds/0").asText())
                    .containsExactly("local-later");
        }
    }
}
