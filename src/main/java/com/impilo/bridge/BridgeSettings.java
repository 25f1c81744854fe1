package com.impilo.bridge;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.impilo.bridge.api.ListOrdersQuery;
import com.impilo.bridge.feed.FeedScope;
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
        boolean once,
        Feed feed,
        Webhook webhook) {

    /** The order feed: on or off, ms between polls (0: only when asked), page size, which orders it covers. */
    public record Feed(boolean enabled, long interval, int pageSize, FeedScope.Mode scope) {
    }

    /** The webhook receiver: on or off, and the secret Impilo sends in the Impilo-Webhook-Secret header. */
    public record Webhook(boolean enabled, String secret) {

        @Override
        public String toString() {
            return "Webhook[enabled=" + enabled + ", secret=***]";
        }
    }

    /** Settings whose values must be whole numbers of at least zero. */
    private static final List<String> NUMBERS = List.of(
            "bridge.pickup.min-age", "bridge.pickup.check-interval", "bridge.pickup.lock-timeout",
            "bridge.pickup.initial-delay", "bridge.pickup.poll-delay", "bridge.retry.max-redeliveries",
            "bridge.retry.initial-delay", "bridge.retry.max-delay", "bridge.http.connect-timeout",
            "bridge.http.response-timeout", "bridge.http.pool-timeout", "bridge.feed.interval");

    /** Settings whose values must be true or false. */
    private static final List<String> FLAGS = List.of("bridge.feed.enabled", "bridge.webhook.enabled");

    /** Reads and checks every setting; all mistakes are reported together. */
    public static BridgeSettings from(PropertiesComponent properties) throws BridgeConfigException {
        List<String> problems = new ArrayList<>();
        String apiUrl = checkApiAccess(properties, problems);
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
        String multiplier = value(properties, "bridge.retry.backoff-multiplier").orElse("");
        if (!multiplier.matches("\\d+(\\.\\d+)?") || Double.parseDouble(multiplier) < 1) {
            problems.add("bridge.retry.backoff-multiplier must be a number of at least 1, got \"" + multiplier + "\"");
        }
        String storeUrl = value(properties, "bridge.store.url").orElse("");
        if (!storeUrl.isEmpty() && !storeUrl.startsWith("jdbc:")) {
            problems.add("bridge.store.url (env BRIDGE_STORE_URL) must be a JDBC URL (jdbc:...), got \""
                    + storeUrl + "\"");
        }
        for (String key : FLAGS) {
            String raw = value(properties, key).orElse("false");
            if (!raw.equalsIgnoreCase("true") && !raw.equalsIgnoreCase("false")) {
                problems.add(key + " must be true or false, got \"" + raw + "\"");
            }
        }
        String pageSize = value(properties, "bridge.feed.page-size").orElse("");
        if (!pageSize.matches("\\d{1,3}") || Integer.parseInt(pageSize) < 1
                || Integer.parseInt(pageSize) > ListOrdersQuery.MAX_SIZE) {
            problems.add("bridge.feed.page-size must be a whole number from 1 to " + ListOrdersQuery.MAX_SIZE
                    + " (the API's largest page), got \"" + pageSize + "\"");
        }
        String scope = value(properties, "bridge.feed.scope").orElse("");
        if (FeedScope.Mode.of(scope) == null) {
            problems.add("bridge.feed.scope (env BRIDGE_FEED_SCOPE) must be bridge or account, got \"" + scope + "\"");
        }
        String port = value(properties, "bridge.http.port").orElse("");
        if (!port.matches("\\d{1,5}") || Integer.parseInt(port) > 65_535) {
            problems.add("bridge.http.port (env BRIDGE_HTTP_PORT) must be a port number from 0 to 65535, got \""
                    + port + "\"");
        }
        boolean webhookEnabled = flag(properties, "bridge.webhook.enabled");
        String secret = value(properties, "bridge.webhook.secret").orElse("");
        if (webhookEnabled && secret.isEmpty()) {
            problems.add("bridge.webhook.secret (env BRIDGE_WEBHOOK_SECRET) is not set: the webhook receiver needs"
                    + " the secret configured for the webhook at Impilo");
        }
        if (!problems.isEmpty()) {
            throw new BridgeConfigException(problems);
        }
        Feed feed = new Feed(flag(properties, "bridge.feed.enabled"),
                Long.parseLong(value(properties, "bridge.feed.interval").orElseThrow()),
                Integer.parseInt(pageSize), FeedScope.Mode.of(scope));
        return new BridgeSettings(dataDir, apiUrl, storeUrl,
                value(properties, "bridge.store.user").orElse(""),
                value(properties, "bridge.store.password").orElse(""),
                value(properties, "bridge.idempotency.prefix").orElse("bridge-"),
                Path.of(value(properties, "bridge.user-routes.dir").orElse("routes")),
                flag(properties, "bridge.once"), feed, new Webhook(webhookEnabled, secret));
    }

    /** Checks only what a call to the Impilo API needs (the {@code status} command); returns the base URL. */
    public static String apiUrl(PropertiesComponent properties) throws BridgeConfigException {
        List<String> problems = new ArrayList<>();
        String apiUrl = checkApiAccess(properties, problems);
        if (!problems.isEmpty()) {
            throw new BridgeConfigException(problems);
        }
        return apiUrl;
    }

    private static String checkApiAccess(PropertiesComponent properties, List<String> problems) {
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
        return apiUrl;
    }

    private static boolean flag(PropertiesComponent properties, String key) {
        return value(properties, key).map(Boolean::parseBoolean).orElse(false);
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
