package com.impilo.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import com.impilo.bridge.sandbox.ImpiloSandbox;
import com.impilo.bridge.support.BridgeProcess;
import com.impilo.bridge.support.BridgeProcess.Result;
import com.impilo.bridge.support.Orders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the operator reads on the console: a line per file, progress for long files, and a prompt, clean stop. */
class ConsoleIT {

    private static final long TIMEOUT_SECONDS = 90;

    @TempDir
    Path work;

    @Test
    void a_long_file_shows_progress_lines_instead_of_a_line_per_order() throws Exception {
        try (ImpiloSandbox impilo = ImpiloSandbox.start(0, "console-key")) {
            impilo.faults().latency(Duration.ofMillis(5));
            writeOrders("big.ndjson", 3000);

            Result run = jar(impilo, "--once", "-Dbridge.log.progress-interval=1000");

            assertThat(run.exitCode()).as(run.describe()).isZero();
            assertThat(run.lines()).as(run.describe()).hasSizeLessThan(30)
                    .noneMatch(line -> line.contains("order created"))
                    .noneMatch(line -> line.contains("Apache Camel"))
                    .anyMatch(line -> line.contains("file in progress: source=inbox file=big.ndjson read="))
                    .anyMatch(line -> line.contains("file done: source=inbox file=big.ndjson created=3000"))
                    .anyMatch(line -> line.startsWith("impilo-order-bridge: 1 file(s) processed"));
        }
    }

    @Test
    void lines_per_order_and_camels_own_lines_come_on_request() throws Exception {
        try (ImpiloSandbox impilo = ImpiloSandbox.start(0, "console-key")) {
            writeOrders("small.ndjson", 20);

            Result run = jar(impilo, "--once", "-Dbridge.log.orders=true", "-Dbridge.log.camel=true");

            assertThat(run.exitCode()).as(run.describe()).isZero();
            assertThat(run.lines()).filteredOn(line -> line.contains("order created: impiloOrderId=")).hasSize(20);
            assertThat(run.output()).contains("Apache Camel 4.18.0 (impilo-order-bridge) started");
        }
    }

    // Found 2026-12-06 by a fresh-user review: Camel logged a WARN line per retried attempt, with no file or key,
    // outside the cap of ten warnings a file (an outage on a 100,000-order file: some 600,000 lines).
    @Test
    void an_outage_shows_a_few_retry_warnings_a_file_not_a_line_per_attempt() throws Exception {
        try (ImpiloSandbox impilo = ImpiloSandbox.start(0, "console-key")) {
            impilo.faults().failNextCreations(90, 503);
            writeOrders("outage.ndjson", 30);

            Result run = jar(impilo, "--once", "-Dbridge.retry.max-redeliveries=2",
                    "-Dbridge.retry.initial-delay=10", "-Dbridge.retry.max-delay=20");

            assertThat(run.exitCode()).as(run.describe()).isEqualTo(3);
            assertThat(run.lines()).as(run.describe())
                    .noneMatch(line -> line.contains("Failed delivery"))
                    .anyMatch(line -> line.contains("file done: source=inbox file=outage.ndjson created=0")
                            && line.contains("undelivered=30"));
            List<String> retried = run.lines().stream().filter(line -> line.contains("order retried: HTTP 503 key="))
                    .toList();
            assertThat(retried).as(run.describe()).hasSize(10)
                    .allMatch(line -> line.contains("WARN") && line.contains("source=inbox file=outage.ndjson line "));
            assertThat(run.lines()).as(run.describe()).hasSizeLessThan(40);
            // every retry is still on record, for bridge trace
            String audit;
            try (var days = Files.list(work.resolve("data/audit"))) {
                audit = days.map(day -> {
                    try {
                        return Files.readString(day);
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }).collect(Collectors.joining());
            }
            assertThat(audit.lines().filter(line -> line.contains("\"event\":\"retried\"")).count()).isEqualTo(60);
        }
    }

    @Test
    void sigterm_during_a_feed_poll_stops_between_pages_prints_the_summary_and_exits_0() throws Exception {
        try (ImpiloSandbox impilo = ImpiloSandbox.start(0, "console-key")) {
            for (int i = 1; i <= 40; i++) {
                impilo.createOrder(Orders.line("feed-" + i, 1));
            }
            impilo.faults().latency(Duration.ofMillis(300));
            List<String> args = new ArrayList<>(common(impilo));
            args.addAll(List.of("-Dbridge.feed.enabled=true", "-Dbridge.feed.interval=100",
                    "-Dbridge.feed.page-size=1", "-Dbridge.feed.scope=account"));
            BridgeProcess bridge = BridgeProcess.start(work, args, Map.of());
            // the start's check and the gate's, then pages of the feed's walk
            await().atMost(Duration.ofSeconds(30)).until(() -> impilo.requestHeaders().size() >= 5);

            int exit = bridge.terminate(15);

            String output = bridge.output();
            assertThat(exit).as(output).isZero();
            assertThat(output).contains("stopped between two pages: the bridge is shutting down")
                    .contains("impilo-order-bridge: 0 file(s) processed")
                    .doesNotContain("RejectedExecutionException").doesNotContain("Forcing");
        }
    }

    private void writeOrders(String name, int count) throws Exception {
        Path inbox = Files.createDirectories(work.resolve("data/inbox"));
        Files.writeString(inbox.resolve(name), IntStream.rangeClosed(1, count)
                .mapToObj(i -> Orders.line(name + "-" + i, 1)).collect(Collectors.joining("\n")) + "\n");
    }

    private Result jar(ImpiloSandbox impilo, String... args) throws InterruptedException {
        List<String> all = new ArrayList<>(common(impilo));
        all.addAll(List.of(args));
        return BridgeProcess.run(work, Map.of(), TIMEOUT_SECONDS, all);
    }

    private static List<String> common(ImpiloSandbox impilo) {
        return List.of("--data-dir", "data", "-Dimpilo.api.url=" + impilo.baseUrl(), "-Dimpilo.api.key=console-key",
                "-Dbridge.pickup.min-age=100", "-Dbridge.pickup.initial-delay=0", "-Dbridge.pickup.poll-delay=100");
    }
}
