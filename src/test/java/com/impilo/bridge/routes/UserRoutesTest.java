package com.impilo.bridge.routes;

import static com.impilo.bridge.support.Orders.patientOrder;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.impilo.bridge.support.BridgeHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipped example user route works once enabled, and user routes are off until a .yaml file is there. */
class UserRoutesTest {

    @TempDir
    Path data;

    @Test
    void the_shipped_example_route_moves_legacy_files_into_the_inbox_once_enabled() throws Exception {
        Path userRoutes = Files.createDirectories(data.resolve("user-routes"));
        Files.copy(Path.of("routes", "legacy-drop-folder.yaml.example"), userRoutes.resolve("legacy-drop-folder.yaml"));

        try (BridgeHarness bridge = BridgeHarness.start(data, Map.of("bridge.user-routes.dir", userRoutes.toString()))) {
            Path legacy = Files.createDirectories(data.resolve("legacy-drop"));
            Files.writeString(legacy.resolve("order-17.ord"), patientOrder("legacy-17"));

            JsonNode receipt = bridge.awaitReceipt("order-17.json");

            assertThat(receipt.at("/orders/0/outcome").asText()).isEqualTo("created");
            assertThat(bridge.sandbox().orders()).extracting(o -> o.at("/externalOrderIds/0").asText())
                    .containsExactly("legacy-17");
            assertThat(bridge.runtime().camelContext().getRoute("legacy-drop-folder")).isNotNull();
        }
    }

    @Test
    void the_example_is_off_by_default() throws Exception {
        try (BridgeHarness bridge = BridgeHarness.start(data, Map.of("bridge.user-routes.dir", "routes"))) {
            assertThat(bridge.runtime().camelContext().getRoute("legacy-drop-folder")).isNull();
            assertThat(bridge.runtime().camelContext().getRoute("pickup-inbox")).isNotNull();
        }
    }
}
