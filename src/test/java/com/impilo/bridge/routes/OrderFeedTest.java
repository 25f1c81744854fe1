package com.impilo.bridge.routes;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.impilo.bridge.feed.FeedChanges;
import com.impilo.bridge.feed.FeedPollResult;
import com.impilo.bridge.sandbox.SandboxLifecycle;
import com.impilo.bridge.outcome.AuditTrail;
import com.impilo.bridge.support.BridgeHarness;
import com.impilo.bridge.support.Orders;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The order feed against the sandbox over HTTP: several pages of orders, each change emitted exactly once. */
class OrderFeedTest {

    private static final String CLINIC = "clinic-a";
    private static final String PHARMACY = "pharmacy-b";

    @TempDir
    Path data;

    private BridgeHarness bridge;
    private final List<Emission> emissions = new CopyOnWriteArrayList<>();
    private final AtomicBoolean consumerFailsNext = new AtomicBoolean();

    @BeforeEach
    void start() throws Exception {
        bridge = BridgeHarness.start(data, Map.of("bridge.feed.enabled", "true", "bridge.feed.interval", "0"));
        consumeFeed();
    }

    @AfterEach
    void stop() {
        bridge.close();
    }

    @Test
    void first_poll_emits_each_order_of_this_bridge_once_over_several_pages_and_a_second_poll_nothing()
            throws Exception {
        List<Long> ours = seed(1_100);
        List<Long> foreign = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            foreign.add(bridge.sandbox().createOrder(Orders.line("other-" + i, 2))
                    .path("id").asLong());
        }

        FeedPollResult first = bridge.pollFeed();

        assertThat(first.completed()).as(first.toString()).isTrue();
        assertThat(first.pages()).isEqualTo(5);
        assertThat(first.ordersSeen()).isEqualTo(1_140);
        assertThat(first.emitted()).isEqualTo(1_100);
        assertThat(emittedIds()).containsExactlyInAnyOrderElementsOf(ours).doesNotHaveDuplicates()
                .doesNotContainAnyElementsOf(foreign);
        assertThat(emissions).allSatisfy(emission -> {
            assertThat(emission.status()).isEqualTo("orderPlaced");
            assertThat(emission.via()).isEqualTo("poll");
        });

        // the outbox: one file per order in its partner's folder, the order exactly as the API returned it
        assertThat(outboxFiles(CLINIC)).hasSize(550);
        assertThat(outboxFiles(PHARMACY)).hasSize(550);
        long sample = ours.get(7);
        Path file = data.resolve("outbox").resolve(PHARMACY).resolve(sample + ".json");
        assertThat(BridgeHarness.readJson(file)).isEqualTo(bridge.sandbox().order(sample).orElseThrow());
        assertThat(emissions.stream().filter(e -> e.id() == sample).findFirst().orElseThrow().json())
                .isEqualTo(Files.readString(file));
        assertThat(leftoverTempFiles()).isEmpty();

        FeedPollResult second = bridge.pollFeed();

        assertThat(second.completed()).isTrue();
        assertThat(second.ordersSeen()).isEqualTo(1_140);
        assertThat(second.emitted()).isZero();
        assertThat(emissions).hasSize(1_100);
    }

    @Test
    void after_the_simulator_ships_ten_orders_and_a_restart_exactly_those_ten_are_emitted_with_tracking_numbers()
            throws Exception {
        seed(1_100);
        bridge.pollFeed();
        List<Long> shipped = bridge.sandbox().lifecycle().shipOldest(10);

        // what was emitted survives the restart: the poll after it finds only the ten changes
        bridge.restart();
        emissions.clear();
        consumeFeed();
        FeedPollResult result = bridge.pollFeed();

        assertThat(result.completed()).isTrue();
        assertThat(result.emitted()).isEqualTo(10);
        assertThat(emittedIds()).containsExactlyInAnyOrderElementsOf(shipped);
        for (Emission emission : emissions) {
            assertThat(emission.status()).isEqualTo("shipped");
            JsonNode outbox = BridgeHarness.readJson(outboxFile(emission.partner(), emission.id()));
            assertThat(outbox.path("currentStatus").asText()).isEqualTo("shipped");
            assertThat(outbox.at("/trackingNumbers/0/carrier").asText()).isEqualTo("usps");
            assertThat(outbox.at("/trackingNumbers/0/value").asText())
                    .isEqualTo(SandboxLifecycle.trackingNumber(emission.id()));
            assertThat(outbox.path("orderEvents")).extracting(event -> event.path("name").asText())
                    .containsExactly("orderPlaced", "awaitingShipment", "shipped");
        }
        assertThat(bridge.pollFeed().emitted()).isZero();
        // each change is in the audit trail too, so that trace tells an order's life after its creation
        String audit = Files.readString(AuditTrail.files(data.resolve("audit")).get(0));
        for (Long id : shipped) {
            assertThat(audit).contains("\"event\":\"status-changed\"").containsPattern(
                    "\"event\":\"status-changed\".*\"impiloOrderId\":" + id + ",.*\"outcome\":\"shipped\"");
        }
    }

    @Test
    void orders_created_while_a_walk_is_in_progress_are_neither_lost_nor_emitted_twice() throws Exception {
        List<Long> before = seed(600);
        List<Long> during = new CopyOnWriteArrayList<>();
        // newest first: 30 new orders push 30 orders of page 2 onto page 3, where the walk meets them again
        bridge.sandbox().afterListPage(2, () -> {
            for (int i = 0; i < 30; i++) {
                during.add(bridge.seedOrder("during-" + i, CLINIC));
            }
        });

        FeedPollResult first = bridge.pollFeed();

        assertThat(first.completed()).isTrue();
        assertThat(first.listChanged()).isTrue();
        assertThat(first.ordersSeen()).as("30 orders seen twice").isEqualTo(630);
        assertThat(emittedIds()).containsExactlyInAnyOrderElementsOf(before);

        FeedPollResult second = bridge.pollFeed();

        assertThat(second.emitted()).isEqualTo(30);
        assertThat(emittedIds()).doesNotHaveDuplicates().hasSize(630).containsAll(before).containsAll(during);
    }

    @Test
    void a_503_on_page_3_fails_the_poll_and_the_next_poll_completes_without_writing_anything_twice() throws Exception {
        List<Long> ours = seed(800);
        // the first attempt and both retries of page 3 (bridge.retry.max-redeliveries=2 in tests) fail
        bridge.sandbox().afterListPage(2, () -> bridge.sandbox().faults().failNext(3, 503));

        FeedPollResult failed = bridge.pollFeed();

        assertThat(failed.completed()).isFalse();
        assertThat(failed.end()).contains("HTTP 503");
        assertThat(failed.emitted()).isEqualTo(500);

        FeedPollResult next = bridge.pollFeed();

        assertThat(next.completed()).isTrue();
        assertThat(next.emitted()).isEqualTo(300);
        assertThat(emittedIds()).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(ours);
        assertThat(outboxFiles(CLINIC).size() + outboxFiles(PHARMACY).size()).isEqualTo(800);
    }

    @Test
    void a_passing_503_is_retried_within_the_same_poll() {
        List<Long> ours = seed(300);
        bridge.sandbox().afterListPage(1, () -> bridge.sandbox().faults().failNext(1, 503));

        FeedPollResult result = bridge.pollFeed();

        assertThat(result.completed()).isTrue();
        assertThat(emittedIds()).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(ours);
    }

    @Test
    void a_429_waits_as_long_as_retry_after_asks_within_the_same_poll() {
        List<Long> ours = seed(5);
        bridge.sandbox().faults().failNext(1, 429, 1);
        long start = System.nanoTime();

        FeedPollResult result = bridge.pollFeed();

        assertThat(result.completed()).as(result.toString()).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - start))
                .as("the retry waited the second the API asked for, not the 10 ms backoff")
                .isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        assertThat(emittedIds()).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(ours);
    }

    @Test
    void a_consumer_of_the_feed_endpoint_that_fails_gets_the_change_again_on_the_next_poll() {
        long order = bridge.seedOrder("fails-once", CLINIC);
        consumerFailsNext.set(true);

        FeedPollResult first = bridge.pollFeed();

        assertThat(first.failedOrders()).isEqualTo(1);
        assertThat(first.emitted()).isZero();

        FeedPollResult second = bridge.pollFeed();

        assertThat(second.emitted()).isEqualTo(1);
        assertThat(emittedIds()).containsExactly(order);
    }

    private List<Long> seed(int count) {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(bridge.seedOrder("feed-" + i, i % 2 == 0 ? CLINIC : PHARMACY));
        }
        return ids;
    }

    private void consumeFeed() throws Exception {
        bridge.runtime().camelContext().addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(Endpoints.ORDER_FEED).routeId("test-feed-consumer").process(exchange -> {
                    if (consumerFailsNext.compareAndSet(true, false)) {
                        throw new IOException("host system down");
                    }
                    emissions.add(Emission.of(exchange));
                });
            }
        });
    }

    private List<Long> emittedIds() {
        return emissions.stream().map(Emission::id).collect(Collectors.toList());
    }

    private Path outboxFile(String partner, long id) {
        return data.resolve("outbox").resolve(partner).resolve(id + ".json");
    }

    private List<Path> outboxFiles(String partner) throws IOException {
        try (Stream<Path> files = Files.list(data.resolve("outbox").resolve(partner))) {
            return files.toList();
        }
    }

    private List<Path> leftoverTempFiles() throws IOException {
        try (Stream<Path> files = Files.walk(data.resolve("outbox"))) {
            return files.filter(file -> file.getFileName().toString().startsWith(".")).toList();
        }
    }

    /** One message the feed endpoint delivered. */
    private record Emission(long id, String status, String partner, String via, String json) {

        static Emission of(Exchange exchange) {
            return new Emission(exchange.getMessage().getHeader(FeedChanges.HEADER_ORDER_ID, Long.class),
                    exchange.getMessage().getHeader(FeedChanges.HEADER_STATUS, String.class),
                    exchange.getMessage().getHeader(FeedChanges.HEADER_PARTNER, String.class),
                    exchange.getMessage().getHeader(FeedChanges.HEADER_VIA, String.class),
                    exchange.getMessage().getBody(String.class));
        }
    }
}
