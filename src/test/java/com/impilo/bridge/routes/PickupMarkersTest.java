package com.impilo.bridge.routes;

import static com.impilo.bridge.support.Orders.patientOrder;
import static org.assertj.core.api.Assertions.assertThat;
import static com.impilo.bridge.support.BridgeHarness.receipts;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.impilo.bridge.BridgeRuntime;
import com.impilo.bridge.support.BridgeHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With a store of its own (embedded SQLite) a bridge marks each local file it takes with {@code <name>.camelLock}
 * beside it, which any other Camel consumer of the folder (another bridge on another data folder) respects.
 */
class PickupMarkersTest {

    @TempDir
    Path data;
    @TempDir
    Path other;
    @TempDir
    Path share;

    @Test
    void marks_a_file_in_progress_and_removes_the_marker_once_the_file_is_done() throws Exception {
        try (BridgeHarness bridge = BridgeHarness.start(data, clinic(share))) {
            bridge.sandbox().faults().latency(Duration.ofMillis(1500));
            Files.writeString(share.resolve("slow.json"), patientOrder("marker-slow"));
            Path marker = share.resolve("slow.json.camelLock");

            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10)).until(() -> Files.exists(marker));

            JsonNode receipt = bridge.awaitReceipt("slow.json");
            assertThat(receipt.at("/orders/0/outcome").asText()).isEqualTo("created");
            assertThat(share).isEmptyDirectory();
        }
    }

    @Test
    void leaves_a_file_that_another_consumer_has_marked_until_its_marker_is_gone() throws Exception {
        try (BridgeHarness bridge = BridgeHarness.start(data, clinic(share))) {
            Path held = Files.writeString(share.resolve("held.json"), patientOrder("marker-held"));
            Path marker = Files.createFile(share.resolve("held.json.camelLock"));
            // older: a poll lists it first, so the later file's receipt says a poll has passed it by
            Files.setLastModifiedTime(held, FileTime.from(Instant.now().minusSeconds(60)));
            Files.writeString(share.resolve("free.json"), patientOrder("marker-free"));

            bridge.awaitReceipt("free.json");
            assertThat(held).as("left to the consumer that marked it").exists();
            assertThat(bridge.sandbox().orders()).extracting(o -> o.at("/externalOrderIds/0").asText())
                    .containsExactly("marker-free");

            Files.delete(marker);
            assertThat(bridge.awaitReceipt("held.json").at("/orders/0/outcome").asText()).isEqualTo("created");
        }
    }

    @Test
    void takes_a_file_whose_marker_a_killed_run_left_behind_once_it_starts_again() throws Exception {
        Files.writeString(share.resolve("orphan.json"), patientOrder("marker-orphan"));
        Files.writeString(share.resolve("orphan.json.camelLock"), "");

        try (BridgeHarness bridge = BridgeHarness.start(data, clinic(share))) {
            assertThat(bridge.awaitReceipt("orphan.json").at("/orders/0/outcome").asText()).isEqualTo("created");
            assertThat(share).isEmptyDirectory();
        }
    }

    @Test
    void two_bridges_on_data_folders_of_their_own_sharing_a_partner_folder_create_each_order_once() throws Exception {
        try (BridgeHarness first = BridgeHarness.start(data, clinic(share))) {
            Map<String, String> settings = new HashMap<>(BridgeHarness.testSettings(other,
                    first.sandbox().baseUrl(), first.apiKey()));
            settings.putAll(clinic(share));
            BridgeRuntime second = BridgeHarness.awaitPickup(BridgeHarness.runtime(other, settings).start());
            try {
                List<String> ids = new ArrayList<>();
                for (int i = 0; i < 200; i++) {
                    ids.add("shared-" + i);
                    Files.writeString(share.resolve("order-" + i + ".json"), patientOrder("shared-" + i));
                }

                await().atMost(Duration.ofSeconds(60)).until(() -> receipts(data) + receipts(other) >= 200);

                assertThat(receipts(data) + receipts(other)).as("one receipt a file").isEqualTo(200);
                assertThat(List.of(receipts(data), receipts(other))).as("both bridges took files")
                        .allMatch(count -> count > 0);
                assertThat(first.sandbox().orders()).extracting(o -> o.at("/externalOrderIds/0").asText())
                        .containsExactlyInAnyOrderElementsOf(ids);
                assertThat(share).isEmptyDirectory();
            } finally {
                second.stop();
            }
        }
    }

    private static Map<String, String> clinic(Path folder) {
        return Map.of("bridge.sources.clinic.type", "local", "bridge.sources.clinic.path", folder.toString());
    }
}
