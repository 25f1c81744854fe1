package com.impilo.bridge.routes;

import static com.impilo.bridge.support.Sockets.freePort;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import com.impilo.bridge.support.BridgeHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The webhook receiver speaks HTTPS with the key store it is given, and only HTTPS (issue 14, item 2). */
class WebhookTlsTest {

    private static final String SECRET = "tls-secret";
    private static final String STORE_PASSWORD = "store-pass-1";

    @TempDir
    Path data;

    @Test
    void with_a_key_store_the_receiver_answers_over_https_and_refuses_plain_http() throws Exception {
        Path keyStore = selfSignedKeyStore(data.resolve("webhook.p12"));
        int port = freePort();
        try (BridgeHarness bridge = BridgeHarness.start(data.resolve("data"), Map.of(
                "bridge.webhook.enabled", "true", "bridge.webhook.secret", SECRET, "bridge.feed.enabled", "true",
                "bridge.feed.interval", "0", "bridge.http.host", "127.0.0.1", "bridge.http.port",
                Integer.toString(port), "bridge.http.tls.key-store", keyStore.toString(),
                "bridge.http.tls.key-store-password", STORE_PASSWORD))) {
            long id = bridge.seedOrder("tls-1", "clinic-a");
            String envelope = "{\"id\":\"evt-1\",\"type\":\"order.statusFull\",\"payload\":"
                    + bridge.sandbox().order(id).orElseThrow() + "}";
            HttpClient trusting = HttpClient.newBuilder().sslContext(trusting(keyStore))
                    .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

            HttpResponse<String> overTls = trusting.send(post("https", port, envelope),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(overTls.statusCode()).isEqualTo(200);
            assertThat(overTls.body()).contains("emitted");
            assertThatThrownBy(() -> HttpClient.newHttpClient().send(post("http", port, envelope),
                    HttpResponse.BodyHandlers.ofString())).isInstanceOf(IOException.class);
        }
    }

    private static HttpRequest post(String scheme, int port, String body) {
        return HttpRequest.newBuilder(URI.create(scheme + "://127.0.0.1:" + port + "/webhooks/impilo"))
                .timeout(Duration.ofSeconds(10))
                .header("Impilo-Webhook-Secret", SECRET)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    // The JDK's keytool: a key and a self-signed certificate for 127.0.0.1, as an operator would make one.
    private static Path selfSignedKeyStore(Path file) throws Exception {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process process = new ProcessBuilder(List.of(keytool.toString(), "-genkeypair", "-alias", "webhook",
                "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1",
                "-validity", "2", "-storetype", "PKCS12", "-keystore", file.toString(), "-storepass", STORE_PASSWORD,
                "-keypass", STORE_PASSWORD)).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return file;
    }

    private static SSLContext trusting(Path keyStore) throws Exception {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            trusted.load(in, STORE_PASSWORD.toCharArray());
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }
}
