package com.impilo.bridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;

import com.impilo.bridge.sandbox.ImpiloSandbox;
import com.impilo.bridge.sandbox.SandboxLifecycle;
import com.impilo.bridge.support.Orders;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code status <id>} against the sandbox over HTTP: found by Impilo id, by external id, or not found (exit 4). */
class StatusCommandTest {

    private ImpiloSandbox sandbox;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void startSandbox() {
        sandbox = ImpiloSandbox.start(0, "status-key");
    }

    @AfterEach
    void stopSandbox() {
        sandbox.close();
    }

    @Test
    void prints_status_tracking_numbers_and_events_of_an_order_found_by_its_impilo_id() {
        long id = sandbox.createOrder(Orders.line("st-1", 5)).path("id").asLong();
        sandbox.lifecycle().shipOrder(id);

        int exit = status(Long.toString(id));

        assertThat(exit).as(err.toString()).isZero();
        assertThat(out.toString()).contains("Impilo order " + id)
                .containsPattern("external order ids: +st-1")
                .containsPattern("status: +shipped")
                .containsPattern("tracking numbers: +usps " + SandboxLifecycle.trackingNumber(id))
                .containsPattern("events: +\\S+  orderPlaced\n +\\S+  awaitingShipment\n +\\S+  shipped\n");
    }

    @Test
    void finds_an_order_by_its_external_id_also_when_the_id_is_a_number() {
        sandbox.createOrder(Orders.line("st-2", 5));
        long id = sandbox.createOrder(Orders.line("777", 5)).path("id").asLong();

        assertThat(status("st-2")).as(err.toString()).isZero();
        assertThat(out.toString()).contains("Impilo order 1001").containsPattern("status: +orderPlaced")
                .containsPattern("tracking numbers: +\\(none\\)");

        out.getBuffer().setLength(0);
        assertThat(status("777")).as(err.toString()).isZero();
        assertThat(out.toString()).contains("Impilo order " + id).doesNotContain("Impilo order 1001");
    }

    @Test
    void exits_4_when_no_order_has_the_id() {
        sandbox.createOrder(Orders.line("st-3", 5));

        assertThat(status("no-such-order")).isEqualTo(4);
        assertThat(status("99999")).isEqualTo(4);
        assertThat(err.toString()).contains("no order with Impilo id or external order id \"no-such-order\"");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void exits_2_without_an_api_key() {
        int exit = execute("status", "1001", "-Dimpilo.api.url=" + sandbox.baseUrl(), "-Dimpilo.api.key=");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).startsWith("impilo-order-bridge status: configuration error: impilo.api.key")
                .as("a hint that works for this command").doesNotContain("run with --sandbox");
    }

    @Test
    void exits_1_when_the_api_refuses_the_key() {
        int exit = execute("status", "1001", "-Dimpilo.api.url=" + sandbox.baseUrl(), "-Dimpilo.api.key=wrong");

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString()).contains("refused the API key (HTTP 401)");
    }

    private int status(String order) {
        return execute("status", order, "-Dimpilo.api.url=" + sandbox.baseUrl(),
                "-Dimpilo.api.key=" + sandbox.apiKey());
    }

    private int execute(String... args) {
        return BridgeCommand.commandLine(false)
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .execute(args);
    }
}
