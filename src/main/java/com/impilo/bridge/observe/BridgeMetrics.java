package com.impilo.bridge.observe;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import java.util.stream.Stream;

import com.impilo.bridge.outcome.OutcomeListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.component.micrometer.MicrometerConstants;

/**
 * The bridge's own Micrometer meters, in the registry Camel's metrics service scrapes at {@code /observe/metrics}.
 * Tags carry source names, outcomes and endpoint names only, never order content.
 */
public final class BridgeMetrics implements OutcomeListener {

    private final MeterRegistry registry;
    private final Clock clock;
    // Meters met at every order, by their tags: registering looks the meter up by name and sorted tags at each call,
    // which cost more than counting. A registry's meters live as long as the registry (the bridge removes none).
    private final Map<List<String>, Counter> orders = new ConcurrentHashMap<>();
    private final Map<String, Counter> retries = new ConcurrentHashMap<>();
    private final Map<List<String>, Timer> apiCalls = new ConcurrentHashMap<>();

    BridgeMetrics(MeterRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
    }

    /**
     * The meters of this context: in the registry bound as {@code metricsRegistry} (a host's, or the one Camel's
     * Prometheus service made), else in a new Prometheus registry bound under that name, which Camel's service then
     * adopts when {@code camel.metrics.enabled=true}, whichever starts first.
     */
    public static BridgeMetrics of(CamelContext context, Clock clock) {
        MeterRegistry registry = context.getRegistry()
                .lookupByNameAndType(MicrometerConstants.METRICS_REGISTRY_NAME, MeterRegistry.class);
        if (registry == null) {
            registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            context.getRegistry().bind(MicrometerConstants.METRICS_REGISTRY_NAME, registry);
        }
        return new BridgeMetrics(registry, clock);
    }

    /** An order reached a step or an outcome: received, created, duplicate, rejected, undelivered or cancelled. */
    @Override
    public void order(String outcome, String partner) {
        orders.computeIfAbsent(List.of(outcome, partner), tags -> Counter.builder("impilo.bridge.orders")
                .description("Orders by outcome (received, created, duplicate, rejected, undelivered, cancelled) and partner"
                        + " source")
                .tag("outcome", outcome).tag("partner", partner)
                .register(registry)).increment();
    }

    /** A transient failure of an order's delivery is about to be retried. */
    @Override
    public void retried(String partner) {
        retries.computeIfAbsent(partner, tag -> Counter.builder("impilo.bridge.retries")
                .description("Retries of order deliveries after a transient failure, by partner source")
                .tag("partner", partner)
                .register(registry)).increment();
    }

    /** One call to the Impilo API: its name ({@code create-order}, ...), status class ({@code 2xx}, ...) and time. */
    public void apiCall(String endpoint, String statusClass, Duration taken) {
        apiCalls.computeIfAbsent(List.of(endpoint, statusClass), tags -> Timer.builder("impilo.bridge.api.calls")
                .description("Calls to the Impilo API by endpoint and status class (error: no HTTP answer)")
                .tag("endpoint", endpoint).tag("status", statusClass)
                .publishPercentileHistogram()
                .register(registry)).record(taken);
    }

    /**
     * Gauges of a local source's folder: files waiting and the age of the oldest, read when scraped. Gauges hold
     * their state weakly unless told otherwise; these must live as long as the bridge.
     */
    public void watchFolder(String partner, Path folder) {
        Gauge.builder("impilo.bridge.inbox.files", folder, f -> waiting(f).count())
                .description("Files waiting in a local source's folder")
                .tag("partner", partner).strongReference(true).register(registry);
        Gauge.builder("impilo.bridge.inbox.oldest.age.seconds", folder, this::oldestAgeSeconds)
                .description("Age of the oldest file waiting in a local source's folder (0 when none)")
                .tag("partner", partner).strongReference(true).register(registry);
    }

    /** Gauge of the order feed: seconds since the last poll that completed (NaN before the first one). */
    public void watchFeed(Supplier<Instant> lastCompletedPoll) {
        Gauge.builder("impilo.bridge.feed.lag.seconds", lastCompletedPoll, last -> last.get() == null ? Double.NaN
                        : Duration.between(last.get(), clock.instant()).toMillis() / 1000.0)
                .description("Seconds since the order feed's last completed poll")
                .strongReference(true).register(registry);
    }

    /**
     * Gauges of this instance among those sharing a store: the files it has claimed now, and 1 while it leads the order
     * feed (0 otherwise; the sum over all instances is 1 while a leader runs the feed on its schedule).
     */
    public void watchInstance(IntSupplier claimedFiles, BooleanSupplier leadsFeed, IntSupplier aliveInstances) {
        Gauge.builder("impilo.bridge.claimed.files", claimedFiles, IntSupplier::getAsInt)
                .description("Files this instance has claimed in the state store and is working on")
                .strongReference(true).register(registry);
        Gauge.builder("impilo.bridge.feed.leader", leadsFeed, leads -> leads.getAsBoolean() ? 1 : 0)
                .description("1 while this instance leads the order feed, else 0")
                .strongReference(true).register(registry);
        Gauge.builder("impilo.bridge.instances.alive", aliveInstances, IntSupplier::getAsInt)
                .description("Instances sharing the state store that were alive at this instance's last heartbeat")
                .strongReference(true).register(registry);
    }

    private double oldestAgeSeconds(Path folder) {
        return waiting(folder).flatMap(BridgeMetrics::modified).min(Instant::compareTo)
                .map(oldest -> Duration.between(oldest, clock.instant()).toMillis() / 1000.0)
                .orElse(0.0);
    }

    // Regular files that pickup would take: not dotfiles, sub-folders or files still being written (.part, .tmp).
    // Each is the listing's own path: one whose name cannot be read as text still names its file (and counts).
    private static Stream<Path> waiting(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(Files::isRegularFile).filter(file -> {
                String name = file.getFileName().toString();
                return !name.startsWith(".") && !name.endsWith(".part") && !name.endsWith(".tmp");
            }).toList().stream();
        } catch (IOException e) {
            return Stream.empty();
        }
    }

    // A file gone since the listing has no age.
    private static Stream<Instant> modified(Path file) {
        try {
            return Stream.of(Files.getLastModifiedTime(file).toInstant());
        } catch (IOException e) {
            return Stream.empty();
        }
    }
}
