package com.impilo.bridge;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import com.impilo.bridge.ingest.CsvLayout;
import com.impilo.bridge.routes.InboxPickupRoute;
import org.apache.camel.spi.PropertiesComponent;

/** The settings the bridge's beans need, read from Camel's properties and checked once at start. */
public record BridgeSettings(
        Path dataDir,
        String apiUrl,
        String storeUrl,
        String storeUser,
        String storePassword,
        String idempotencyPrefix,
        Path userRoutesDir,
        Duration pauseCheckInterval,
        boolean once,
        CsvLayout inboxCsv,
        long minFreeMegabytes) {

    /** Settings whose values must be whole numbers of at least zero. */
    private static final List<String> NUMBERS = List.of(
            "bridge.pickup.min-age", "bridge.pickup.check-interval", "bridge.pickup.lock-timeout",
            "bridge.pickup.initial-delay", "bridge.pickup.poll-delay", "bridge.retry.max-redeliveries",
            "bridge.retry.initial-delay", "bridge.retry.max-delay", "bridge.http.connect-timeout",
            "bridge.http.response-timeout", "bridge.http.pool-timeout", "bridge.pause.check-interval",
            "bridge.http.rate-limit-per-second", "bridge.data.min-free-mb");

    /** Reads and checks every setting; all mistakes are reported together. */
    public static BridgeSettings from(PropertiesComponent properties) throws BridgeConfigException {
        List<String> problems = new ArrayList<>();
        String apiUrl = value(properties, "impilo.api.url").orElse("");
        if (!apiUrl.matches("https?://[^\\s/]+.*") || !isUri(apiUrl)) {
            problems.add("impilo.api.url (env IMPILO_API_URL) must be an http(s) URL, got \"" + apiUrl + "\"");
        } else if (apiUrl.endsWith("/")) {
            apiUrl = apiUrl.substring(0, apiUrl.length() - 1);
        }
        if (value(properties, "impilo.api.key").isEmpty()) {
            problems.add("impilo.api.key (env IMPILO_API_KEY) is not set: the Impilo API needs a key"
                    + " (or run with --sandbox to try the bridge without one)");
        }
        Path dataDir = Path.of(value(properties, "bridge.data.dir").orElse("./data"));
        if (Files.exists(dataDir) && !Files.isWritable(dataDir)) {
            problems.add("bridge.data.dir (env BRIDGE_DATA_DIR) " + dataDir.toAbsolutePath() + " is not writable");
        }
        for (String key : NUMBERS) {
            String raw = value(properties, key).orElse("");
            if (!raw.matches("\\d+")) {
                problems.add(key + " must be a whole number of at least 0, got \"" + raw + "\"");
            }
        }
        String concurrency = value(properties, "bridge.http.max-concurrency").orElse("");
        if (!concurrency.matches("\\d{1,3}") || Integer.parseInt(concurrency) < 1) {
            problems.add("bridge.http.max-concurrency must be a whole number from 1 to 999, got \"" + concurrency + "\"");
        }
        String multiplier = value(properties, "bridge.retry.backoff-multiplier").orElse("");
        if (!multiplier.matches("\\d+(\\.\\d+)?") || Double.parseDouble(multiplier) < 1) {
            problems.add("bridge.retry.backoff-multiplier must be a number of at least 1, got \"" + multiplier + "\"");
        }
        String storeUrl = value(properties, "bridge.store.url").orElse("");
        if (!storeUrl.isEmpty() && !storeUrl.startsWith("jdbc:")) {
            problems.add("bridge.store.url (env BRIDGE_STORE_URL) must be a JDBC URL (jdbc:...), got \""
                    + storeUrl + "\"");
        }
        CsvLayout inboxCsv = CsvLayout.DEFAULT;
        try {
            inboxCsv = csvLayout(InboxPickupRoute.SOURCE, properties::resolveProperty).orElseThrow();
        } catch (BridgeConfigException e) {
            problems.addAll(e.problems());
        }
        if (!problems.isEmpty()) {
            throw new BridgeConfigException(problems);
        }
        return new BridgeSettings(dataDir, apiUrl, storeUrl,
                value(properties, "bridge.store.user").orElse(""),
                value(properties, "bridge.store.password").orElse(""),
                value(properties, "bridge.idempotency.prefix").orElse("bridge-"),
                Path.of(value(properties, "bridge.user-routes.dir").orElse("routes")),
                Duration.ofMillis(Long.parseLong(value(properties, "bridge.pause.check-interval").orElse("30000"))),
                Boolean.parseBoolean(value(properties, "bridge.once").orElse("false")),
                inboxCsv,
                Long.parseLong(value(properties, "bridge.data.min-free-mb").orElse("100")));
    }

    /** The names of the partner sources, for commands that take one. */
    public static List<String> sourceNames() {
        return List.of(InboxPickupRoute.SOURCE);
    }

    /**
     * The CSV layout of a partner source, read from its own settings; empty when no source has that name. The one place
     * that knows where a source's layout is configured: {@code bridge.csv.*} for the local inbox.
     */
    public static Optional<CsvLayout> csvLayout(String source, Function<String, Optional<String>> lookup)
            throws BridgeConfigException {
        if (!InboxPickupRoute.SOURCE.equals(source)) {
            return Optional.empty();
        }
        return Optional.of(CsvLayout.from(lookup, "bridge.csv."));
    }

    private static boolean isUri(String text) {
        try {
            URI.create(text);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static Optional<String> value(PropertiesComponent properties, String key) {
        return properties.resolveProperty(key).map(String::trim).filter(v -> !v.isEmpty());
    }
}
