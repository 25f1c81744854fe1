package com.impilo.bridge.routes;

import static com.impilo.bridge.support.Orders.patientOrder;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;

import com.impilo.bridge.BridgeRuntime;
import com.impilo.bridge.sandbox.ImpiloSandbox;
import com.impilo.bridge.support.BridgeHarness;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Running continuously, pickup waits while the Impilo API cannot be reached, and starts by itself once it can. */
class PickupGateTest {

    @TempDir
    Path data;

    @Test
    void files_wait_untouched_and_readiness_is_down_until_the_api_answers_then_pickup_starts() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Map<String, String> settings = BridgeHarness.testSettings(data, "http://127.0.0.1:" + port, "gate-key");
        settings.put("bridge.pause.check-interval", "200");
        Path order = Files.writeString(Files.createDirectories(data.resolve("inbox")).resolve("waits.json"),
                patientOrder("gate-1"));
        BridgeRuntime runtime = BridgeHarness.runtime(data, settings).start();
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> gateProblem(runtime).contains("cannot be reached"));
            assertThat(runtime.bridge().pickupOpen()).isFalse();
            assertThat(order).as("left at its source, untouched").exists();
            assertThat(data.resolve("undelivered")).isEmptyDirectory();

            try (ImpiloSandbox impilo = ImpiloSandbox.start(port, "gate-key")) {
                await().atMost(Duration.ofSeconds(20))
                        .until(() -> Files.exists(data.resolve("done/waits.json.receipt.json")));

                assertThat(impilo.orders()).hasSize(1);
                assertThat(gateProblem(runtime)).isEmpty();
            }
        } finally {
            runtime.stop();
        }
    }

    // The message of the readiness check of the gate, or "" while it is UP.
    private static String gateProblem(BridgeRuntime runtime) {
        Collection<HealthCheck.Result> results = HealthCheckHelper.invokeReadiness(runtime.camelContext());
        return results.stream().filter(result -> result.getCheck().getId().equals("bridge-pickup-gate"))
                .filter(result -> result.getState() == HealthCheck.State.DOWN)
                .map(result -> result.getMessage().orElse("DOWN")).findFirst().orElse("");
    }
}
