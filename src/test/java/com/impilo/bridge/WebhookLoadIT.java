package com.impilo.bridge;

import static com.impilo.bridge.support.Sockets.freePort;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.impilo.bridge.sandbox.ImpiloSandbox;
import com.impilo.bridge.support.BridgeProcess;
import com.impilo.bridge.support.Orders;
import com.impilo.bridge.support.Sockets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The webhook receiver under attack, as the jar runs it with a heap of 128 MB (issue 14, item 2): 200 connections
 * with a wrong secret, each announcing almost 4 MB of body and sending it as fast as it can, and 100 connections that
 * never finish their headers. Before, such bodies were read whole before the secret was checked and filled the heap.
 * Now each stranger is answered 401 without being read, the half-open connections are closed, the process keeps its
 * heap, and every valid webhook sent meanwhile is answered 200. Loopback only, and seconds long.
 */
class WebhookLoadIT {

    private static final String SECRET = "load-secret";
    private static final int BODY_BYTES = 3_990_000;

    @TempDir
    Path work;

    @Test
    void hundreds_of_unauthenticated_large_requests_neither_fill_the_heap_nor_delay_valid_webhooks()
            throws Exception {
        int port = freePort();
        try (ImpiloSandbox impilo = ImpiloSandbox.start(0, "load-key")) {
            long orderId = impilo.createOrder(Orders.line("load-1", 1)).path("id").asLong();
            String envelope = "{\"id\":\"evt-load\",\"type\":\"order.statusFull\",\"payload\":"
                    + impilo.order(orderId).orElseThrow() + "}";
            BridgeProcess bridge = BridgeProcess.start(work, List.of("--data-dir", work.resolve("data").toString(),
                    "-Dimpilo.api.url=" + impilo.baseUrl(), "-Dimpilo.api.key=load-key",
                    "-Dbridge.webhook.enabled=true", "-Dbridge.webhook.secret=" + SECRET,
                    "-Dbridge.http.host=127.0.0.1", "-Dbridge.http.port=" + port),
                    Map.of("JAVA_TOOL_OPTIONS", "-Xmx128m"));
            try {
                HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(Duration.ofSeconds(5)).build();
                await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
                        .until(() -> post(client, port, envelope).statusCode() == 200);

                List<Socket> halfOpen = new ArrayList<>();
                for (int i = 0; i < 100; i++) {
                    Socket socket = new Socket();
                    socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
                    socket.getOutputStream().write("POST /webhooks/impilo HTTP/1.1\r\nHost: x\r\nX-Slow: "
                            .getBytes(StandardCharsets.US_ASCII));
                    halfOpen.add(socket);
                }
                ExecutorService attackers = Executors.newFixedThreadPool(40);
                List<Future<Integer>> strangers = new ArrayList<>();
                for (int i = 0; i < 200; i++) {
                    strangers.add(attackers.submit(() -> unauthenticatedLargeRequest(port)));
                }
                List<Integer> valid = new ArrayList<>();
                while (strangers.stream().anyMatch(stranger -> !stranger.isDone())) {
                    valid.add(post(client, port, envelope).statusCode());
                }
                attackers.shutdown();

                for (Future<Integer> stranger : strangers) {
                    assertThat(stranger.get()).as("each stranger is refused").isEqualTo(401);
                }
                assertThat(valid).as("valid webhooks answered meanwhile, each within its 10 s timeout")
                        .isNotEmpty().containsOnly(200);
                // the default read timeout: 10 s
                await().atMost(Duration.ofSeconds(30)).until(() -> halfOpen.stream().allMatch(Sockets::closed));
                assertThat(post(client, port, envelope).statusCode()).isEqualTo(200);
                assertThat(bridge.output()).doesNotContain("OutOfMemoryError");
                for (Socket socket : halfOpen) {
                    socket.close();
                }
            } finally {
                assertThat(bridge.terminate(60)).as(bridge.output()).isZero();
            }
            assertThat(Files.exists(work.resolve("data"))).isTrue();
        }
    }

    private static HttpResponse<String> post(HttpClient client, int port, String body) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/webhooks/impilo"))
                .timeout(Duration.ofSeconds(10))
                .header("Impilo-Webhook-Secret", SECRET)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    // Headers with a wrong secret, then the body as fast as the connection takes it; the answer's status.
    private static int unauthenticatedLargeRequest(int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /webhooks/impilo HTTP/1.1\r\nHost: x\r\nImpilo-Webhook-Secret: guess\r\n"
                    + "Content-Type: application/json\r\nContent-Length: " + BODY_BYTES + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = new byte[64 * 1024];
            try {
                for (int sent = 0; sent < BODY_BYTES; sent += chunk.length) {
                    out.write(chunk, 0, Math.min(chunk.length, BODY_BYTES - sent));
                }
            } catch (IOException closedByTheServer) {
                // the answer came before the body
            }
            return status(socket.getInputStream());
        }
    }

    private static int status(InputStream in) throws IOException {
        byte[] line = new byte[12];
        int read = 0;
        while (read < line.length) {
            int n = in.read(line, read, line.length - read);
            if (n < 0) {
                return -1;
            }
            read += n;
        }
        return Integer.parseInt(new String(line, 9, 3, StandardCharsets.US_ASCII));
    }
}
