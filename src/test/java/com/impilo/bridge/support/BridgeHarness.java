package com.impilo.bridge.support;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.impilo.bridge.BridgeRuntime;
import com.impilo.bridge.feed.FeedPollResult;
import com.impilo.bridge.model.ImpiloJson;
import com.impilo.bridge.outcome.DataFolders;
import com.impilo.bridge.routes.Endpoints;
import com.impilo.bridge.sandbox.ImpiloSandbox;
import com.impilo.bridge.store.LedgerEntry;
import com.impilo.bridge.settings.BridgeConfigException;
import com.impilo.bridge.settings.Configuration;
import com.impilo.bridge.store.OrderLedger;

/** A running bridge wired to its own sandbox API over loopback HTTP and its own data folder, for one test. */
public final class BridgeHarness implements AutoCloseable {

    private final ImpiloSandbox sandbox;
    private final DataFolders folders;
    private final Map<String, String> settings;
    private final String apiKey;
    private BridgeRuntime runtime;

    private BridgeHarness(ImpiloSandbox sandbox, DataFolders folders, Map<String, String> settings,
                          BridgeRuntime runtime, String apiKey) {
        this.sandbox = sandbox;
        this.folders = folders;
        this.settings = settings;
        this.runtime = runtime;
        this.apiKey = apiKey;
    }

    public static BridgeHarness start(Path dataDir) throws Exception {
        return start(dataDir, Map.of());
    }

    /** Starts a sandbox and a bridge pointed at it, with short poll and retry delays; extra settings win. */
    public static BridgeHarness start(Path dataDir, Map<String, String> extra) throws Exception {
        String apiKey = "test-key-" + UUID.randomUUID();
        ImpiloSandbox sandbox = ImpiloSandbox.start(0, apiKey);
        Map<String, String> settings = testSettings(dataDir, sandbox.baseUrl(), apiKey);
        settings.putAll(extra);
        try {
            BridgeRuntime runtime = awaitPickup(runtime(dataDir, settings).start());
            return new BridgeHarness(sandbox, new DataFolders(dataDir), settings, runtime, apiKey);
        } catch (Exception | Error e) {
            sandbox.close();
            throw e;
        }
    }

    /**
     * A runtime with these settings over the shipped defaults, as given on the command line: neither the machine's
     * environment nor a configuration file of the working folder can steer a test.
     */
    public static BridgeRuntime runtime(Path dataDir, Map<String, String> settings) throws BridgeConfigException {
        return new BridgeRuntime(Configuration.load(null, settings, Map.of(), new Properties(),
                dataDir.resolve("no-config/application.properties")));
    }

    /**
     * Waits until pickup has started, which it does once the API answered the bridge's check: a fault a test sets up
     * afterwards meets orders, not that check.
     */
    public static BridgeRuntime awaitPickup(BridgeRuntime runtime) {
        await().atMost(Duration.ofSeconds(20)).until(() -> runtime.bridge().pickupOpen());
        return runtime;
    }

    /** Settings for a fast, isolated bridge: the defaults stay, only delays shrink and folders move. */
    public static Map<String, String> testSettings(Path dataDir, String apiUrl, String apiKey) {
        Map<String, String> settings = new HashMap<>();
        settings.put("bridge.data.dir", dataDir.toString());
        settings.put("impilo.api.url", apiUrl);
        settings.put("impilo.api.key", apiKey);
        settings.put("bridge.user-routes.dir", dataDir.resolve("no-user-routes").toString());
        settings.put("bridge.pickup.min-age", "50");
        settings.put("bridge.pickup.check-interval", "20");
        settings.put("bridge.pickup.lock-timeout", "300");
        settings.put("bridge.pickup.initial-delay", "0");
        settings.put("bridge.pickup.poll-delay", "50");
        settings.put("bridge.retry.max-redeliveries", "2");
        settings.put("bridge.retry.initial-delay", "10");
        settings.put("bridge.retry.max-delay", "50");
        return settings;
    }

    public ImpiloSandbox sandbox() {
        return sandbox;
    }

    public DataFolders folders() {
        return folders;
    }

    public BridgeRuntime runtime() {
        return runtime;
    }

    public OrderLedger ledger() {
        return runtime.bridge().ledger();
    }

    public String apiKey() {
        return apiKey;
    }

    /** The bridge's stamp of the order that {@code source} sent as {@code externalId}: its key in the ledger. */
    public String keyOf(String source, String externalId) {
        return "bridge:" + runtime.bridge().installationId() + ":" + source + ":" + externalId;
    }

    /** The ledger's entry of the order that {@code source} sent as {@code externalId}. */
    public Optional<LedgerEntry> ledgerEntry(String source, String externalId) {
        return ledger().find(keyOf(source, externalId));
    }

    /** Stops the bridge and starts it again with the same settings and data folder; the sandbox keeps running. */
    public void restart() throws Exception {
        runtime.stop();
        runtime = awaitPickup(runtime(folders.root(), settings).start());
    }

    /** Runs one feed poll now (the feed must be enabled) and returns what it did. */
    public FeedPollResult pollFeed() {
        return runtime.camelContext().createFluentProducerTemplate()
                .to(Endpoints.FEED_POLL_NOW)
                .request(FeedPollResult.class);
    }

    /**
     * Creates an order directly in the sandbox and records it in the ledger as created by this bridge for
     * {@code partner}, as if it had come through the inbox; returns its Impilo id.
     */
    public long seedOrder(String externalId, String partner) {
        long id = sandbox.createOrder(Orders.line(externalId, 1)).path("id").asLong();
        ledger().record(new LedgerEntry(externalId, List.of(externalId), partner, "seed.ndjson", "line 1",
                LedgerEntry.State.CREATED, id, "orderPlaced", null));
        return id;
    }

    /** Drops a file into the inbox the way a careful partner does: written under a temp name, then renamed. */
    public Path drop(String name, String content) {
        try {
            Path temp = folders.inbox().resolve(name + ".part");
            Files.writeString(temp, content, StandardCharsets.UTF_8);
            return Files.move(temp, folders.inbox().resolve(name), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until the file is archived in done/ with its receipt, and returns the receipt. */
    public JsonNode awaitReceipt(String name) {
        return awaitReceipt(name, Duration.ofSeconds(20));
    }

    /** As {@link #awaitReceipt(String)}, for a file that takes longer (thousands of orders). */
    public JsonNode awaitReceipt(String name, Duration atMost) {
        Path receipt = folders.done().resolve(name + ".receipt.json");
        await().atMost(atMost)
                .until(() -> Files.exists(receipt) && Files.exists(folders.done().resolve(name))
                        && !Files.exists(folders.inbox().resolve(name)));
        return readJson(receipt);
    }

    /** Waits until the file is dead-lettered whole into {@code folder}, and returns its error record. */
    public JsonNode awaitWholeFileIn(Path folder, String name) {
        Path error = folder.resolve(name + ".error.json");
        await().atMost(Duration.ofSeconds(20))
                .until(() -> Files.exists(error) && Files.exists(folder.resolve(name))
                        && !Files.exists(folders.inbox().resolve(name)));
        return readJson(error);
    }

    /** How many receipts the data folder's done/ holds: one a file read whole. */
    public static long receipts(Path dataDir) throws IOException {
        try (Stream<Path> files = Files.list(new DataFolders(dataDir).done())) {
            return files.filter(f -> f.getFileName().toString().endsWith(".receipt.json")).count();
        }
    }

    public static JsonNode readJson(Path file) {
        try {
            return ImpiloJson.mapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            runtime.stop();
        } finally {
            sandbox.close();
        }
    }
}
