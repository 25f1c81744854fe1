package com.impilo.bridge;

import static com.impilo.bridge.support.Orders.line;
import static com.impilo.bridge.support.Orders.patientOrder;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.impilo.bridge.sandbox.ImpiloSandbox;
import com.impilo.bridge.support.BridgeHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --once}: processes the inbox, then exits with a code that says whether every order was created. */
class OnceModeTest {

    @TempDir
    Path data;

    @Test
    void exits_0_when_every_order_was_created() throws Exception {
        Files.createDirectories(data.resolve("inbox"));
        Files.writeString(data.resolve("inbox/a.json"), patientOrder("once-1"));
        Files.writeString(data.resolve("inbox/b.ndjson"), line("once-2", 1) + "\n" + line("once-3", 2) + "\n");

        try (ImpiloSandbox sandbox = ImpiloSandbox.start(0, "once-key")) {
            int exit = OrderBridgeApplication.run(args(sandbox, "--once"));

            assertThat(exit).isZero();
            assertThat(sandbox.orders()).hasSize(3);
            assertThat(data.resolve("inbox")).isEmptyDirectory();
            assertThat(data.resolve("done/a.json.receipt.json")).exists();
            assertThat(data.resolve("done/b.ndjson.receipt.json")).exists();
        }
    }

    @Test
    void exits_3_when_an_order_was_rejected_or_undelivered() throws Exception {
        Files.createDirectories(data.resolve("inbox"));
        Files.writeString(data.resolve("inbox/a.ndjson"), line("once-4", 1) + "\n" + line("once-5", 666) + "\n");

        try (ImpiloSandbox sandbox = ImpiloSandbox.start(0, "once-key")) {
            int exit = OrderBridgeApplication.run(args(sandbox, "--once"));

            assertThat(exit).isEqualTo(3);
            assertThat(sandbox.orders()).hasSize(1);
            assertThat(data.resolve("rejected/a.line2.json.error.json")).exists();
        }
    }

    @Test
    void exits_2_before_taking_anything_when_the_api_key_is_refused() throws Exception {
        Files.createDirectories(data.resolve("inbox"));
        Files.writeString(data.resolve("inbox/a.ndjson"), line("once-6", 1) + "\n" + line("once-7", 2) + "\n");

        try (ImpiloSandbox sandbox = ImpiloSandbox.start(0, "once-key")) {
            sandbox.revokeKey();
            int exit = OrderBridgeApplication.run(args(sandbox, "--once"));

            assertThat(exit).isEqualTo(2);
            assertThat(data.resolve("inbox/a.ndjson")).exists();
            assertThat(data.resolve("rejected")).doesNotExist();
            assertThat(data.resolve("undelivered")).doesNotExist();
            // the key is checked before the first pickup: no order is sent with a key that is refused
            assertThat(sandbox.createRequests()).isZero();
        }
    }

    @Test
    void with_the_feed_on_polls_once_after_the_inbox_is_drained_and_still_exits() throws Exception {
        Files.createDirectories(data.resolve("inbox"));
        Files.writeString(data.resolve("inbox/a.ndjson"), line("once-6", 1) + "\n" + line("once-7", 2) + "\n");

        try (ImpiloSandbox sandbox = ImpiloSandbox.start(0, "once-key")) {
            int exit = OrderBridgeApplication.run(args(sandbox, "--once", "-Dbridge.feed.enabled=true"));

            assertThat(exit).isZero();
            for (JsonNode order : sandbox.orders()) {
                Path outbox = data.resolve("outbox/inbox/" + order.path("id").asLong() + ".json");
                // as Impilo has it, but with the partner's ids only: the bridge's stamp is its own
                ObjectNode partnerView = ((ObjectNode) order.deepCopy());
                partnerView.putArray("externalOrderIds").add(order.at("/externalOrderIds/0").asText());
                assertThat(BridgeHarness.readJson(outbox)).isEqualTo(partnerView);
            }
            assertThat(sandbox.orders()).hasSize(2);
        }
    }

    @Test
    void with_the_feed_on_still_exits_2_when_the_api_key_is_refused() throws Exception {
        Files.createDirectories(data.resolve("inbox"));
        Files.writeString(data.resolve("inbox/a.ndjson"), line("once-8", 1) + "\n");

        try (ImpiloSandbox sandbox = ImpiloSandbox.start(0, "once-key")) {
            sandbox.revokeKey();
            int exit = OrderBridgeApplication.run(args(sandbox, "--once", "-Dbridge.feed.enabled=true"));

            assertThat(exit).isEqualTo(2);
            assertThat(data.resolve("inbox/a.ndjson")).exists();
            assertThat(data.resolve("outbox")).doesNotExist();
        }
    }

    @Test
    void exits_0_at_once_when_the_inbox_is_empty() throws Exception {
        try (ImpiloSandbox sandbox = ImpiloSandbox.start(0, "once-key")) {
            assertThat(OrderBridgeApplication.run(args(sandbox, "--once"))).isZero();
            assertThat(sandbox.createRequests()).isZero();
        }
    }

    @Test
    void exits_2_on_a_configuration_error() {
        int exit = OrderBridgeApplication.run("--once", "--data-dir", data.toString(),
                "-Dimpilo.api.url=ftp://example", "-Dimpilo.api.key=x", "-Dbridge.retry.max-redeliveries=many");

        assertThat(exit).isEqualTo(2);
    }

    private String[] args(ImpiloSandbox sandbox, String... flags) {
        List<String> args = new ArrayList<>(List.of(flags));
        args.addAll(List.of("--data-dir", data.toString()));
        Map<String, String> settings = BridgeHarness.testSettings(data, sandbox.baseUrl(), sandbox.apiKey());
        settings.forEach((key, value) -> args.add("-D" + key + "=" + value));
        return args.toArray(String[]::new);
    }
}
