package com.impilo.bridge.cli;

import static com.impilo.bridge.support.Orders.line;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.impilo.bridge.BridgeRuntime;
import com.impilo.bridge.sandbox.ImpiloSandbox;
import com.impilo.bridge.support.BridgeHarness;
import com.impilo.bridge.support.PostgresServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code move-store}: a bridge that ran on its embedded SQLite store moves it into PostgreSQL and carries on there,
 * remembering every order it created; a running bridge or a target that is not empty stops the move.
 */
class MoveStoreCommandTest {

    private static final String ORDERS = line("moved-1", 311) + "\n" + line("moved-2", 311) + "\n";

    @TempDir
    Path data;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private ImpiloSandbox sandbox;
    private Map<String, String> postgres;

    @BeforeEach
    void sandboxAndDatabase() {
        sandbox = ImpiloSandbox.start(0, "move-key-" + UUID.randomUUID());
        PostgresServer server = PostgresServer.get();
        postgres = Map.of("bridge.store.url", server.newDatabase(), "bridge.store.user", server.user(),
                "bridge.store.password", server.password());
    }

    @AfterEach
    void stopSandbox() {
        sandbox.close();
    }

    @Test
    void moves_the_ledger_into_postgresql_where_the_bridge_goes_on_without_creating_an_order_twice() throws Exception {
        BridgeRuntime onSqlite = runtime(Map.of());
        drop("first.ndjson");
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(receipt("first.ndjson")));
        String installation = onSqlite.bridge().installationId();
        onSqlite.stop();

        assertThat(move()).as(err.toString()).isZero();

        assertThat(out.toString()).contains("(installation " + installation + ")")
                .containsPattern("order_ledger +2 row\\(s\\)");
        assertThat(data.resolve("state/bridge.db")).doesNotExist();
        assertThat(data.resolve("state/bridge.db.moved")).exists();
        BridgeRuntime onPostgres = runtime(postgres);
        try {
            assertThat(onPostgres.bridge().installationId()).isEqualTo(installation);
            drop("again.ndjson");
            await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(receipt("again.ndjson")));
            JsonNode again = BridgeHarness.readJson(receipt("again.ndjson"));
            assertThat(again.at("/orders").findValuesAsText("outcome")).containsOnly("duplicate");
            assertThat(sandbox.orders()).hasSize(2);
        } finally {
            onPostgres.stop();
        }
    }

    @Test
    void refuses_while_a_bridge_runs_on_the_data_folder_and_into_a_store_that_is_not_empty() throws Exception {
        BridgeRuntime running = runtime(Map.of());
        try {
            drop("first.ndjson");
            await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(receipt("first.ndjson")));
            assertThat(move()).isEqualTo(2);
            assertThat(err.toString()).contains("another bridge is running on the data folder")
                    .contains("stop it before moving its store");
        } finally {
            running.stop();
        }
        assertThat(move()).as(err.toString()).isZero();
        Files.move(data.resolve("state/bridge.db.moved"), data.resolve("state/bridge.db"));
        err.getBuffer().setLength(0);

        assertThat(move()).isEqualTo(2);

        assertThat(err.toString()).contains("the target store is not empty");
    }

    private BridgeRuntime runtime(Map<String, String> store) throws Exception {
        Map<String, String> settings = BridgeHarness.testSettings(data, sandbox.baseUrl(), sandbox.apiKey());
        settings.putAll(store);
        return BridgeHarness.awaitPickup(BridgeHarness.runtime(data, settings).start());
    }

    private void drop(String name) throws Exception {
        Path inbox = Files.createDirectories(data.resolve("inbox"));
        Files.writeString(inbox.resolve("." + name + ".tmp"), ORDERS);
        Files.move(inbox.resolve("." + name + ".tmp"), inbox.resolve(name));
    }

    private Path receipt(String name) {
        return data.resolve("done").resolve(name + ".receipt.json");
    }

    private int move() {
        String[] args = {"--data-dir", data.toString(), "-Dbridge.store.url=" + postgres.get("bridge.store.url"),
            "-Dbridge.store.user=" + postgres.get("bridge.store.user"),
            "-Dbridge.store.password=" + postgres.get("bridge.store.password")};
        return new CommandLine(new MoveStoreCommand()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute(args);
    }
}
