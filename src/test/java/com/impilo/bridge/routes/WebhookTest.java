package com.impilo.bridge.routes;

import static com.impilo.bridge.support.Sockets.freePort;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.impilo.bridge.feed.FeedChanges;
import com.impilo.bridge.model.ImpiloJson;
import com.impilo.bridge.support.BridgeHarness;
import com.impilo.bridge.support.Orders;
import org.apache.camel.Message;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** Impilo's order.statusFull webhooks over HTTP on the bridge's own port, and their place beside the poll. */
class WebhookTest {

    private static final String SECRET = "hook-secret-" + System.nanoTime();
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path data;

    private BridgeHarness bridge;
    private URI webhook;
    private final List<Message> emissions = new CopyOnWriteArrayList<>();
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private Logger root;

    @BeforeEach
    void start() throws Exception {
        root = ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        log.start();
        root.addAppender(log);
        int port = freePort();
        bridge = BridgeHarness.start(data, Map.of("bridge.feed.enabled", "true", "bridge.feed.interval", "0",
                "bridge.webhook.enabled", "true", "bridge.webhook.secret", SECRET,
                // a loopback address of its own: the receiver listens only where bridge.http.host says
                "bridge.http.port", Integer.toString(port), "bridge.http.host", "127.0.0.2"));
        webhook = URI.create("http://127.0.0.2:" + port + "/webhooks/impilo");
        bridge.runtime().camelContext().addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(Endpoints.ORDER_FEED).routeId("test-feed-consumer")
                        .process(exchange -> emissions.add(exchange.getMessage().copy()));
            }
        });
    }

    @AfterEach
    void stop() {
        bridge.close();
        root.detachAppender(log);
    }

    @Test
    void listens_only_on_the_address_bridge_http_host_names() {
        URI otherAddress = URI.create("http://127.0.0.1:" + webhook.getPort() + "/webhooks/impilo");

        assertThatThrownBy(() -> CLIENT.send(HttpRequest.newBuilder(otherAddress)
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(ConnectException.class);
    }

    @Test
    void refuses_a_wrong_or_missing_secret_with_401_and_emits_nothing() throws Exception {
        long id = bridge.seedOrder("wh-1", "clinic-a");
        String body = envelope(id);

        HttpResponse<String> wrong = post(body, "not-the-secret");
        HttpResponse<String> missing = post(body, null);

        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(missing.statusCode()).isEqualTo(401);
        assertThat(emissions).isEmpty();
        assertThat(data.resolve("outbox")).doesNotExist();
    }

    @Test
    void emits_a_change_once_and_the_following_poll_does_not_repeat_it() throws Exception {
        long id = bridge.seedOrder("wh-2", "clinic-a");
        bridge.sandbox().lifecycle().shipOrder(id);

        HttpResponse<String> first = post(envelope(id), SECRET);

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(ImpiloJson.mapper().readTree(first.body()).path("status").asText()).isEqualTo("emitted");
        assertThat(emissions).singleElement().satisfies(message -> {
            assertThat(message.getHeader(FeedChanges.HEADER_ORDER_ID, Long.class)).isEqualTo(id);
            assertThat(message.getHeader(FeedChanges.HEADER_STATUS)).isEqualTo("shipped");
            assertThat(message.getHeader(FeedChanges.HEADER_VIA)).isEqualTo("webhook");
            assertThat(message.getHeaders()).as("nothing of the HTTP request travels on")
                    .doesNotContainKey("Impilo-Webhook-Secret").doesNotContainKey("Content-Type");
        });
        JsonNode outbox = BridgeHarness.readJson(data.resolve("outbox/clinic-a/" + id + ".json"));
        assertThat(outbox).isEqualTo(bridge.sandbox().order(id).orElseThrow());

        assertThat(bridge.pollFeed().emitted()).isZero();
        HttpResponse<String> again = post(envelope(id), SECRET);
        assertThat(ImpiloJson.mapper().readTree(again.body()).path("status").asText()).isEqualTo("unchanged");
        assertThat(emissions).hasSize(1);
        assertThat(log.list).extracting(ILoggingEvent::getFormattedMessage).noneMatch(line -> line.contains(SECRET));
    }

    @Test
    void acknowledges_other_types_and_refuses_unreadable_webhooks() throws Exception {
        HttpResponse<String> other = post("{\"id\": \"evt-9\", \"type\": \"order.status\", \"payload\": {\"id\": 1}}",
                SECRET);
        HttpResponse<String> unreadable = post("{\"id\": \"evt-10\", \"type\": \"order.statusFull\"}", SECRET);

        assertThat(other.statusCode()).isEqualTo(200);
        assertThat(ImpiloJson.mapper().readTree(other.body()).path("status").asText()).isEqualTo("ignored");
        assertThat(unreadable.statusCode()).isEqualTo(400);
        assertThat(emissions).isEmpty();
    }

    @Test
    void ignores_orders_this_bridge_did_not_create() throws Exception {
        long id = bridge.sandbox().createOrder(Orders.line("foreign-1", 3)).path("id").asLong();

        HttpResponse<String> response = post(envelope(id), SECRET);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(emissions).isEmpty();
    }

    private String envelope(long orderId) {
        return "{\"id\": \"evt-" + orderId + "\", \"type\": \"order.statusFull\", \"payload\": "
                + bridge.sandbox().order(orderId).orElseThrow() + "}";
    }

    private HttpResponse<String> post(String body, String secret) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(webhook)
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (secret != null) {
            request.header("Impilo-Webhook-Secret", secret);
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
