package com.impilo.bridge.settings;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import com.impilo.bridge.model.Page;

/** The settings the bridge's beans need, read and checked once at start, every mistake reported together. */
public record BridgeSettings(
        Path dataDir,
        Api api,
        String storeUrl,
        String storeUser,
        String storePassword,
        String idempotencyPrefix,
        String installationId,
        Path userRoutesDir,
        List<PartnerSource> sources,
        Duration pauseCheckInterval,
        boolean once,
        long minFreeMegabytes,
        int auditRetentionDays,
        Feed feed,
        Webhook webhook,
        Console console,
        Duration onceSourceWait,
        Duration watchAfterDone,
        Duration lookupCacheTime,
        Instance instance) {

    /**
     * This instance among those that share the store: its name (empty: made of the host's name and the data folder)
     * and how long its claims of files and its leadership hold without being renewed.
     */
    public record Instance(String name, Duration lease) {
    }

    /**
     * What the console shows: a line per order or not, how often a progress line for a file in progress (0: never),
     * Camel's own start-up and route lines or not, and JSON lines instead of text.
     */
    public record Console(boolean orderLines, long progressIntervalMillis, boolean camelLines, boolean json) {
    }

    /** Where and how the Impilo API is called: base URL (no trailing slash), key, connect and answer timeouts. */
    public record Api(String url, String key, Duration connectTimeout, Duration responseTimeout) {

        @Override
        public String toString() {
            return "Api[url=" + url + ", key=***, connectTimeout=" + connectTimeout + ", responseTimeout="
                    + responseTimeout + "]";
        }
    }

    /** The order feed: on or off, ms between polls (0: only when asked), page size, which orders it covers. */
    /** @param outboxMode the permissions of outbox files, e.g. {@code rw-r-----} */
    public record Feed(boolean enabled, long interval, int pageSize, FeedCoverage scope, String outboxMode) {
    }

    /**
     * The webhook receiver: on or off, the secret Impilo sends in the Impilo-Webhook-Secret header, and its server:
     * where it listens, how many requests it handles at once, how long a request may take to arrive and a connection
     * may idle, how large a body may be, and the key store of its TLS (null for plain HTTP).
     */
    public record Webhook(boolean enabled, String secret, String host, int port, int maxConcurrent,
                          Duration readTimeout, Duration idleTimeout, long maxBodyBytes, Path keyStore,
                          String keyStorePassword) {

        @Override
        public String toString() {
            return "Webhook[enabled=" + enabled + ", secret=***, " + host + ":" + port + ", maxConcurrent="
                    + maxConcurrent + ", readTimeout=" + readTimeout + ", idleTimeout=" + idleTimeout
                    + ", maxBodyBytes=" + maxBodyBytes + ", keyStore=" + keyStore + ", keyStorePassword=***]";
        }
    }

    /** How a user running the bridge gets a key. */
    public static final String RUN_HINT = " (or run with --sandbox to try the bridge without one)";

    /** Settings whose values must be whole numbers of at least zero. */
    private static final List<String> NUMBERS = List.of(
            "bridge.pickup.min-age", "bridge.pickup.check-interval", "bridge.pickup.lock-timeout",
            "bridge.pickup.initial-delay", "bridge.pickup.poll-delay", "bridge.retry.max-redeliveries",
            "bridge.retry.initial-delay", "bridge.retry.max-delay", "bridge.http.connect-timeout",
            "bridge.http.response-timeout", "bridge.http.pool-timeout", "bridge.http.total-timeout", "bridge.pause.check-interval",
            "bridge.http.rate-limit-per-second", "bridge.data.min-free-mb", "bridge.audit.retention-days", "bridge.sftp.min-age",
            "bridge.sftp.check-interval", "bridge.sftp.lock-timeout", "bridge.sftp.poll-delay",
            "bridge.sftp.connect-timeout", "bridge.sftp.reconnect-delay", "bridge.sftp.max-reconnect-attempts",
            "bridge.sftp.server-alive-interval", "bridge.feed.interval", "bridge.log.progress-interval",
            "bridge.once.source-wait", "bridge.shutdown-timeout", "bridge.pickup.watch-after-done",
            "bridge.webhook.read-timeout", "bridge.webhook.idle-timeout", "bridge.lookup.cache-time",
            "bridge.instance.lease");

    /** Settings whose values must be true or false. */
    private static final List<String> FLAGS = List.of("bridge.feed.enabled", "bridge.webhook.enabled", "bridge.once",
            "bridge.log.orders", "bridge.log.camel");

    /**
     * Reads and checks every setting of the standalone bridge, Camel's own included, before Camel starts; all mistakes
     * are reported together.
     */
    public static BridgeSettings load(Configuration configuration, Set<String> knownFormats)
            throws BridgeConfigException {
        return from(configuration, knownFormats, CamelSettings.problems(configuration));
    }

    /**
     * Mistakes in the keys of a configuration (settings that do not exist), for the commands that read only some
     * settings: each one names where it was set and the closest valid key.
     */
    public static List<String> keyProblems(Configuration configuration) {
        List<String> problems = new ArrayList<>(KnownSettings.unknownKeys(configuration));
        problems.addAll(CamelSettings.problems(configuration));
        return problems;
    }

    /**
     * Reads and checks every setting of the bridge; all mistakes are reported together.
     *
     * @param knownFormats the names of the file formats the bridge reads, which sources may list
     */
    public static BridgeSettings from(PropertyLookup properties, Set<String> knownFormats)
            throws BridgeConfigException {
        return from(properties, knownFormats, List.of());
    }

    private static BridgeSettings from(PropertyLookup properties, Set<String> knownFormats,
                                       List<String> earlierProblems) throws BridgeConfigException {
        List<String> problems = new ArrayList<>(KnownSettings.unknownKeys(properties));
        problems.addAll(earlierProblems);
        Values values = new Values(properties, problems);
        String apiUrl = checkApiAccess(values, RUN_HINT);
        Path dataDir = Path.of(values.get("bridge.data.dir").orElse("./data"));
        if (Files.exists(dataDir) && !Files.isWritable(dataDir)) {
            problems.add(values.named("bridge.data.dir", "BRIDGE_DATA_DIR") + " " + dataDir.toAbsolutePath()
                    + " is not writable");
        }
        for (String key : NUMBERS) {
            String raw = values.get(key).orElse("");
            if (!raw.matches("\\d+")) {
                problems.add(values.named(key) + " must be a whole number of at least 0, got \"" + raw + "\"");
            }
        }
        if (values.get("bridge.http.total-timeout").orElse("").matches("0+")) {
            problems.add(values.named("bridge.http.total-timeout") + " must be at least 1 ms: every call to the API needs a deadline");
        }
        String concurrency = values.get("bridge.http.max-concurrency").orElse("");
        if (!concurrency.matches("\\d{1,3}") || Integer.parseInt(concurrency) < 1) {
            problems.add(values.named("bridge.http.max-concurrency") + " must be a whole number from 1 to 999, got \"" + concurrency + "\"");
        }
        String multiplier = values.get("bridge.retry.backoff-multiplier").orElse("");
        if (!multiplier.matches("\\d+(\\.\\d+)?") || Double.parseDouble(multiplier) < 1) {
            problems.add(values.named("bridge.retry.backoff-multiplier") + " must be a number of at least 1, got \"" + multiplier + "\"");
        }
        String storeUrl = values.get("bridge.store.url").orElse("");
        if (!storeUrl.isEmpty() && !storeUrl.startsWith("jdbc:")) {
            problems.add(values.named("bridge.store.url", "BRIDGE_STORE_URL") + " must be a JDBC URL (jdbc:...), got \""
                    + storeUrl + "\"");
        }
        for (String key : FLAGS) {
            String raw = values.get(key).orElse("false");
            if (!raw.equalsIgnoreCase("true") && !raw.equalsIgnoreCase("false")) {
                problems.add(values.named(key) + " must be true or false, got \"" + raw + "\"");
            }
        }
        String pageSize = values.get("bridge.feed.page-size").orElse("");
        if (!pageSize.matches("\\d{1,3}") || Integer.parseInt(pageSize) < 1
                || Integer.parseInt(pageSize) > Page.MAX_SIZE) {
            problems.add(values.named("bridge.feed.page-size") + " must be a whole number from 1 to " + Page.MAX_SIZE
                    + " (the API's largest page), got \"" + pageSize + "\"");
        }
        String scope = values.get("bridge.feed.scope").orElse("");
        if (FeedCoverage.of(scope) == null) {
            problems.add(values.named("bridge.feed.scope", "BRIDGE_FEED_SCOPE") + " must be bridge or account, got \"" + scope + "\"");
        }
        String maxAnswer = values.get("bridge.http.max-answer-bytes").orElse("");
        if (!maxAnswer.matches("\\d{5,10}") || Long.parseLong(maxAnswer) < 65_536) {
            problems.add(values.named("bridge.http.max-answer-bytes") + " must be a whole number of bytes from 65536"
                    + " (64 KB) up, got \"" + maxAnswer + "\"");
        }
        String outboxMode = values.get("bridge.feed.outbox-mode").orElse("");
        if (!outboxMode.matches("0?[0-7]{3}")) {
            problems.add(values.named("bridge.feed.outbox-mode", "BRIDGE_FEED_OUTBOX_MODE") + " must be an octal"
                    + " file mode such as 0640, got \"" + outboxMode + "\"");
        }
        String port = values.get("bridge.http.port").orElse("");
        if (!port.matches("\\d{1,5}") || Integer.parseInt(port) > 65_535) {
            problems.add(values.named("bridge.http.port", "BRIDGE_HTTP_PORT") + " must be a port number from 0 to 65535, got \""
                    + port + "\"");
        }
        boolean webhookEnabled = values.flag("bridge.webhook.enabled");
        String secret = values.get("bridge.webhook.secret").orElse("");
        if (webhookEnabled && secret.isEmpty()) {
            problems.add("bridge.webhook.secret (env BRIDGE_WEBHOOK_SECRET) is not set: the webhook receiver needs"
                    + " the secret configured for the webhook at Impilo");
        }
        String webhookConcurrency = values.get("bridge.webhook.max-concurrent").orElse("");
        if (!webhookConcurrency.matches("\\d{1,3}") || Integer.parseInt(webhookConcurrency) < 1) {
            problems.add(values.named("bridge.webhook.max-concurrent") + " must be a whole number from 1 to 999, got \""
                    + webhookConcurrency + "\"");
        }
        String maxBody = values.get("bridge.webhook.max-body-bytes").orElse("");
        if (!maxBody.matches("\\d{4,10}")) {
            problems.add(values.named("bridge.webhook.max-body-bytes") + " must be a whole number of bytes from 1000 up,"
                    + " got \"" + maxBody + "\"");
        }
        for (String timeout : List.of("bridge.webhook.read-timeout", "bridge.webhook.idle-timeout")) {
            if (values.get(timeout).orElse("").matches("0+")) {
                problems.add(values.named(timeout) + " must be at least 1 ms");
            }
        }
        String keyStore = values.get("bridge.http.tls.key-store").orElse("");
        if (!keyStore.isEmpty() && !Files.isReadable(Path.of(keyStore))) {
            problems.add(values.named("bridge.http.tls.key-store", "BRIDGE_HTTP_TLS_KEY_STORE") + " is not a"
                    + " readable file: " + Path.of(keyStore).toAbsolutePath());
        }
        values.get("bridge.installation-id").filter(id -> !id.matches("[a-z0-9][a-z0-9-]{0,39}"))
                .ifPresent(id -> problems.add(values.named("bridge.installation-id") + " must be lower-case letters,"
                        + " digits and dashes, at most 40, got \"" + id + "\""));
        values.get("bridge.instance.name").filter(name -> !name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,99}"))
                .ifPresent(name -> problems.add(values.named("bridge.instance.name") + " must be letters, digits, dots,"
                        + " dashes and underscores, at most 100, got \"" + name + "\""));
        String lease = checkLease(values);
        String logFormat = values.get("bridge.log.format").orElse("text");
        if (!logFormat.equals("text") && !logFormat.equals("json")) {
            problems.add(values.named("bridge.log.format") + " must be text or json, got \"" + logFormat + "\"");
        }
        List<PartnerSource> sources = PartnerSource.readAll(properties, knownFormats, problems);
        // the inbox is checked like any local source: a folder there that the bridge cannot use is a mistake, not an
        // empty inbox (a missing one is created)
        Path inbox = dataDir.resolve("inbox");
        boolean defaultInbox = sources.stream().anyMatch(source -> source.name().equals(PartnerSource.INBOX)
                && !source.has("path"));
        if (defaultInbox && Files.exists(inbox) && !PartnerSource.usableFolder(inbox)) {
            problems.add(PartnerSource.PREFIX + PartnerSource.INBOX + ": " + inbox.toAbsolutePath().normalize()
                    + " is not a folder the bridge can read and write");
        }
        failOnProblems(values);
        Feed feed = new Feed(values.flag("bridge.feed.enabled"),
                Long.parseLong(values.get("bridge.feed.interval").orElseThrow()),
                Integer.parseInt(pageSize), FeedCoverage.of(scope), permissions(outboxMode));
        Api api = new Api(apiUrl, values.get("impilo.api.key").orElse(""),
                Duration.ofMillis(Long.parseLong(values.get("bridge.http.connect-timeout").orElseThrow())),
                Duration.ofMillis(Long.parseLong(values.get("bridge.http.response-timeout").orElseThrow())));
        BridgeSettings settings = new BridgeSettings(dataDir, api, storeUrl,
                values.get("bridge.store.user").orElse(""),
                values.get("bridge.store.password").orElse(""),
                values.get("bridge.idempotency.prefix").orElse("bridge-"),
                values.get("bridge.installation-id").orElse(null),
                Path.of(values.get("bridge.user-routes.dir").orElse("routes")), sources,
                Duration.ofMillis(Long.parseLong(values.get("bridge.pause.check-interval").orElse("30000"))),
                values.flag("bridge.once"),
                Long.parseLong(values.get("bridge.data.min-free-mb").orElse("100")),
                Integer.parseInt(values.get("bridge.audit.retention-days").orElse("90")),
                feed, new Webhook(webhookEnabled, secret, values.get("bridge.http.host").orElse("127.0.0.1"),
                        Integer.parseInt(port), Integer.parseInt(webhookConcurrency),
                        Duration.ofMillis(Long.parseLong(values.get("bridge.webhook.read-timeout").orElseThrow())),
                        Duration.ofMillis(Long.parseLong(values.get("bridge.webhook.idle-timeout").orElseThrow())),
                        Long.parseLong(maxBody), keyStore.isEmpty() ? null : Path.of(keyStore),
                        values.get("bridge.http.tls.key-store-password").orElse("")),
                new Console(values.flag("bridge.log.orders"),
                        Long.parseLong(values.get("bridge.log.progress-interval").orElse("5000")),
                        values.flag("bridge.log.camel"), logFormat.equals("json")),
                Duration.ofMillis(Long.parseLong(values.get("bridge.once.source-wait").orElse("60000"))),
                Duration.ofMillis(Long.parseLong(values.get("bridge.pickup.watch-after-done").orElse("600000"))),
                Duration.ofMillis(Long.parseLong(values.get("bridge.lookup.cache-time").orElse("300000"))),
                new Instance(values.get("bridge.instance.name").orElse(""), Duration.ofMillis(Long.parseLong(lease))));
        // a setting read only here (the order key's prefix, the store's user, ...) may hold a placeholder that cannot
        // be resolved: a mistake like any other, never its default in silence
        failOnProblems(values);
        return settings;
    }

    private static void failOnProblems(Values values) throws BridgeConfigException {
        if (!values.problems.isEmpty()) {
            throw new BridgeConfigException(values.problemsOnce());
        }
    }

    /** The API's base URL, without a trailing slash. */
    public String apiUrl() {
        return api.url();
    }

    /**
     * The CSV layout of a partner source; empty when no source has that name (see {@link PartnerSource#names}). The one place
     * that knows where a source's layout is configured: {@code bridge.sources.<name>.csv.*}, each setting the source
     * leaves out taken from {@code bridge.csv.*}.
     */
    public static Optional<CsvLayout> csvLayout(String source, Function<String, Optional<String>> lookup)
            throws BridgeConfigException {
        boolean known = PartnerSource.INBOX.equals(source)
                || !source.contains(".") && lookup.apply(PartnerSource.PREFIX + source + ".type").isPresent();
        return known ? Optional.of(csvLayoutOf(source, lookup)) : Optional.empty();
    }

    /** The CSV layout of the source named {@code source}, known to exist. */
    static CsvLayout csvLayoutOf(String source, Function<String, Optional<String>> lookup) throws BridgeConfigException {
        return CsvLayout.from(lookup, PartnerSource.PREFIX + source + ".csv.", "bridge.csv.");
    }

    /**
     * Checks only what a call to the Impilo API needs (the {@code status} command); returns the base URL.
     *
     * @param hint how to get a key, for the command at hand
     */
    public static String apiUrl(PropertyLookup properties, String hint) throws BridgeConfigException {
        Values values = new Values(properties, new ArrayList<>(KnownSettings.unknownKeys(properties)));
        String apiUrl = checkApiAccess(values, hint);
        failOnProblems(values);
        return apiUrl;
    }

    /**
     * Checks only {@code bridge.instance.lease} (the {@code instances} command), with the run's rules; returns it.
     */
    public static Duration instanceLease(PropertyLookup properties) throws BridgeConfigException {
        List<String> problems = new ArrayList<>(KnownSettings.unknownKeys(properties));
        Values values = new Values(properties, problems);
        String lease = checkLease(values);
        if (!lease.matches("\\d{1,12}")) {
            problems.add(values.named("bridge.instance.lease") + " must be a whole number of ms, got \"" + lease + "\"");
        }
        failOnProblems(values);
        return Duration.ofMillis(Long.parseLong(lease));
    }

    // Whole numbers are checked with the other NUMBERS; a lease must also leave room for renewing it every third.
    private static String checkLease(Values values) {
        String lease = values.get("bridge.instance.lease").orElse("");
        if (lease.matches("\\d+") && Long.parseLong(lease) < 1000) {
            values.problems.add(values.named("bridge.instance.lease") + " must be at least 1000 ms: it is renewed every"
                    + " third of it, got \"" + lease + "\"");
        }
        return lease;
    }

    private static String checkApiAccess(Values values, String hint) {
        String apiUrl = values.get("impilo.api.url").orElse("");
        if (!apiUrl.matches("https?://[^\\s/]+.*") || !isUri(apiUrl)) {
            values.problems.add(values.named("impilo.api.url", "IMPILO_API_URL") + " must be an http(s) URL, got \""
                    + apiUrl + "\"");
        } else if (apiUrl.endsWith("/")) {
            apiUrl = apiUrl.substring(0, apiUrl.length() - 1);
        }
        if (values.get("impilo.api.key").isEmpty()) {
            values.problems.add("impilo.api.key (env IMPILO_API_KEY) is not set: the Impilo API needs a key" + hint);
        }
        return apiUrl;
    }

    private static boolean isUri(String text) {
        try {
            URI.create(text);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Values read for the checks, each trimmed; a placeholder that cannot be resolved is a problem of its own. */
    private static final class Values {

        private static final String UNRESOLVED = " cannot be resolved: ";

        private final PropertyLookup properties;
        private final List<String> problems;
        private final Set<String> unresolved = new HashSet<>();

        Values(PropertyLookup properties, List<String> problems) {
            this.properties = properties;
            this.problems = problems;
        }

        Optional<String> get(String key) {
            try {
                return properties.get(key).map(String::trim).filter(v -> !v.isEmpty());
            } catch (IllegalArgumentException e) {
                if (unresolved.add(key)) {
                    problems.add(named(key) + UNRESOLVED + e.getMessage());
                }
                return Optional.empty();
            }
        }

        /**
         * One line per mistake: sources that take the same bridge-wide setting would each report its mistake, and a
         * setting that cannot be resolved would also fail the checks of its (then missing) value.
         */
        List<String> problemsOnce() {
            return problems.stream().distinct()
                    .filter(problem -> problem.contains(UNRESOLVED)
                            || unresolved.stream().noneMatch(key -> problem.startsWith(key + " ")))
                    .toList();
        }

        boolean flag(String key) {
            return get(key).map(Boolean::parseBoolean).orElse(false);
        }

        /** The key, and where a user set it, for messages about its value. */
        String named(String key) {
            return properties.userOrigin(key).map(origin -> key + " (" + origin + ")").orElse(key);
        }

        /**
         * Like {@link #named(String)}; when nothing of the user's set it, the environment variable that can (in the
         * standalone bridge: a host's lookup reads no variables of the bridge's).
         */
        String named(String key, String environmentVariable) {
            boolean variableCould = properties.readsEnvironment() && !properties.userSet(key);
            return variableCould ? key + " (env " + environmentVariable + ")" : named(key);
        }
    }

    // "0640" as "rw-r-----"
    private static String permissions(String octal) {
        String digits = octal.substring(octal.length() - 3);
        StringBuilder text = new StringBuilder();
        for (char digit : digits.toCharArray()) {
            int bits = digit - '0';
            text.append((bits & 4) != 0 ? 'r' : '-').append((bits & 2) != 0 ? 'w' : '-').append((bits & 1) != 0 ? 'x' : '-');
        }
        return text.toString();
    }
}
