package com.impilo.bridge.routes;

import static com.impilo.bridge.support.Orders.patientOrder;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import com.impilo.bridge.support.BridgeHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A data folder that cannot take outcomes pauses pickup with the files untouched, and pickup resumes by itself. */
class DataFolderTest {

    @TempDir
    Path data;

    @Test
    void pauses_pickup_while_an_outcome_folder_is_gone_and_resumes_when_it_is_back() throws Exception {
        try (BridgeHarness bridge = BridgeHarness.start(data, Map.of("bridge.pause.check-interval", "200"))) {
            // e.g. a volume that was unmounted under the bridge
            Files.delete(bridge.folders().rejected());
            String content = patientOrder("disk-1");
            bridge.drop("waiting.json", content);

            await().during(Duration.ofMillis(600)).atMost(Duration.ofSeconds(5)).until(() ->
                    Files.exists(bridge.folders().inbox().resolve("waiting.json")));
            assertThat(bridge.folders().inbox().resolve("waiting.json")).hasContent(content);
            assertThat(bridge.sandbox().createRequests()).isZero();
            assertThat(bridge.folders().done().resolve("waiting.json.receipt.json")).doesNotExist();

            Files.createDirectories(bridge.folders().rejected());

            assertThat(bridge.awaitReceipt("waiting.json").at("/orders/0/outcome").asText()).isEqualTo("created");
        }
    }

    @Test
    void pauses_pickup_while_the_disk_is_fuller_than_allowed() throws Exception {
        try (BridgeHarness bridge = BridgeHarness.start(data, Map.of("bridge.data.min-free-mb", "999999999999"))) {
            bridge.drop("full.json", patientOrder("disk-2"));

            await().during(Duration.ofMillis(600)).atMost(Duration.ofSeconds(5)).until(() ->
                    Files.exists(bridge.folders().inbox().resolve("full.json")));
            assertThat(bridge.sandbox().createRequests()).isZero();
            assertThat(bridge.folders().rejected()).isEmptyDirectory();
            assertThat(bridge.folders().undelivered()).isEmptyDirectory();
        }
    }
}
