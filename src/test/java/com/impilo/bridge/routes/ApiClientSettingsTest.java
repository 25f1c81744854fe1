package com.impilo.bridge.routes;

import static com.impilo.bridge.support.Orders.patientOrder;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.impilo.bridge.support.BridgeHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The order's POST is sent with the HttpClient camel-http builds from the user's {@code camel.component.http.*}
 * settings (api/OrderPost), not with camel-http's producer: what a user writes for the client still reaches Impilo,
 * and the request carries the key and the JSON, nothing of the bridge's own.
 */
class ApiClientSettingsTest {

    @TempDir
    Path data;

    @Test
    void the_orders_post_carries_a_user_agent_written_as_a_camel_http_setting() throws Exception {
        try (BridgeHarness bridge = BridgeHarness.start(data,
                Map.of("camel.component.http.user-agent", "clinic-bridge/7"))) {
            bridge.drop("agent.json", patientOrder("agent-1"));

            JsonNode receipt = bridge.awaitReceipt("agent.json");

            assertThat(receipt.path("orders").path(0).path("outcome").asText()).isEqualTo("created");
            assertThat(createRequestHeaders(bridge)).hasSize(1).first()
                    .satisfies(headers -> assertThat(header(headers, "User-Agent")).containsExactly("clinic-bridge/7"));
        }
    }

    @Test
    void the_orders_post_carries_the_key_and_json_and_no_header_of_the_bridges_own() throws Exception {
        try (BridgeHarness bridge = BridgeHarness.start(data)) {
            bridge.drop("plain.json", patientOrder("plain-1"));

            bridge.awaitReceipt("plain.json");

            Map<String, List<String>> headers = createRequestHeaders(bridge).get(0);
            assertThat(header(headers, "Impilo-API-Key")).containsExactly(bridge.apiKey());
            assertThat(header(headers, "Content-Type")).singleElement().asString().startsWith("application/json");
            assertThat(headers.keySet()).noneMatch(name -> name.regionMatches(true, 0, "Camel", 0, 5)
                    || name.regionMatches(true, 0, "bridge", 0, 6));
        }
    }

    // the POSTs: the requests that send JSON
    private static List<Map<String, List<String>>> createRequestHeaders(BridgeHarness bridge) {
        return bridge.sandbox().requestHeaders().stream()
                .filter(headers -> !header(headers, "Content-Type").isEmpty())
                .toList();
    }

    private static List<String> header(Map<String, List<String>> headers, String name) {
        return headers.entrySet().stream().filter(header -> header.getKey().equalsIgnoreCase(name))
                .flatMap(header -> header.getValue().stream()).toList();
    }
}
