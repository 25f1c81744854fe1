package com.impilo.bridge.observe;

import static com.impilo.bridge.support.Sockets.freePort;
import static com.impilo.bridge.support.Orders.line;
import static com.impilo.bridge.support.Orders.patientOrder;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.impilo.bridge.model.ImpiloJson;
import com.impilo.bridge.support.BridgeHarness;
import com.impilo.bridge.support.SftpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Health and metrics as an operator sees them: over HTTP on the management port. */
class HealthAndMetricsTest {

    // a loopback address of its own, so that the server is seen to listen where bridge.management.host says only
    private static final String HOST = "127.0.0.2";

    @TempDir
    Path data;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void readiness_turns_down_naming_the_api_key_while_it_is_refused_and_up_again_once_restored() throws Exception {
        int port = freePort();
        try (BridgeHarness bridge = BridgeHarness.start(data, management(port, "bridge.pause.check-interval", "200"))) {
            await().atMost(Duration.ofSeconds(10)).until(() -> get(port, "/observe/health/ready").statusCode() == 200);
            assertThat(json(get(port, "/observe/health")).path("status").asText()).isEqualTo("UP");

            bridge.sandbox().revokeKey();
            bridge.drop("waits.json", patientOrder("health-1"));

            await().atMost(Duration.ofSeconds(10)).until(() -> get(port, "/observe/health/ready").statusCode() == 503);
            JsonNode ready = json(get(port, "/observe/health/ready"));
            assertThat(ready.path("status").asText()).isEqualTo("DOWN");
            assertThat(ready.path("checks")).extracting(c -> c.path("name").asText()).containsExactly("bridge-api-key");
            assertThat(ready.at("/checks/0/message").asText()).contains("refuses the API key");
            assertThat(get(port, "/observe/health/live").statusCode()).as("a refused key needs no restart")
                    .isEqualTo(200);

            bridge.sandbox().restoreKey();

            await().atMost(Duration.ofSeconds(10)).until(() -> get(port, "/observe/health/ready").statusCode() == 200);
            assertThat(json(get(port, "/observe/health/ready")).path("status").asText()).isEqualTo("UP");
            assertThat(bridge.awaitReceipt("waits.json").at("/orders/0/outcome").asText()).isEqualTo("created");
        }
    }

    @Test
    void readiness_turns_down_naming_an_sftp_source_while_its_server_is_down_and_up_again_once_it_is_back(
            @TempDir Path remote, @TempDir Path keys) throws Exception {
        int port = freePort();
        try (SftpServer sftp = SftpServer.start(remote, keys)) {
            Map<String, String> settings = management(port, "bridge.sftp.connect-timeout", "1000",
                    "bridge.sftp.max-reconnect-attempts", "0");
            settings.putAll(sftp.source("acme", "outbox"));
            try (BridgeHarness bridge = BridgeHarness.start(data, settings)) {
                sftp.upload("outbox", "before.json", patientOrder("health-sftp-1"));
                bridge.awaitReceipt("before.json");
                await().atMost(Duration.ofSeconds(10)).until(() -> get(port, "/observe/health/ready").statusCode() == 200);

                sftp.stop();

                await().atMost(Duration.ofSeconds(20)).until(() -> get(port, "/observe/health/ready").statusCode() == 503);
                JsonNode ready = json(get(port, "/observe/health/ready"));
                assertThat(ready.path("checks")).extracting(c -> c.path("name").asText())
                        .containsExactly("bridge-source-acme");
                assertThat(check(ready, "bridge-source-acme").path("message").asText())
                        .startsWith("source acme cannot poll <uri>: ").contains("Connection refused");
                // whoever reaches the port may ask for every detail: checks and reasons, no place the bridge reads
                String everything = get(port, "/observe/health?exposureLevel=full&data=true&stackTrace=true").body()
                        .replace("\\/", "/");
                assertThat(everything).contains("bridge-source-acme", "bridge-data-folder")
                        .doesNotContain("sftp://", "127.0.0.1:" + sftp.port(), SftpServer.USER + "@", "known_hosts",
                                data.toString(), remote.toString(), keys.toString());
                assertThat(get(port, "/observe/health/live").statusCode()).as("a partner's outage needs no restart")
                        .isEqualTo(200);

                sftp.restart();
                sftp.upload("outbox", "after.json", patientOrder("health-sftp-2"));

                await().atMost(Duration.ofSeconds(20)).until(() -> get(port, "/observe/health/ready").statusCode() == 200);
                assertThat(bridge.awaitReceipt("after.json").at("/orders/0/outcome").asText()).isEqualTo("created");
            }
        }
    }

    @Test
    void the_management_server_listens_on_this_machine_only_unless_told_otherwise() throws Exception {
        int port = freePort();
        try (BridgeHarness bridge = BridgeHarness.start(data, Map.of("bridge.management.enabled", "true",
                "bridge.management.port", String.valueOf(port)))) {
            HttpResponse<String> local = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/observe/health/live")).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(local.statusCode()).isEqualTo(200);
            assertThatThrownBy(() -> http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.2:" + port
                    + "/observe/health/live")).build(), HttpResponse.BodyHandlers.ofString()))
                    .as("bound to 127.0.0.1, not to every address").isInstanceOf(ConnectException.class);
        }
    }

    @Test
    void the_management_server_asks_for_a_password_when_authentication_is_on() throws Exception {
        int port = freePort();
        Path users = Files.writeString(data.resolve("management-users.properties"),
                "user.prometheus=scrape-s3cret,reader\nrole.reader=*\n");
        try (BridgeHarness bridge = BridgeHarness.start(data, management(port,
                "camel.management.authentication-enabled", "true",
                "camel.management.basic-properties-file", users.toString()))) {
            URI health = URI.create("http://" + HOST + ":" + port + "/observe/health/ready");
            String credentials = Base64.getEncoder().encodeToString(
                    "prometheus:scrape-s3cret".getBytes(StandardCharsets.UTF_8));

            assertThat(http.send(HttpRequest.newBuilder(health).build(), HttpResponse.BodyHandlers.ofString())
                    .statusCode()).isEqualTo(401);
            await().atMost(Duration.ofSeconds(10)).until(() -> http.send(HttpRequest.newBuilder(health)
                    .header("Authorization", "Basic " + credentials).build(), HttpResponse.BodyHandlers.ofString())
                    .statusCode() == 200);
        }
    }

    @Test
    void metrics_count_a_small_batch_with_one_retry_by_partner_over_http() throws Exception {
        int port = freePort();
        try (BridgeHarness bridge = BridgeHarness.start(data, management(port))) {
            await().atMost(Duration.ofSeconds(10)).until(() -> get(port, "/observe/metrics").statusCode() == 200);
            assertThatThrownBy(() -> http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/observe/metrics")).build(), HttpResponse.BodyHandlers.ofString()))
                    .as("not on the other addresses").isInstanceOf(ConnectException.class);
            assertThat(metrics(port)).doesNotContainKey("impilo_bridge_orders_total{outcome=\"created\",partner=\"inbox\"}");

            bridge.sandbox().faults().failNext(1, 503);
            bridge.drop("batch.ndjson", line("metrics-ok", 1) + "\n" + line("metrics-refused", 666) + "\n");
            bridge.awaitReceipt("batch.ndjson");

            Map<String, Double> metrics = metrics(port);
            assertThat(metrics)
                    .containsEntry("impilo_bridge_orders_total{outcome=\"received\",partner=\"inbox\"}", 2.0)
                    .containsEntry("impilo_bridge_orders_total{outcome=\"created\",partner=\"inbox\"}", 1.0)
                    .containsEntry("impilo_bridge_orders_total{outcome=\"rejected\",partner=\"inbox\"}", 1.0)
                    .containsEntry("impilo_bridge_api_calls_seconds_count{endpoint=\"create-order\",status=\"2xx\"}", 1.0)
                    .containsEntry("impilo_bridge_api_calls_seconds_count{endpoint=\"create-order\",status=\"4xx\"}", 1.0)
                    .containsEntry("impilo_bridge_api_calls_seconds_count{endpoint=\"create-order\",status=\"5xx\"}", 1.0)
                    .containsEntry("impilo_bridge_retries_total{partner=\"inbox\"}", 1.0)
                    .containsEntry("impilo_bridge_inbox_files{partner=\"inbox\"}", 0.0)
                    .containsEntry("impilo_bridge_inbox_oldest_age_seconds{partner=\"inbox\"}", 0.0);
            assertThat(metrics.keySet()).as("a latency histogram")
                    .anyMatch(k -> k.startsWith("impilo_bridge_api_calls_seconds_bucket{endpoint=\"create-order\""));
            assertThat(metrics.keySet()).as("ids and names of sources only, never order content")
                    .noneMatch(k -> k.contains("metrics-ok") || k.contains("metrics-refused"));
        }
    }

    private static Map<String, String> management(int port, String... more) {
        Map<String, String> settings = new HashMap<>(Map.of("bridge.management.enabled", "true",
                "bridge.management.port", String.valueOf(port), "bridge.management.host", HOST));
        for (int i = 0; i < more.length; i += 2) {
            settings.put(more[i], more[i + 1]);
        }
        return settings;
    }

    private HttpResponse<String> get(int port, String path) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://" + HOST + ":" + port + path))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode check(JsonNode health, String name) {
        for (JsonNode check : health.path("checks")) {
            if (check.path("name").asText().equals(name)) {
                return check;
            }
        }
        throw new AssertionError("no check " + name + " in " + health);
    }

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        return ImpiloJson.mapper().readTree(response.body());
    }

    // Prometheus text format: "name{labels} value" per sample, comments after '#'.
    private Map<String, Double> metrics(int port) {
        Map<String, Double> samples = new HashMap<>();
        for (String sample : get(port, "/observe/metrics").body().split("\n")) {
            if (!sample.isBlank() && !sample.startsWith("#")) {
                int space = sample.lastIndexOf(' ');
                samples.put(sample.substring(0, space), Double.parseDouble(sample.substring(space + 1)));
            }
        }
        return samples;
    }
}
