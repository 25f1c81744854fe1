package com.impilo.bridge;

import static com.impilo.bridge.support.ExactlyOnce.assertEachCreatedOnce;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.impilo.bridge.sandbox.ImpiloSandbox;
import com.impilo.bridge.support.AuditLines;
import com.impilo.bridge.support.BridgeHarness;
import com.impilo.bridge.support.BridgeProcess;
import com.impilo.bridge.support.Orders;
import com.impilo.bridge.support.PostgresServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three instances of the real jar on one PostgreSQL and one shared folder of 2,000 orders, as docs/operating.md shows
 * them; one instance SIGKILLed at random twice (the second time the feed's leader) and started again: every order is
 * created once, every file has its outcome, the orphaned claims are taken over, the feed's leadership moves, and each
 * later change of an order is emitted once across the instances.
 */
class SeveralInstancesIT {

    private static final int FILES = 40;
    private static final int ORDERS_PER_FILE = 50;
    private static final String LEASE = "3000";

    @TempDir
    Path work;

    private Map<String, String> store;

    @Test
    void three_instances_create_every_order_once_although_killed_and_the_feed_moves_with_its_leader()
            throws Exception {
        Path shared = Files.createDirectories(work.resolve("shared"));
        List<String> expected = writeBatch(shared);
        PostgresServer postgres = PostgresServer.get();
        store = Map.of("BRIDGE_STORE_URL", postgres.newDatabase(), "BRIDGE_STORE_USER", postgres.user(),
                "BRIDGE_STORE_PASSWORD", postgres.password());
        List<String> names = List.of("i1", "i2", "i3");

        try (ImpiloSandbox impilo = ImpiloSandbox.start(0, "several-key-" + UUID.randomUUID())) {
            Map<String, BridgeProcess> running = new HashMap<>();
            try {
                run(names, running, shared, impilo, expected);
            } finally {
                for (BridgeProcess instance : running.values()) {
                    instance.kill();
                }
            }
        }
    }

    private void run(List<String> names, Map<String, BridgeProcess> running, Path shared, ImpiloSandbox impilo,
                     List<String> expected) throws Exception {
        Random random = new Random(UUID.randomUUID().getMostSignificantBits());
        for (String name : names) {
            running.put(name, start(name, shared, impilo));
        }
        int total = expected.size();
        List<String> killed = new ArrayList<>();
        int orphaned = 0;
        for (int kill = 1; kill <= 2; kill++) {
            int threshold = Math.min(total - 1, impilo.orders().size() + 1 + random.nextInt(total / 4));
            await().atMost(Duration.ofSeconds(120)).until(() -> impilo.orders().size() >= threshold);
            // first an instance in the middle of files, then the feed's leader
            String victim = kill == 1 ? await().atMost(Duration.ofSeconds(30)).until(() -> {
                List<String> working = workingInstances();
                return working.isEmpty() ? null : working.get(random.nextInt(working.size()));
            }, Objects::nonNull) : feedLeader().orElseThrow();
            boolean wasLeader = feedLeader().map(victim::equals).orElse(false);
            running.get(victim).kill();
            long killedAt = System.currentTimeMillis();
            killed.add(victim + (wasLeader ? " (feed leader)" : ""));
            orphaned += claimsOf(victim);
            // the others take its files and, if it led, the feed over once its lease ran out; then it comes back
            await().atMost(Duration.ofSeconds(30)).until(() -> claimsOf(victim) == 0
                    && feedLeader().filter(leader -> !leader.equals(victim)).isPresent());
            assertThat(System.currentTimeMillis() - killedAt).as("taken over within the lease and a poll")
                    .isLessThan(Long.parseLong(LEASE) + 10_000);
            running.put(victim, start(victim, shared, impilo));
        }

        await().atMost(Duration.ofSeconds(180)).until(() -> impilo.orders().size() >= total
                && isEmpty(shared) && claims() == 0);
        assertEachCreatedOnce(impilo, expected);
        assertReceiptsAgree(names, impilo, expected);

        // each later change goes out once, from whichever instance leads now
        List<Long> shipped = impilo.lifecycle().shipOldest(20);
        await().atMost(Duration.ofSeconds(60)).until(() -> emitted(names, "shipped") >= shipped.size());
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                .until(() -> emitted(names, "shipped") == shipped.size());
        assertThat(killed).as("the instances killed").anyMatch(victim -> victim.endsWith("(feed leader)"));
        assertThat(orphaned).as("claims of files the killed instances held, taken over by the others").isPositive();
    }

    private BridgeProcess start(String name, Path shared, ImpiloSandbox impilo) {
        return BridgeProcess.start(work, List.of("--data-dir", work.resolve(name).toString(),
                "-Dimpilo.api.url=" + impilo.baseUrl(), "-Dimpilo.api.key=" + impilo.apiKey(),
                "-Dbridge.instance.name=" + name, "-Dbridge.instance.lease=" + LEASE,
                "-Dbridge.sources.shared.type=local", "-Dbridge.sources.shared.path=" + shared,
                "-Dbridge.sources.shared.formats=ndjson",
                "-Dbridge.feed.enabled=true", "-Dbridge.feed.interval=500",
                "-Dbridge.pickup.min-age=0", "-Dbridge.pickup.initial-delay=0", "-Dbridge.pickup.poll-delay=100",
                "-Dbridge.retry.initial-delay=50", "-Dbridge.retry.max-delay=200"), store);
    }

    private static List<String> writeBatch(Path folder) throws IOException {
        List<String> ids = new ArrayList<>();
        for (int file = 0; file < FILES; file++) {
            StringBuilder lines = new StringBuilder();
            for (int line = 0; line < ORDERS_PER_FILE; line++) {
                String id = String.format("several-%02d-%03d", file, line);
                ids.add(id);
                lines.append(Orders.line(id, 1 + line % 400)).append('\n');
            }
            Files.writeString(folder.resolve(String.format("batch-%02d.ndjson", file)), lines);
        }
        return ids;
    }

    /**
     * Every file has a receipt in one instance's done/ (a second one, of duplicates only, when an instance was killed
     * between its receipt and moving the file); each order is in a receipt, created or as a duplicate of what a killed
     * instance created, naming the one Impilo order that carries its id, and created in at most one receipt; nothing
     * is rejected or undelivered.
     */
    private void assertReceiptsAgree(List<String> names, ImpiloSandbox impilo, List<String> expected)
            throws IOException {
        Map<String, Long> impiloIds = new HashMap<>();
        impilo.orders().forEach(order -> impiloIds.put(order.at("/externalOrderIds/0").asText(),
                order.get("id").asLong()));
        Map<String, Long> receipted = new HashMap<>();
        Map<String, Long> created = new HashMap<>();
        Map<String, Integer> receiptsOfFile = new HashMap<>();
        for (String name : names) {
            Path data = work.resolve(name);
            try (Stream<Path> receipts = Files.list(data.resolve("done"))) {
                for (Path receipt : receipts.filter(file -> file.toString().endsWith(".receipt.json")).toList()) {
                    JsonNode outcome = BridgeHarness.readJson(receipt);
                    receiptsOfFile.merge(outcome.get("file").asText(), 1, Integer::sum);
                    for (JsonNode order : outcome.get("orders")) {
                        String id = order.at("/externalOrderIds/0").asText();
                        assertThat(order.get("outcome").asText()).as(receipt + ": " + order).isIn("created", "duplicate");
                        assertThat(order.get("impiloOrderId").asLong()).as(id).isEqualTo(impiloIds.get(id));
                        receipted.put(id, order.get("impiloOrderId").asLong());
                        if (order.get("outcome").asText().equals("created")) {
                            assertThat(created.put(id, order.get("impiloOrderId").asLong())).as("created twice: " + id)
                                    .isNull();
                        }
                    }
                }
            }
            assertThat(data.resolve("rejected")).isEmptyDirectory();
            assertThat(data.resolve("undelivered")).isEmptyDirectory();
        }
        assertThat(receipted).hasSize(expected.size());
        assertThat(receiptsOfFile).hasSize(FILES);
        assertThat(receiptsOfFile.values()).allSatisfy(count -> assertThat(count).isBetween(1, 2));
    }

    // the instance the store names as the feed's leader, while its lease runs
    private Optional<String> feedLeader() throws Exception {
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement("SELECT instance FROM leader_leases"
                + " WHERE namespace = 'impilo-order-feed' AND lease_until >= ?")) {
            ps.setLong(1, System.currentTimeMillis());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    // the instances that hold claims of files now
    private List<String> workingInstances() throws Exception {
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(
                "SELECT DISTINCT instance FROM file_claims WHERE source = 'shared' ORDER BY instance");
             ResultSet rs = ps.executeQuery()) {
            List<String> instances = new ArrayList<>();
            while (rs.next()) {
                instances.add(rs.getString(1));
            }
            return instances;
        }
    }

    private int claimsOf(String instance) throws Exception {
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(
                "SELECT count(*) FROM file_claims WHERE instance = ? AND source = 'shared'")) {
            ps.setString(1, instance);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private int claims() throws Exception {
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(
                "SELECT count(*) FROM file_claims WHERE source = 'shared'"); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private Connection connect() throws Exception {
        return DriverManager.getConnection(store.get("BRIDGE_STORE_URL"), store.get("BRIDGE_STORE_USER"),
                store.get("BRIDGE_STORE_PASSWORD"));
    }

    private static boolean isEmpty(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.findAny().isEmpty();
        }
    }

    // changes of orders to this status that the feed emitted, in the audit trails of all instances
    private long emitted(List<String> names, String status) throws IOException {
        return AuditLines.statusChanges(names.stream().map(work::resolve).toList(), status);
    }
}
