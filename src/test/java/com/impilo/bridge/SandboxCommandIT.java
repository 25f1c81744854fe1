package com.impilo.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.impilo.bridge.support.BridgeProcess;
import com.impilo.bridge.support.Orders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sandbox}: the simulator on its own, from the real jar, answering a client in another process. */
class SandboxCommandIT {

    private static final Pattern URL = Pattern.compile("sandbox listening on (http://127\\.0\\.0\\.1:\\d+)");

    @TempDir
    Path work;

    @Test
    void serves_the_api_with_the_given_key_until_stopped() throws Exception {
        BridgeProcess sandbox = BridgeProcess.start(work, List.of("sandbox", "--api-key", "it-key"));
        try {
            String url = await().atMost(Duration.ofSeconds(30)).until(() -> baseUrl(sandbox.output()),
                    Optional::isPresent).orElseThrow();
            HttpClient client = HttpClient.newHttpClient();

            HttpResponse<String> created = client.send(post(url, "it-key"), HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> refused = client.send(post(url, "wrong"), HttpResponse.BodyHandlers.ofString());

            assertThat(created.statusCode()).isEqualTo(201);
            assertThat(created.body()).contains("\"currentStatus\":\"orderPlaced\"").contains("sandbox-it-1");
            assertThat(refused.statusCode()).isEqualTo(401);
        } finally {
            sandbox.terminate(30);
        }
    }

    @Test
    void holds_seeded_orders_from_the_start() throws Exception {
        BridgeProcess sandbox = BridgeProcess.start(work, List.of("sandbox", "--api-key", "it-key", "--seed", "30"));
        try {
            String url = await().atMost(Duration.ofSeconds(30)).until(() -> baseUrl(sandbox.output()),
                    Optional::isPresent).orElseThrow();

            HttpResponse<String> page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(url + "/api/v3/order?size=10")).header("Impilo-API-Key", "it-key").build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("\"total\":30").contains("seed-30");
        } finally {
            sandbox.terminate(30);
        }
    }

    private static HttpRequest post(String url, String key) {
        return HttpRequest.newBuilder(URI.create(url + "/api/v3/order"))
                .header("Impilo-API-Key", key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Orders.patientOrder("sandbox-it-1"))).build();
    }

    private static Optional<String> baseUrl(String output) {
        Matcher matcher = URL.matcher(output);
        return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
    }
}
