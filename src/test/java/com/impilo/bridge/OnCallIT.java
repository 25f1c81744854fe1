package com.impilo.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.impilo.bridge.support.BridgeHarness;
import com.impilo.bridge.support.BridgeProcess;
import com.impilo.bridge.support.BridgeProcess.Result;
import com.impilo.bridge.support.Orders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commands of the person on call follow the run: the same data folder, the reasons, the way back. */
class OnCallIT {

    private static final long TIMEOUT_SECONDS = 60;
    private static final Path SAMPLES = Path.of("samples").toAbsolutePath();
    private static final List<String> FAST = List.of("-Dbridge.pickup.min-age=100", "-Dbridge.pickup.initial-delay=0",
            "-Dbridge.pickup.poll-delay=100");
    private static final String REJECTED = "rejected-example.index0.json";

    @TempDir
    Path work;

    @Test
    void trace_and_replay_follow_a_sandbox_run_and_say_when_there_is_no_data_folder() throws Exception {
        dropSamples();
        assertThat(jar("--sandbox", "--once").exitCode()).isEqualTo(3);
        Path sandboxData = work.resolve("sandbox-data").toRealPath();

        Result wrongFolder = jar("trace", "sample-bad-0001");
        Result wrongReplay = jar("replay");

        assertThat(wrongFolder.exitCode()).isEqualTo(2);
        assertThat(wrongFolder.lines()).containsExactly("impilo-order-bridge trace: configuration error: there is no"
                + " data folder " + work.toRealPath().resolve("data") + " (a --sandbox run keeps its data in"
                + " ./sandbox-data: add --sandbox)");
        assertThat(wrongReplay.exitCode()).isEqualTo(2);
        assertThat(work.resolve("data")).as("nothing created").doesNotExist();

        String replay = BridgeHarness.readJson(sandboxData.resolve("rejected/" + REJECTED + ".error.json"))
                .path("replay").asText();
        assertThat(replay).endsWith("java -jar impilo-order-bridge.jar replay --data-dir " + sandboxData + " "
                + REJECTED);

        Result trace = jar("trace", "--sandbox", "sample-bad-0001");
        assertThat(trace.exitCode()).as(trace.describe()).isZero();
        assertThat(trace.lines()).as(trace.describe())
                .anyMatch(line -> line.contains(" rejected ") && line.contains(":inbox:sample-bad-0001"))
                .contains("    orderItems[0].count: must be at least 1, got 0")
                .anyMatch(line -> line.startsWith("    site: not allowed together with patient"))
                .contains("    dead letter: sandbox-data/rejected/" + REJECTED + "  (why: sandbox-data/rejected/"
                        + REJECTED + ".error.json)");

        Result replayed = jar("replay", "--sandbox", REJECTED);
        Result traced = jar("trace", "--sandbox", "sample-bad-0001");

        assertThat(replayed.exitCode()).as(replayed.describe()).isZero();
        assertThat(replayed.output()).contains("1 dead letter(s) moved back into");
        assertThat(traced.lines()).as(traced.describe())
                .contains("    orderItems[0].count: must be at least 1, got 0")
                .anyMatch(line -> line.contains(" replayed ") && line.contains("replayed from rejected/" + REJECTED)
                        && line.endsWith("-> inbox/" + REJECTED))
                .anyMatch(line -> line.startsWith("    dead letter sandbox-data/rejected/" + REJECTED
                        + " was replayed; its error file is kept as sandbox-data/rejected/.replayed/"));
    }

    @Test
    void sandbox_order_ids_go_on_across_runs_on_the_same_data_folder() throws Exception {
        dropSamples();
        assertThat(jar("--sandbox", "--once").exitCode()).isEqualTo(3);
        String first = Files.readString(work.resolve("sandbox-data/outbox/inbox/1001.json"));
        Files.writeString(work.resolve("sandbox-data/inbox/later.json"), Orders.patientOrder("later-1"));

        Result second = jar("--sandbox", "--once");

        assertThat(second.exitCode()).as(second.describe()).isZero();
        assertThat(BridgeHarness.readJson(work.resolve("sandbox-data/done/later.json.receipt.json"))
                .at("/orders/0/impiloOrderId").asLong()).isEqualTo(1010);
        assertThat(work.resolve("sandbox-data/outbox/inbox/1001.json")).as("another order's id never reused")
                .content().isEqualTo(first);
    }

    @Test
    void status_asks_a_running_sandbox_with_the_url_and_key_its_banner_prints() throws Exception {
        dropSamples();
        BridgeProcess sandbox = BridgeProcess.start(work, args("--sandbox"), Map.of());
        try {
            await().atMost(Duration.ofSeconds(TIMEOUT_SECONDS))
                    .until(() -> Files.exists(work.resolve("sandbox-data/done/patient-order.json.receipt.json")));
            Matcher banner = Pattern.compile("status ORDER (-Dimpilo.api.url=\\S+) (-Dimpilo.api.key=\\S+)")
                    .matcher(sandbox.output());
            assertThat(banner.find()).as(sandbox.output()).isTrue();

            Result status = jar("status", "sample-patient-0001", banner.group(1), banner.group(2));

            assertThat(status.exitCode()).as(status.describe()).isZero();
            assertThat(status.output()).startsWith("Impilo order 10").contains("sample-patient-0001");
        } finally {
            assertThat(sandbox.terminate(TIMEOUT_SECONDS)).as(sandbox.output()).isZero();
        }
        assertThat(sandbox.output()).contains("impilo-order-bridge: 5 file(s) processed");
    }

    // the samples, and the X12 sample's crosswalk where the sandbox finds it when run from the project folder
    private void dropSamples() throws IOException {
        Files.createDirectories(work.resolve("config/examples"));
        Files.copy(Path.of("config/examples/sandbox-crosswalk.csv"), work.resolve("config/examples/sandbox-crosswalk.csv"));
        Path inbox = Files.createDirectories(work.resolve("sandbox-data/inbox"));
        try (Stream<Path> samples = Files.list(SAMPLES)) {
            for (Path sample : samples.toList()) {
                Files.copy(sample, inbox.resolve(sample.getFileName()));
            }
        }
    }

    private static List<String> args(String... args) {
        return Stream.concat(Stream.of(args), FAST.stream()).toList();
    }

    private Result jar(String... args) throws InterruptedException {
        boolean runs = args.length == 0 || args[0].startsWith("--");
        return BridgeProcess.run(work, Map.of(), TIMEOUT_SECONDS, runs ? args(args) : List.of(args));
    }
}
