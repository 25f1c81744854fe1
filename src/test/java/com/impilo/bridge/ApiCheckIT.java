package com.impilo.bridge;

import static com.impilo.bridge.support.Sockets.freePort;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.impilo.bridge.sandbox.ImpiloSandbox;
import com.impilo.bridge.support.BridgeProcess;
import com.impilo.bridge.support.BridgeProcess.Result;
import com.impilo.bridge.support.Orders;
import com.impilo.bridge.support.SftpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where the bridge sends orders and takes files from is checked before anything is taken: a wrong URL is a
 * configuration error, an API or a source that cannot be reached ends a {@code --once} run with its own code, and no
 * order is ever rejected or dead-lettered for it.
 */
class ApiCheckIT {

    private static final long TIMEOUT_SECONDS = 60;
    private static final String ERROR = "impilo-order-bridge: configuration error: ";

    @TempDir
    Path work;

    @Test
    void an_api_url_with_a_wrong_path_is_a_configuration_error_and_no_order_is_rejected() throws Exception {
        try (ImpiloSandbox impilo = ImpiloSandbox.start(0, "check-key")) {
            Path order = drop("wrong-path.json");

            Result run = jar("--once", "-Dimpilo.api.url=" + impilo.baseUrl() + "/api/v3",
                    "-Dimpilo.api.key=check-key");

            assertThat(run.exitCode()).as(run.describe()).isEqualTo(2);
            assertThat(run.lines()).containsExactly(ERROR + "impilo.api.url " + impilo.baseUrl() + "/api/v3: GET"
                    + " /api/v3/order?size=1 answered HTTP 404: the base URL must not end in /api or /api/v3 (e.g."
                    + " https://app.impiloplatform.com)");
            assertThat(order).exists();
            assertThat(work.resolve("data/rejected")).doesNotExist();
            assertThat(impilo.createRequests()).isZero();
        }
    }

    @Test
    void https_against_a_plain_http_port_is_a_configuration_error_naming_the_scheme() throws Exception {
        try (ImpiloSandbox impilo = ImpiloSandbox.start(0, "check-key")) {
            Path order = drop("tls.json");
            String https = impilo.baseUrl().replace("http://", "https://");

            Result run = jar("--once", "-Dimpilo.api.url=" + https, "-Dimpilo.api.key=check-key",
                    "-Dbridge.http.connect-timeout=2000", "-Dbridge.http.response-timeout=2000");

            assertThat(run.exitCode()).as(run.describe()).isEqualTo(2);
            assertThat(run.lines()).singleElement().asString().startsWith(ERROR + "impilo.api.url " + https)
                    .endsWith("the server answers plain HTTP: the URL must start with http://");
            assertThat(order).exists();
        }
    }

    @Test
    void an_api_that_cannot_be_reached_ends_a_once_run_with_code_5_and_takes_nothing() throws Exception {
        Path order = drop("unreachable.json");

        Result run = jar("--once", "-Dimpilo.api.url=http://127.0.0.1:" + freePort(), "-Dimpilo.api.key=any");

        assertThat(run.exitCode()).as(run.describe()).isEqualTo(5);
        assertThat(run.output()).contains("cannot be reached: the connection was refused; nothing was taken, every"
                + " file stays where it is");
        assertThat(order).exists();
        assertThat(work.resolve("data/undelivered")).doesNotExist();
    }

    @Test
    void a_once_run_with_an_sftp_source_whose_host_key_is_refused_ends_after_the_wait_with_code_5() throws Exception {
        Path remote = work.resolve("sftp-root");
        try (ImpiloSandbox impilo = ImpiloSandbox.start(0, "check-key");
             SftpServer sftp = SftpServer.start(remote, work.resolve("keys"))) {
            Path file = sftp.upload("outbox", "waiting.json", Orders.patientOrder("hostkey-1"));
            List<String> args = new ArrayList<>(List.of("--once", "-Dimpilo.api.url=" + impilo.baseUrl(),
                    "-Dimpilo.api.key=check-key", "-Dbridge.once.source-wait=2000", "-Dbridge.sftp.poll-delay=200",
                    "-Dbridge.sftp.reconnect-delay=100", "-Dbridge.sftp.max-reconnect-attempts=0"));
            sftp.source("partner", "outbox").forEach((key, value) -> args.add("-D" + key + "=" + value));
            args.add("-Dbridge.sources.partner.known-hosts-file=" + sftp.knownHostsOfAnotherServer());

            Result run = BridgeProcess.run(work, Map.of(), TIMEOUT_SECONDS, args);

            assertThat(run.exitCode()).as(run.describe()).isEqualTo(5);
            assertThat(run.output()).contains("source partner cannot poll sftp://" + SftpServer.USER + "@127.0.0.1:"
                    + sftp.port()).contains("given up after 2 s");
            assertThat(file).exists();
            assertThat(impilo.createRequests()).isZero();
        }
    }

    private Path drop(String name) throws IOException {
        Path inbox = Files.createDirectories(work.resolve("data/inbox"));
        return Files.writeString(inbox.resolve(name), Orders.patientOrder(UUID.randomUUID().toString()));
    }

    private Result jar(String... args) throws InterruptedException {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--data-dir", "data", "-Dbridge.pickup.min-age=100", "-Dbridge.pickup.initial-delay=0"));
        return BridgeProcess.run(work, Map.of(), TIMEOUT_SECONDS, all);
    }
}
