package com.impilo.bridge;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Function;

import com.impilo.bridge.api.ListOrdersQuery;
import com.impilo.bridge.feed.FeedScope;
import com.impilo.bridge.ingest.CsvLayout;
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
        List<PartnerSource> sources,
        Duration pauseCheckInterval,
        boolean once,
        long minFreeMegabytes,
        int auditRetentionDays,
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
            "bridge.http.response-timeout", "bridge.http.pool-timeout", "bridge.http.total-timeout", "bridge.pause.check-interval",
            "bridge.http.rate-limit-per-second", "bridge.data.min-free-mb", "bridge.audit.retention-days", "bridge.sftp.min-age",
            "bridge.sftp.check-interval", "bridge.sftp.lock-timeout", "bridge.sftp.poll-delay",
            "bridge.sftp.connect-timeout", "bridge.sftp.reconnect-delay", "bridge.sftp.max-reconnect-attempts",
            "bridge.sftp.server-alive-interval", "bridge.feed.interval");

    /** Settings whose values must be true or false. */
    private static final List<String> FLAGS = List.of("bridge.feed.enabled", "bridge.webhook.enabled");

    private static final String TYPE = ".type";

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
        if (value(properties, "bridge.http.total-timeout").orElse("").matches("0+")) {
            problems.add("bridge.http.total-timeout must be at least 1 ms: every call to the API needs a deadline");
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
        List<PartnerSource> sources = PartnerSource.readAll(properties, problems);
        if (!problems.isEmpty()) {
            // sources that take the same bridge-wide setting would each report its mistake
            throw new BridgeConfigException(problems.stream().distinct().toList());
        }
        Feed feed = new Feed(flag(properties, "bridge.feed.enabled"),
                Long.parseLong(value(properties, "bridge.feed.interval").orElseThrow()),
                Integer.parseInt(pageSize), FeedScope.Mode.of(scope));
        return new BridgeSettings(dataDir, apiUrl, storeUrl,
                value(properties, "bridge.store.user").orElse(""),
                value(properties, "bridge.store.password").orElse(""),
                value(properties, "bridge.idempotency.prefix").orElse("bridge-"),
                Path.of(value(properties, "bridge.user-routes.dir").orElse("routes")), sources,
                Duration.ofMillis(Long.parseLong(value(properties, "bridge.pause.check-interval").orElse("30000"))),
                flag(properties, "bridge.once"),
                Long.parseLong(value(properties, "bridge.data.min-free-mb").orElse("100")),
                Integer.parseInt(value(properties, "bridge.audit.retention-days").orElse("90")),
                feed, new Webhook(webhookEnabled, secret));
    }

    /**
     * The names of the partner sources that these property keys configure, for commands that take one: the inbox, and
     * each {@code <name>} with a {@code bridge.sources.<name>.type}.
     */
    public static SortedSet<String> sourceNames(Collection<String> keys) {
        SortedSet<String> names = new TreeSet<>();
        names.add(PartnerSource.INBOX);
        for (String key : keys) {
            if (key.startsWith(PartnerSource.PREFIX) && key.endsWith(TYPE)) {
                String name = key.substring(PartnerSource.PREFIX.length(), key.length() - TYPE.length());
                if (!name.isEmpty() && !name.contains(".")) {
                    names.add(name);
                }
            }
        }
        return names;
    }

    /**
     * The CSV layout of a partner source; empty when no source has that name (see {@link #sourceNames}). The one place
     * that knows where a source's layout is configured: {@code bridge.sources.<name>.csv.*}, each setting the source
     * leaves out taken from {@code bridge.csv.*}.
     */
    public static Optional<CsvLayout> csvLayout(String source, Function<String, Optional<String>> lookup)
            throws BridgeConfigException {
        boolean known = PartnerSource.INBOX.equals(source)
                || !source.contains(".") && lookup.apply(PartnerSource.PREFIX + source + TYPE).isPresent();
        return known ? Optional.of(csvLayoutOf(source, lookup)) : Optional.empty();
    }

    /** The CSV layout of the source named {@code source}, known to exist. */
    static CsvLayout csvLayoutOf(String source, Function<String, Optional<String>> lookup) throws BridgeConfigException {
        return CsvLayout.from(lookup, PartnerSource.PREFIX + source + ".csv.", "bridge.csv.");
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
