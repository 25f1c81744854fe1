package com.impilo.bridge.routes;

import static com.impilo.bridge.support.Sockets.freePort;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.impilo.bridge.support.BridgeHarness;
import com.impilo.bridge.support.Sockets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The webhook receiver meets strangers (issue 14, item 2): it checks the secret from its header alone before it reads
 * a body, refuses large bodies unread, answers slow requests 408, closes connections whose headers never come, and
 * takes at most so many webhooks at once. Raw sockets, so that each request is exactly as hostile as written.
 */
class WebhookHardeningTest {

    private static final String SECRET = "hardening-secret";
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path data;

    private BridgeHarness bridge;
    private int port;

    @BeforeEach
    void start() throws Exception {
        port = freePort();
        bridge = BridgeHarness.start(data, Map.of("bridge.feed.enabled", "true", "bridge.feed.interval", "0",
                "bridge.webhook.enabled", "true", "bridge.webhook.secret", SECRET,
                "bridge.http.host", "127.0.0.1", "bridge.http.port", Integer.toString(port),
                "bridge.webhook.read-timeout", "1000", "bridge.webhook.max-concurrent", "2",
                "bridge.webhook.max-body-bytes", "100000"));
    }

    @AfterEach
    void stop() {
        bridge.close();
    }

    @Test
    void a_wrong_secret_is_answered_401_before_the_body_is_sent() throws Exception {
        try (Socket socket = connect()) {
            send(socket, headers("POST", "/webhooks/impilo", "not-the-secret", 3_990_000));

            assertThat(statusOf(socket)).isEqualTo(401);
        }
    }

    @Test
    void the_secret_counts_only_in_its_header_never_in_the_query_or_a_form_field() throws Exception {
        long id = bridge.seedOrder("hard-1", "clinic-a");
        String envelope = envelope(id);

        HttpResponse<String> inQuery = CLIENT.send(HttpRequest.newBuilder(
                        URI.create(base() + "/webhooks/impilo?Impilo-Webhook-Secret=" + SECRET))
                .POST(HttpRequest.BodyPublishers.ofString(envelope)).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> inForm = CLIENT.send(HttpRequest.newBuilder(URI.create(base() + "/webhooks/impilo"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("Impilo-Webhook-Secret=" + SECRET)).build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> inHeader = CLIENT.send(HttpRequest.newBuilder(URI.create(base() + "/webhooks/impilo"))
                .header("Impilo-Webhook-Secret", SECRET)
                .POST(HttpRequest.BodyPublishers.ofString(envelope)).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(inQuery.statusCode()).isEqualTo(401);
        assertThat(inForm.statusCode()).isEqualTo(401);
        assertThat(inHeader.statusCode()).isEqualTo(200);
    }

    @Test
    void a_body_larger_than_allowed_is_refused_413_unread_whether_announced_or_streamed() throws Exception {
        try (Socket announced = connect()) {
            send(announced, headers("POST", "/webhooks/impilo", SECRET, 200_000));

            assertThat(statusOf(announced)).isEqualTo(413);
        }
        try (Socket chunked = connect()) {
            send(chunked, "POST /webhooks/impilo HTTP/1.1\r\nHost: x\r\nImpilo-Webhook-Secret: " + SECRET
                    + "\r\nTransfer-Encoding: chunked\r\n\r\n");
            String chunk = "x".repeat(60_000);
            try {
                for (int i = 0; i < 3; i++) {
                    send(chunked, Integer.toHexString(chunk.length()) + "\r\n" + chunk + "\r\n");
                }
            } catch (SocketException closedByTheServer) {
                // the answer came first
            }

            assertThat(statusOf(chunked)).isEqualTo(413);
        }
    }

    @Test
    void a_body_that_does_not_arrive_in_time_is_answered_408() throws Exception {
        try (Socket slow = connect()) {
            send(slow, headers("POST", "/webhooks/impilo", SECRET, 100) + "{\"id\":");

            assertThat(statusOf(slow)).isEqualTo(408);
        }
    }

    @Test
    void connections_whose_headers_never_come_are_closed_after_the_read_timeout() throws Exception {
        List<Socket> slow = new ArrayList<>();
        try {
            for (int i = 0; i < 50; i++) {
                Socket socket = connect();
                send(socket, "POST /webhooks/impilo HTTP/1.1\r\nHost: x\r\nX-Slow: ");
                slow.add(socket);
            }

            await().atMost(Duration.ofSeconds(15)).until(() -> slow.stream().allMatch(Sockets::closed));
        } finally {
            for (Socket socket : slow) {
                socket.close();
            }
        }
    }

    @Test
    void more_webhooks_at_once_than_allowed_are_answered_429_with_retry_after() throws Exception {
        try (Socket first = connect(); Socket second = connect()) {
            // two webhooks in progress: their bodies have not all arrived
            send(first, headers("POST", "/webhooks/impilo", SECRET, 50) + "{");
            send(second, headers("POST", "/webhooks/impilo", SECRET, 50) + "{");

            List<String> answers = new ArrayList<>();
            await().atMost(Duration.ofSeconds(5)).until(() -> {
                try (Socket third = connect()) {
                    send(third, headers("POST", "/webhooks/impilo", SECRET, 2) + "{}");
                    answers.add(answerOf(third));
                }
                return answers.get(answers.size() - 1).startsWith("HTTP/1.1 429");
            });
            assertThat(answers.get(answers.size() - 1)).containsIgnoringCase("Retry-After: 1");
        }
    }

    @Test
    void other_paths_and_methods_are_refused_without_reading() throws Exception {
        try (Socket get = connect()) {
            send(get, "GET /webhooks/impilo HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(statusOf(get)).isEqualTo(405);
        }
        try (Socket other = connect()) {
            send(other, headers("POST", "/observe/health", SECRET, 10));
            assertThat(statusOf(other)).isEqualTo(404);
        }
    }

    private String base() {
        return "http://127.0.0.1:" + port;
    }

    private String envelope(long orderId) {
        return "{\"id\":\"wh-" + orderId + "\",\"type\":\"order.statusFull\",\"payload\":"
                + bridge.sandbox().order(orderId).orElseThrow() + "}";
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        socket.setSoTimeout(20_000);
        return socket;
    }

    private static String headers(String method, String path, String secret, long contentLength) {
        return method + " " + path + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + "Impilo-Webhook-Secret: " + secret + "\r\nContent-Length: " + contentLength + "\r\n\r\n";
    }

    private static void send(Socket socket, String text) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static int statusOf(Socket socket) throws IOException {
        String answer = answerOf(socket);
        assertThat(answer).as("an HTTP answer").startsWith("HTTP/1.1 ");
        return Integer.parseInt(answer.substring(9, 12));
    }

    // The answer's status line and headers.
    private static String answerOf(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        StringBuilder text = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0) {
            text.append((char) c);
            if (text.length() >= 4 && text.substring(text.length() - 4).equals("\r\n\r\n")) {
                break;
            }
        }
        return text.toString();
    }
}
