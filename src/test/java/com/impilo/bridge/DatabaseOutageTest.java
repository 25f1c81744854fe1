package com.impilo.bridge;

import static com.impilo.bridge.support.ExactlyOnce.assertEachCreatedOnce;
import static com.impilo.bridge.support.Orders.line;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import com.impilo.bridge.sandbox.ImpiloSandbox;
import com.impilo.bridge.support.BridgeHarness;
import com.impilo.bridge.support.PostgresServer;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shared store goes away in the middle of a file and comes back: the file in progress stops and waits at its
 * source, a file that arrives meanwhile is not taken, pickup resumes by itself, and every order of both files is
 * created exactly once: nothing is dead-lettered for an outage that was not the orders' fault, nothing is lost.
 */
class DatabaseOutageTest {

    @TempDir
    Path data;

    private PostgresServer postgres;
    private ImpiloSandbox sandbox;
    private BridgeRuntime bridge;

    @BeforeEach
    void start() {
        postgres = PostgresServer.startPrivate();
        sandbox = ImpiloSandbox.start(0, "outage-key-" + UUID.randomUUID());
    }

    @AfterEach
    void stop() {
        if (bridge != null) {
            bridge.stop();
        }
        sandbox.close();
        postgres.close();
    }

    @Test
    void a_file_in_progress_when_the_store_goes_away_waits_at_its_source_and_each_order_is_created_once()
            throws Exception {
        Map<String, String> settings = BridgeHarness.testSettings(data, sandbox.baseUrl(), sandbox.apiKey());
        settings.putAll(Map.of("bridge.store.url", postgres.newDatabase(), "bridge.store.user", postgres.user(),
                "bridge.store.password", postgres.password(), "bridge.instance.lease", "3000",
                "bridge.pause.check-interval", "500"));
        bridge = BridgeHarness.awaitPickup(BridgeHarness.runtime(data, settings).start());
        sandbox.faults().latency(Duration.ofMillis(40));
        List<String> ids = new ArrayList<>();
        StringBuilder lines = new StringBuilder();
        for (int o = 0; o < 60; o++) {
            ids.add("outage-" + o);
            lines.append(line("outage-" + o, 311)).append('\n');
        }
        drop("during.ndjson", lines.toString());
        await().atMost(Duration.ofSeconds(20)).until(() -> sandbox.orders().size() >= 10);

        postgres.stopServer();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(storeReadiness())
                .as("readiness says why pickup waits").contains("the state store cannot be reached"));
        // the file stopped where it was: it waits at its source, with no receipt and no dead letter
        await().atMost(Duration.ofSeconds(60)).until(() -> bridge.camelContext().getInflightRepository().size() == 0);
        int createdDuringOutage = sandbox.orders().size();
        assertThat(createdDuringOutage).as("the rest of the file waits").isLessThan(ids.size());
        assertThat(names(data.resolve("inbox"))).contains("during.ndjson");
        drop("after.ndjson", line("after-1", 311) + "\n");
        assertThat(names(data.resolve("done"))).isEmpty();
        assertThat(names(data.resolve("undelivered"))).as("nothing dead-lettered for the outage").isEmpty();
        assertThat(names(data.resolve("rejected"))).isEmpty();

        postgres.startServer();
        await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(data.resolve("done/during.ndjson.receipt.json"))
                && Files.exists(data.resolve("done/after.ndjson.receipt.json")));
        ids.add("after-1");
        assertEachCreatedOnce(sandbox, ids);
        assertThat(names(data.resolve("undelivered"))).isEmpty();
        assertThat(names(data.resolve("inbox"))).isEmpty();
        assertThat(storeReadiness()).isEmpty();
    }

    // What the state store's readiness check says while it is down; empty while it is up.
    private String storeReadiness() {
        return HealthCheckHelper.invokeReadiness(bridge.camelContext()).stream()
                .filter(result -> result.getCheck().getId().equals("bridge-state-store"))
                .filter(result -> result.getState() == HealthCheck.State.DOWN)
                .map(result -> result.getMessage().orElse("DOWN")).findFirst().orElse("");
    }

    private void drop(String name, String content) throws IOException {
        Path inbox = Files.createDirectories(data.resolve("inbox"));
        Files.writeString(inbox.resolve("." + name + ".tmp"), content);
        Files.move(inbox.resolve("." + name + ".tmp"), inbox.resolve(name));
    }

    private static List<String> names(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(Files::isRegularFile).map(file -> file.getFileName().toString()).toList();
        }
    }
}
