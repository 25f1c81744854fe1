package com.impilo.bridge;

import static com.impilo.bridge.support.ExactlyOnce.assertEachCreatedOnce;
import static com.impilo.bridge.support.Orders.line;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import com.impilo.bridge.cli.ReplayCommand;
import com.impilo.bridge.sandbox.ImpiloSandbox;
import com.impilo.bridge.support.BridgeHarness;
import com.impilo.bridge.support.PostgresServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The shared store goes away in the middle of a file and comes back: nothing is lost, no order is created twice, the
 * orders that could not be recorded wait in undelivered/ with the reason, a replay creates them once, and files that
 * arrive afterwards are taken as usual.
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
    @Disabled("issue 17, not yet met: with the store away, each order of the file in progress waits the pool's 30 s"
            + " for a connection, its dead letter cannot be recorded either (Camel's fatal fallback handler), and the"
            + " file does not finish within a minute; pickup should pause while the store is away, as it does for a"
            + " full disk, and orders should fail fast")
    void orders_in_progress_when_the_store_goes_away_are_dead_lettered_not_lost_and_replayed_once() throws Exception {
        Map<String, String> settings = BridgeHarness.testSettings(data, sandbox.baseUrl(), sandbox.apiKey());
        settings.putAll(Map.of("bridge.store.url", postgres.newDatabase(), "bridge.store.user", postgres.user(),
                "bridge.store.password", postgres.password(), "bridge.instance.lease", "3000"));
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
        await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(data.resolve("done/during.ndjson.receipt.json")));
        postgres.startServer();

        drop("after.ndjson", line("after-1", 311) + "\n");
        await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(data.resolve("done/after.ndjson.receipt.json")));
        List<String> undelivered = names(data.resolve("undelivered"));
        assertThat(undelivered).as("orders that could not be recorded").isNotEmpty();
        assertThat(Files.readString(data.resolve("undelivered").resolve(undelivered.stream()
                .filter(name -> name.endsWith(".error.json")).findFirst().orElseThrow()))).contains("ledger");

        StringWriter out = new StringWriter();
        assertThat(new CommandLine(new ReplayCommand()).setOut(new PrintWriter(out))
                .execute("--undelivered", "--data-dir", data.toString())).as(out.toString()).isZero();
        await().atMost(Duration.ofSeconds(60)).until(() -> names(data.resolve("undelivered")).isEmpty()
                && names(data.resolve("inbox")).isEmpty() && sandbox.orders().size() >= ids.size() + 1);
        ids.add("after-1");
        assertEachCreatedOnce(sandbox, ids);
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
