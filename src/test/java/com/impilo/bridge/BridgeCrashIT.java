package com.impilo.bridge;

import static com.impilo.bridge.support.ExactlyOnce.assertEachCreatedOnce;
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
import java.util.stream.IntStream;
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

            assertEachCreatedOnce(impilo, expected);
            assertReceiptsAgree(data, impilo, expected);
        }
    }

    @Test
    void creates_every_x12_purchase_order_exactly_once_and_answers_every_interchange_although_killed()
            throws Exception {
        Path data = work.resolve("data");
        Path crosswalk = Files.writeString(work.resolve("crosswalk.csv"), "type,code,impilo_id\nsite,WARD-1,77\n");
        List<String> expected = writeX12Batch(data.resolve("inbox"), 10);
        List<String> x12 = List.of("-Dbridge.sources.inbox.formats=x12", "-Dbridge.sources.inbox.crosswalk=" + crosswalk);
        Random random = new Random(UUID.randomUUID().getMostSignificantBits());

        try (ImpiloSandbox impilo = ImpiloSandbox.start(0, "x12-crash-key-" + UUID.randomUUID())) {
            int total = expected.size();
            for (int kill = 1; kill <= 3; kill++) {
                int threshold = Math.min(total - 1, impilo.orders().size() + 1 + random.nextInt(total / 4));
                BridgeProcess bridge = BridgeProcess.start(work, concat(args(data, impilo, false), x12));
                await().atMost(Duration.ofSeconds(60)).until(() -> impilo.orders().size() >= threshold);
                bridge.kill();
            }

            BridgeProcess last = BridgeProcess.start(work, concat(args(data, impilo, true), x12));
            assertThat(last.awaitExit(120)).as(last.output()).isZero();

            assertEachCreatedOnce(impilo, expected);
            assertReceiptsAgree(data, impilo, expected);
            // every interchange answered, none refused as its own duplicate when read again after a kill
            List<String> acknowledged = new ArrayList<>();
            try (Stream<Path> replies = Files.list(data.resolve("outbox/inbox"))) {
                for (Path reply : replies.filter(file -> file.getFileName().toString().startsWith("997-")).toList()) {
                    Stream.of(Files.readString(reply).split("~\\R?")).filter(segment -> segment.startsWith("AK1*"))
                            .forEach(acknowledged::add);
                }
            }
            assertThat(acknowledged).containsAll(IntStream.range(0, 10).mapToObj(file -> "AK1*PO*" + (500 + file))
                    .toList());
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

            assertEachCreatedOnce(impilo, expected);
            assertReceiptsAgree(data, impilo, expected);
        }
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

    // interchanges of 100 purchase orders each, the same shape as a partner's: ISA, GS, the sets, GE, IEA
    private static List<String> writeX12Batch(Path inbox, int files) throws IOException {
        Files.createDirectories(inbox);
        List<String> ids = new ArrayList<>();
        for (int file = 0; file < files; file++) {
            int control = 500 + file;
            StringBuilder x12 = new StringBuilder(String.format("ISA*00*          *00*          *ZZ*CRASHPARTNER   "
                    + "*ZZ*IMPILOBRIDGE   *261205*0300*U*00401*%09d*0*T*:~%n", control));
            x12.append("GS*PO*CRASHPARTNER*IMPILOBRIDGE*20261205*0300*").append(control).append("*X*004010~\n");
            for (int set = 1; set <= ORDERS_PER_FILE; set++) {
                String id = String.format("x12-%02d-%03d", file, set);
                ids.add(id);
                String st = String.format("%04d", set);
                x12.append("ST*850*").append(st).append("~\nBEG*00*SA*").append(id).append("**20261205~\n")
                        .append("N1*ST**92*WARD-1~\nPO1*1*").append(1 + set % 5).append("*EA***VN*")
                        .append(1 + set % 400).append("~\nCTT*1~\nSE*6*").append(st).append("~\n");
            }
            x12.append("GE*").append(ORDERS_PER_FILE).append('*').append(control).append("~\n")
                    .append(String.format("IEA*1*%09d~%n", control));
            Files.writeString(inbox.resolve(String.format("po-%02d.x12", file)), x12);
        }
        return ids;
    }

    private static List<String> concat(List<String> first, List<String> second) {
        return Stream.concat(first.stream(), second.stream()).toList();
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
