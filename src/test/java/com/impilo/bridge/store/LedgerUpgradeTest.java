package com.impilo.bridge.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.impilo.bridge.support.BridgeHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A state store written by the bridge before orders were keyed by partner (the fixture is the store of a
 * {@code --sandbox --once} run of that version over the samples) is upgraded in place, and its orders stay created.
 */
class LedgerUpgradeTest {

    private static final Path FIXTURE = Path.of("src/test/resources/fixtures/ledger-before-stamps.db");
    private static final Path SAMPLES = Path.of("samples");

    @TempDir
    Path data;

    @Test
    void keys_every_recorded_order_by_its_source_and_keeps_its_old_key() throws Exception {
        installFixture();

        StateStore store = StateStore.open(null, data, null, null);
        try {
            OrderLedger ledger = new OrderLedger(store.dataSource(), Clock.systemUTC());
            String key = "bridge:" + store.installationId() + ":inbox:sample-patient-0001";

            assertThat(ledger.find(key)).hasValueSatisfying(entry -> {
                assertThat(entry.state()).isEqualTo(LedgerEntry.State.CREATED);
                assertThat(entry.impiloOrderId()).isEqualTo(1004L);
            });
            assertThat(ledger.legacyKey(key)).hasValue("sample-patient-0001");
            assertThat(ledger.all()).hasSize(8).allSatisfy(entry -> assertThat(entry.idempotencyKey())
                    .startsWith("bridge:" + store.installationId() + ":inbox:"));
        } finally {
            store.stop();
        }
    }

    @Test
    void keeps_its_installation_and_refuses_to_be_taken_for_another() throws Exception {
        StateStore first = StateStore.open(null, data, null, null, "site-a");
        first.stop();

        StateStore again = StateStore.open(null, data, null, null);
        again.stop();
        IllegalStateException other = catchThrowableOfType(IllegalStateException.class,
                () -> StateStore.open(null, data, null, null, "site-b"));

        assertThat(again.installationId()).isEqualTo("site-a");
        assertThat(other).hasMessageContaining("belongs to installation site-a, not site-b");
    }

    @Test
    void the_upgraded_bridge_skips_every_order_created_before_and_sends_nothing() throws Exception {
        installFixture();
        try (BridgeHarness bridge = BridgeHarness.start(data)) {
            dropSamples(bridge);

            JsonNode receipt = bridge.awaitReceipt("site-orders.ndjson");
            bridge.awaitReceipt("patient-order.json");
            bridge.awaitReceipt("csv-orders.csv");

            assertThat(receipt.path("orders")).hasSize(3).allSatisfy(order -> assertThat(order.path("outcome").asText())
                    .isEqualTo("duplicate"));
            assertThat(bridge.sandbox().createRequests()).isZero();
        }
    }

    @Test
    void an_order_in_flight_before_the_upgrade_is_found_by_its_old_key_when_it_is_for_the_same_patient()
            throws Exception {
        installFixture();
        // as a crash of the earlier version leaves it: sent, no answer recorded
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("state/bridge.db"));
             Statement sql = db.createStatement()) {
            sql.executeUpdate("UPDATE order_ledger SET state = 'IN_FLIGHT', impilo_order_id = NULL"
                    + " WHERE idempotency_key = 'sample-patient-0001'");
        }
        try (BridgeHarness bridge = BridgeHarness.start(data)) {
            long earlier = bridge.sandbox().createOrder(Files.readString(SAMPLES.resolve("patient-order.json")))
                    .path("id").asLong();
            bridge.drop("patient-order.json", Files.readString(SAMPLES.resolve("patient-order.json")));

            JsonNode receipt = bridge.awaitReceipt("patient-order.json");

            assertThat(receipt.at("/orders/0/outcome").asText()).isEqualTo("created");
            assertThat(receipt.at("/orders/0/impiloOrderId").asLong()).isEqualTo(earlier);
            assertThat(bridge.sandbox().orders()).hasSize(1);
        }
    }

    private void installFixture() throws Exception {
        Files.createDirectories(data.resolve("state"));
        Files.copy(FIXTURE, data.resolve("state/bridge.db"));
    }

    private static void dropSamples(BridgeHarness bridge) throws Exception {
        try (Stream<Path> samples = Files.list(SAMPLES)) {
            // the samples of the version that wrote the fixture: no X12 yet
            for (Path sample : samples.filter(s -> !s.getFileName().toString().startsWith("rejected")
                    && !s.getFileName().toString().endsWith(".x12")).toList()) {
                bridge.drop(sample.getFileName().toString(), Files.readString(sample));
            }
        }
    }
}
