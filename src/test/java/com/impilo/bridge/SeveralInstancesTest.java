package com.impilo.bridge;

import static com.impilo.bridge.support.Orders.line;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.impilo.bridge.sandbox.ImpiloSandbox;
import com.impilo.bridge.support.BridgeHarness;
import com.impilo.bridge.support.PostgresServer;
import org.apache.camel.ServiceStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two instances with their own data folders, one PostgreSQL store and one shared partner folder: every file is taken
 * by one of them, every order created once; a file claimed by an instance that died waits for the claim's lease, and
 * no marker file it left keeps it.
 */
class SeveralInstancesTest {

    @TempDir
    Path root;

    private final List<BridgeRuntime> instances = new ArrayList<>();
    private ImpiloSandbox sandbox;
    private Path shared;
    private Map<String, String> common;

    @BeforeEach
    void sandboxAndStore() throws IOException {
        String apiKey = "test-key-" + UUID.randomUUID();
        sandbox = ImpiloSandbox.start(0, apiKey);
        shared = Files.createDirectories(root.resolve("shared"));
        PostgresServer postgres = PostgresServer.get();
        common = new HashMap<>(Map.of(
                "bridge.store.url", postgres.newDatabase(),
                "bridge.store.user", postgres.user(),
                "bridge.store.password", postgres.password(),
                "bridge.instance.lease", "2000",
                "bridge.sources.clinic.type", "local",
                "bridge.sources.clinic.path", shared.toString(),
                "bridge.sources.clinic.formats", "ndjson"));
        common.put("impilo.api.key", apiKey);
        common.put("impilo.api.url", sandbox.baseUrl());
    }

    @AfterEach
    void stop() {
        instances.stream().filter(runtime -> !runtime.camelContext().isStopped()).forEach(BridgeRuntime::stop);
        sandbox.close();
    }

    @Test
    void two_instances_share_the_files_of_one_folder_and_create_every_order_once() throws Exception {
        Path a = start("a");
        Path b = start("b");

        int files = 40;
        int perFile = 10;
        for (int f = 0; f < files; f++) {
            StringBuilder lines = new StringBuilder();
            for (int o = 0; o < perFile; o++) {
                lines.append(line("shared-" + f + "-" + o, 311)).append('\n');
            }
            Files.writeString(shared.resolve("orders-" + f + ".ndjson"), lines);
        }

        await().atMost(Duration.ofSeconds(60)).until(() -> receipts(a).size() + receipts(b).size() == files);
        assertThat(sandbox.orders()).hasSize(files * perFile);
        assertThat(sandbox.orders()).extracting(order -> order.at("/externalOrderIds/0").asText())
                .doesNotHaveDuplicates();
        assertThat(receipts(a)).as("files a took").isNotEmpty().doesNotContainAnyElementsOf(receipts(b));
        assertThat(receipts(b)).as("files b took").isNotEmpty();
        for (Path instance : List.of(a, b)) {
            for (String receipt : receipts(instance)) {
                JsonNode outcome = BridgeHarness.readJson(instance.resolve("done").resolve(receipt));
                assertThat(outcome.at("/orders").findValuesAsText("outcome")).as(receipt).containsOnly("created");
            }
        }
        assertThat(shared).isEmptyDirectory();
        try (Connection c = dataSource(); PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM file_claims");
             var rs = ps.executeQuery()) {
            rs.next();
            assertThat(rs.getInt(1)).as("claims left once the files moved away").isZero();
        }
    }

    @Test
    void a_file_claimed_by_an_instance_that_died_is_taken_once_the_claim_runs_out() throws Exception {
        Path a = start("a");
        long leaseUntil = System.currentTimeMillis() + 3000;
        try (Connection c = dataSource(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO file_claims (source, file_key, instance, lease_until) VALUES ('clinic', ?, 'killed', ?)")) {
            ps.setString(1, "orphan.ndjson");
            ps.setLong(2, leaseUntil);
            ps.executeUpdate();
        }
        Files.writeString(shared.resolve("orphan.ndjson"), line("orphaned-1", 311) + "\n");
        // the marker file a killed instance on SQLite would have left: with a shared store, the claim is the lock
        Files.writeString(shared.resolve("orphan.ndjson.camelLock"), "");
        Files.writeString(shared.resolve("free.ndjson"), line("free-1", 311) + "\n");

        await().atMost(Duration.ofSeconds(20)).until(() -> receipts(a).contains("free.ndjson.receipt.json"));
        assertThat(shared.resolve("orphan.ndjson")).as("still claimed by the dead instance").exists();

        await().atMost(Duration.ofSeconds(20)).until(() -> receipts(a).contains("orphan.ndjson.receipt.json"));
        assertThat(System.currentTimeMillis()).isGreaterThan(leaseUntil);
        assertThat(sandbox.orders()).extracting(order -> order.at("/externalOrderIds/0").asText())
                .containsExactlyInAnyOrder("free-1", "orphaned-1");
        assertThat(receipts(a)).hasSize(2);
    }

    @Test
    void the_feed_polls_on_one_leader_emits_each_change_once_and_moves_when_its_leader_stops() throws Exception {
        common.put("bridge.feed.enabled", "true");
        common.put("bridge.feed.interval", "200");
        Path a = start("a");
        Path b = start("b");
        await().atMost(Duration.ofSeconds(20)).until(() -> leaders().size() == 1);
        int leader = leaders().get(0);
        Path follower = leader == 0 ? b : a;

        StringBuilder lines = new StringBuilder();
        for (int o = 0; o < 10; o++) {
            lines.append(line("fed-" + o, 311)).append('\n');
        }
        Files.writeString(shared.resolve("fed.ndjson"), lines);
        await().atMost(Duration.ofSeconds(30)).until(() -> statusChanges(a, b) == 10);
        sandbox.lifecycle().shipOldest(3);
        await().atMost(Duration.ofSeconds(30)).until(() -> statusChanges(a, b) == 13);
        assertThat(leaders()).containsExactly(leader);

        instances.get(leader).stop();
        await().atMost(Duration.ofSeconds(20)).until(() -> leaders().equals(List.of(1 - leader)));
        long before = statusChanges(follower);
        sandbox.lifecycle().shipOldest(2);

        await().atMost(Duration.ofSeconds(30)).until(() -> statusChanges(a, b) == 15);
        assertThat(statusChanges(follower)).as("emitted by the new leader").isEqualTo(before + 2);
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> statusChanges(a, b) == 15);
    }

    private Path start(String name) throws Exception {
        Path data = root.resolve(name);
        Map<String, String> settings = BridgeHarness.testSettings(data, sandbox.baseUrl(), common.get("impilo.api.key"));
        settings.putAll(common);
        settings.put("bridge.instance.name", name);
        BridgeRuntime runtime = BridgeHarness.runtime(data, settings).start();
        instances.add(runtime);
        BridgeHarness.awaitPickup(runtime);
        return data;
    }

    // the instances (by their index) whose feed schedule runs
    private List<Integer> leaders() {
        List<Integer> leaders = new ArrayList<>();
        for (int i = 0; i < instances.size(); i++) {
            BridgeRuntime instance = instances.get(i);
            if (instance.camelContext().isStarted() && instance.camelContext().getRouteController()
                    .getRouteStatus("feed-schedule") == ServiceStatus.Started) {
                leaders.add(i);
            }
        }
        return leaders;
    }

    // the changes of orders the feed emitted, in the audit trails of these instances
    private static long statusChanges(Path... dataDirs) throws IOException {
        long changes = 0;
        for (Path data : dataDirs) {
            Path audit = data.resolve("audit");
            if (!Files.isDirectory(audit)) {
                continue;
            }
            try (Stream<Path> days = Files.list(audit)) {
                for (Path day : days.toList()) {
                    changes += Files.readAllLines(day).stream().filter(l -> l.contains("\"event\":\"status-changed\""))
                            .count();
                }
            }
        }
        return changes;
    }

    private Connection dataSource() throws Exception {
        return java.sql.DriverManager.getConnection(common.get("bridge.store.url"), common.get("bridge.store.user"),
                common.get("bridge.store.password"));
    }

    private static List<String> receipts(Path data) throws IOException {
        Path done = data.resolve("done");
        if (!Files.isDirectory(done)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(done)) {
            return files.map(file -> file.getFileName().toString()).filter(name -> name.endsWith(".receipt.json"))
                    .toList();
        }
    }
}
