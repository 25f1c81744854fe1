package com.impilo.bridge.routes;

import static com.impilo.bridge.support.Orders.line;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.impilo.bridge.support.BridgeHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A file a writer keeps appending to after pickup loses no line: every line is created once. */
class GrowingFileTest {

    private static final int LINES = 11;

    @TempDir
    Path data;

    @Test
    void a_file_appended_to_for_15_s_after_pickup_has_every_line_created_once() throws Exception {
        // files settle for 1 s before pickup; the writer appends every 1.6 s, so pickup comes between two lines
        try (BridgeHarness bridge = BridgeHarness.start(data, Map.of("bridge.pickup.min-age", "1000",
                "bridge.pickup.check-interval", "100", "bridge.pickup.poll-delay", "200"));
             FileChannel file = FileChannel.open(bridge.folders().inbox().resolve("growing.ndjson"),
                     StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
             AutoCloseableExecutor writer = new AutoCloseableExecutor()) {
            AtomicInteger written = new AtomicInteger();
            writer.executor.scheduleAtFixedRate(() -> {
                int n = written.incrementAndGet();
                if (n <= LINES) {
                    write(file, line("grow-" + n, 1) + "\n");
                }
            }, 0, 1600, TimeUnit.MILLISECONDS);

            await().atMost(Duration.ofSeconds(60)).until(() -> written.get() > LINES
                    && bridge.sandbox().orders().size() >= LINES);

            List<String> created = new ArrayList<>();
            bridge.sandbox().orders().forEach(order -> created.add(order.at("/externalOrderIds/0").asText()));
            assertThat(created).containsExactlyInAnyOrderElementsOf(expected());
            assertThat(created.stream().collect(Collectors.groupingBy(id -> id, Collectors.counting())))
                    .allSatisfy((id, copies) -> assertThat(copies).as(id).isEqualTo(1L));
            JsonNode last = BridgeHarness.readJson(lastReceipt(bridge));
            assertThat(last.path("orders")).hasSize(LINES);
        }
    }

    private static List<String> expected() {
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= LINES; i++) {
            ids.add("grow-" + i);
        }
        return ids;
    }

    // The receipt of the last read, which saw the whole file: growing.ndjson-N when it was read N times.
    private Path lastReceipt(BridgeHarness bridge) throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(() -> receipts(bridge).stream().anyMatch(receipt ->
                BridgeHarness.readJson(receipt).path("orders").size() == LINES));
        return receipts(bridge).stream().filter(receipt -> BridgeHarness.readJson(receipt).path("orders").size() == LINES)
                .findFirst().orElseThrow();
    }

    private static List<Path> receipts(BridgeHarness bridge) throws Exception {
        try (var files = java.nio.file.Files.list(bridge.folders().done())) {
            return files.filter(file -> file.getFileName().toString().startsWith("growing")
                    && file.getFileName().toString().endsWith(".receipt.json")).toList();
        }
    }

    private static void write(FileChannel file, String text) {
        try {
            file.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A scheduled writer thread that stops with the test. */
    private static final class AutoCloseableExecutor implements AutoCloseable {
        private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();

        @Override
        public void close() {
            executor.shutdownNow();
        }
    }
}
