package com.impilo.bridge.routes;

import static com.impilo.bridge.support.Orders.line;
import static com.impilo.bridge.support.Orders.patientOrder;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.impilo.bridge.support.BridgeHarness;
import com.impilo.bridge.support.CapturedLog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The API key: a refused key pauses pickup instead of dead-lettering orders, and the key never reaches the log. */
class ApiKeyTest {

    @TempDir
    Path data;

    private CapturedLog log;

    @BeforeEach
    void captureLog() {
        log = CapturedLog.attach();
    }

    @AfterEach
    void releaseLog() {
        log.close();
    }

    @Test
    void pauses_pickup_while_the_key_is_refused_and_drains_the_backlog_by_itself_once_it_works() throws Exception {
        try (BridgeHarness bridge = BridgeHarness.start(data, Map.of("bridge.pause.check-interval", "200"))) {
            bridge.sandbox().revokeKey();
            bridge.drop("first.ndjson", line("k-1", 1) + "\n" + line("k-2", 2) + "\n");

            await().atMost(Duration.ofSeconds(10)).until(() -> bridge.sandbox().createRequests() >= 1);
            bridge.drop("second.json", patientOrder("k-3"));
            // while the key is refused: both files wait in the inbox, untouched, and nothing is dead-lettered
            await().during(Duration.ofMillis(700)).atMost(Duration.ofSeconds(5)).until(() ->
                    Files.exists(bridge.folders().inbox().resolve("first.ndjson"))
                            && Files.exists(bridge.folders().inbox().resolve("second.json"))
                            && isEmpty(bridge.folders().rejected()) && isEmpty(bridge.folders().undelivered()));
            assertThat(bridge.sandbox().createRequests()).as("the first file's orders at most, not one call per order")
                    .isBetween(1, 2);
            assertThat(log.text()).contains("THE IMPILO API REFUSED THE API KEY (HTTP 401)");

            bridge.sandbox().restoreKey();

            assertThat(bridge.awaitReceipt("first.ndjson").get("orders"))
                    .extracting(o -> o.get("outcome").asText()).containsExactly("created", "created");
            assertThat(bridge.awaitReceipt("second.json").at("/orders/0/outcome").asText()).isEqualTo("created");
            assertThat(bridge.sandbox().orders()).extracting(o -> o.at("/externalOrderIds/0").asText())
                    .containsExactlyInAnyOrder("k-1", "k-2", "k-3");
            assertThat(log.text()).contains("accepts the API key again").doesNotContain(bridge.apiKey());
        }
    }

    @Test
    void never_logs_the_api_key_whatever_happens() throws Exception {
        try (BridgeHarness bridge = BridgeHarness.start(data)) {
            bridge.sandbox().faults().failNext(4, 503);
            bridge.drop("a.json", patientOrder("log-1"));
            bridge.drop("b.ndjson", line("log-2", 666) + "\n{bad\n" + line("log-3", 1) + "\n");
            bridge.awaitReceipt("a.json");
            bridge.awaitReceipt("b.ndjson");

            assertThat(log.events()).as("the run was logged").hasSizeGreaterThan(10);
            assertThat(log.text()).contains("order created").doesNotContain(bridge.apiKey())
                    .contains("impilo-order-bridge ready: API " + bridge.sandbox().baseUrl() + ", data folder ");
        }
    }

    private static boolean isEmpty(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            return files.findAny().isEmpty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }


}
