package com.impilo.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.impilo.bridge.sandbox.ImpiloSandbox;
import com.impilo.bridge.support.BridgeHarness;
import com.impilo.bridge.support.BridgeProcess;
import com.impilo.bridge.support.Orders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real jar, killed (SIGKILL) or stopped (SIGTERM) in the middle of a batch and started again: in the end Impilo
 * holds every order exactly once, and every receipt agrees with it.
 */
class BridgeCrashIT {

    private static final int ORDERS_PER_FILE = 100;

    @TempDir
    Path work;

    @Test
    void creates_every_order_exactly_once_although_the_bridge_is_killed_again_and_again() throws Exception {
        Path data = work.resolve("data");
        List<String> expected = writeBatch(data.resolve("inbox"), "kill", 20);
        Random random = new Random(UUID.randomUUID().getMostSignificantBits());

        try (ImpiloSandbox impilo = ImpiloSandbox.start(0, "crash-key-" + UUID.randomUUID())) {
            int total = expected.size();
            // kill at random points of progress, each later than the one before
            for (int kill = 1; kill <= 5; kill++) {
                int threshold = Math.min(total - 1, impilo.orders().size() + 1 + random.nextInt(total / 6));
                BridgeProcess bridge = BridgeProcess.start(work, args(data, impilo, false));
                await().atMost(Duration.ofSeconds(60)).until(() -> impilo.orders().size() >= threshold);
                bridge.kill();
            }

            BridgeProcess last = BridgeProcess.start(work, args(data, impilo, true));
            assertThat(last.awaitExit(120)).as(last.output()).isZero();

            assertExactlyOnce(impilo, expected);
            assertReceiptsAgree(data, impilo, expected);
        }
    }

    @Test
    void a_sigterm_in_the_middle_of_a_batch_stops_cleanly_and_a_restart_finishes_exactly_once() throws Exception {
        Path data = work.resolve("data");
        List<String> expected = writeBatch(data.resolve("inbox"), "term", 8);

        try (ImpiloSandbox impilo = ImpiloSandbox.start(0, "term-key-" + UUID.randomUUID())) {
            // a little latency, so that the batch is still running when the signal comes
            impilo.faults().latency(Duration.ofMillis(20));
            BridgeProcess bridge = BridgeProcess.start(work, args(data, impilo, false));
            await().atMost(Duration.ofSeconds(60)).until(() -> impilo.orders().size() >= expected.size() / 3);
            int exit = bridge.terminate(60);

            assertThat(exit).as("a clean stop: " + bridge.output()).isZero();
            assertThat(bridge.output()).as("the run's summary").containsPattern("impilo-order-bridge: \\d+ file\\(s\\) processed");
            assertThat(impilo.orders().size()).as("stopped before the batch was done").isLessThan(expected.size());
            impilo.faults().reset();

            BridgeProcess restart = BridgeProcess.start(work, args(data, impilo, true));
            assertThat(restart.awaitExit(120)).as(restart.output()).isZero();

            assertExactlyOnce(impilo, expected);
            assertReceiptsAgree(data, impilo, expected);
        }
    }

    private static void assertExactlyOnce(ImpiloSandbox impilo, List<String> expected) {
        Map<String, Long> copies = impilo.orders().stream()
                .collect(Collectors.groupingBy(order -> order.at("/externalOrderIds/0").asText(), Collectors.counting()));
        assertThat(copies.keySet()).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(copies).allSatisfy((externalId, count) -> assertThat(count).as(externalId).isEqualTo(1L));
    }

    /** Each order is in a receipt as created or as a duplicate, naming the one Impilo order that carries its id. */
    private static void assertReceiptsAgree(Path data, ImpiloSandbox impilo, List<String> expected) throws IOException {
        Map<String, Long> impiloIds = new HashMap<>();
        impilo.orders().forEach(order -> impiloIds.put(order.at("/externalOrderIds/0").asText(), order.get("id").asLong()));
        Map<String, Long> receipted = new HashMap<>();
        try (Stream<Path> receipts = Files.list(data.resolve("done"))) {
            for (Path receipt : receipts.filter(file -> file.toString().endsWith(".receipt.json")).toList()) {
                for (JsonNode order : BridgeHarness.readJson(receipt).get("orders")) {
                    assertThat(order.get("outcome").asText()).as(receipt + ": " + order).isIn("created", "duplicate");
                    receipted.put(order.at("/externalOrderIds/0").asText(), order.get("impiloOrderId").asLong());
                }
            }
        }
        assertThat(receipted).containsExactlyInAnyOrderEntriesOf(impiloIds);
        assertThat(receipted).hasSize(expected.size());
        assertThat(data.resolve("inbox")).isEmptyDirectory();
        assertThat(data.resolve("rejected")).isEmptyDirectory();
        assertThat(data.resolve("undelivered")).isEmptyDirectory();
    }

    private static List<String> writeBatch(Path inbox, String prefix, int files) throws IOException {
        Files.createDirectories(inbox);
        List<String> ids = new ArrayList<>();
        for (int file = 0; file < files; file++) {
            StringBuilder lines = new StringBuilder();
            for (int line = 0; line < ORDERS_PER_FILE; line++) {
                String id = String.format("%s-%02d-%03d", prefix, file, line);
                ids.add(id);
                lines.append(Orders.line(id, 1 + line % 400)).append('\n');
            }
            Files.writeString(inbox.resolve(String.format("batch-%02d.ndjson", file)), lines);
        }
        return ids;
    }

    private static List<String> args(Path data, ImpiloSandbox impilo, boolean once) {
        List<String> args = new ArrayList<>(List.of("--data-dir", data.toString(),
                "-Dimpilo.api.url=" + impilo.baseUrl(), "-Dimpilo.api.key=" + impilo.apiKey(),
                "-Dbridge.pickup.min-age=0", "-Dbridge.pickup.initial-delay=0", "-Dbridge.pickup.poll-delay=100",
                "-Dbridge.retry.initial-delay=50", "-Dbridge.retry.max-delay=200"));
        if (once) {
            args.add("--once");
        }
        return args;
    }
}
