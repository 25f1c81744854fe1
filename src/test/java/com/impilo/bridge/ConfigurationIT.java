package com.impilo.bridge;

import static com.impilo.bridge.support.Sockets.freePort;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.impilo.bridge.sandbox.ImpiloSandbox;
import com.impilo.bridge.support.BridgeHarness;
import com.impilo.bridge.support.BridgeProcess;
import com.impilo.bridge.support.BridgeProcess.Result;
import com.impilo.bridge.support.Orders;
import com.impilo.bridge.support.SftpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The configuration as an operator writes it, through the jar: every layer in its documented order with keys the
 * defaults define, and every mistake as one line naming where it is, before Camel starts.
 */
class ConfigurationIT {

    private static final long TIMEOUT_SECONDS = 60;
    private static final String ERROR = "impilo-order-bridge: configuration error: ";
    private static final String FAST = "bridge.pickup.min-age = 100\nbridge.pickup.initial-delay = 0\n"
            + "bridge.pickup.poll-delay = 100\n";

    @TempDir
    Path work;

    private ImpiloSandbox impilo;
    private String key;

    @BeforeEach
    void startImpilo() {
        key = "config-it-" + UUID.randomUUID();
        impilo = ImpiloSandbox.start(0, key);
    }

    @AfterEach
    void stopImpilo() {
        impilo.close();
    }

    @Test
    void a_config_file_sets_keys_the_defaults_define_and_validate_reads_it_the_same() throws Exception {
        Path config = write("partner.properties", "impilo.api.url = " + impilo.baseUrl() + "\nimpilo.api.key = " + key
                + "\nbridge.http.max-concurrency = 2\nbridge.feed.enabled = true\nbridge.csv.delimiter = ;\n" + FAST);
        Path csv = write("data/inbox/semicolons.csv", "external_order_id;patient_id;item_id;count\n"
                + "semi-1;1234;12;3\n");

        Result check = jar("validate", "--config", config.toString(), csv.toString());
        Result run = jar("--once", "--data-dir", "data", "--config", config.toString());

        assertThat(check.exitCode()).as(check.describe()).isZero();
        assertThat(check.output()).contains("semicolons.csv line 2: OK");
        assertThat(run.exitCode()).as(run.describe()).isZero();
        assertThat(run.output()).contains("at most 2 API calls at once");
        assertThat(impilo.orders()).singleElement()
                .satisfies(order -> assertThat(order.at("/externalOrderIds/0").asText()).isEqualTo("semi-1"));
        long id = impilo.orders().get(0).path("id").asLong();
        assertThat(work.resolve("data/outbox/inbox/" + id + ".json")).as("the feed, switched on in the file").exists();
    }

    @Test
    void each_layer_overrides_the_one_below_it_defaults_local_file_config_file_environment_command_line()
            throws Exception {
        write("config/application.properties", "impilo.api.url = " + impilo.baseUrl() + "\nimpilo.api.key = " + key
                + "\nbridge.http.max-concurrency = 2\n" + FAST);
        Path extra = write("extra.properties", "bridge.http.max-concurrency = 3\n");
        Map<String, String> environment = Map.of("BRIDGE_HTTP_MAX_CONCURRENCY", "5");

        assertThat(concurrency(jar("--once"))).isEqualTo("2");
        assertThat(concurrency(jar("--once", "--config", extra.toString()))).isEqualTo("3");
        assertThat(concurrency(jar(environment, "--once", "--config", extra.toString()))).isEqualTo("5");
        assertThat(concurrency(jar(environment, "--once", "--config", extra.toString(),
                "-Dbridge.http.max-concurrency=6"))).isEqualTo("6");
    }

    @Test
    void every_mistyped_or_wrong_setting_is_one_line_naming_its_file_line_and_the_closest_key() throws Exception {
        Path config = write("typos.properties", "bridge.retry.max-redelivery = 3\nimpilo.api.kye = abc\n"
                + "camel.main.shutdown-timout = 4\nbridge.retry.max-redeliveries = five\n");

        Result run = jar("--sandbox", "--once", "--config", config.toString(), "-Dbridge.feed.intervall=5");

        assertThat(run.exitCode()).as(run.describe()).isEqualTo(2);
        assertThat(run.lines()).as(run.describe()).containsExactlyInAnyOrder(
                ERROR + "bridge.retry.max-redelivery (" + config + " line 1) is not a setting of the bridge: did you"
                        + " mean bridge.retry.max-redeliveries?",
                ERROR + "impilo.api.kye (" + config + " line 2) is not a setting of the bridge: did you mean"
                        + " impilo.api.key?",
                ERROR + "camel.main.shutdown-timout (" + config + " line 3) is not a Camel setting: did you mean"
                        + " camel.main.shutdown-timeout?",
                ERROR + "bridge.retry.max-redeliveries (" + config + " line 4) must be a whole number of at least 0,"
                        + " got \"five\"",
                ERROR + "bridge.feed.intervall is not a setting of the bridge: did you mean bridge.feed.interval?");
        assertThat(work.resolve("sandbox-data")).as("nothing started").doesNotExist();
    }

    @Test
    void an_unset_variable_in_the_order_key_prefix_stops_the_start_instead_of_keying_orders_differently()
            throws Exception {
        Path config = write("prefix.properties", "bridge.idempotency.prefix = {{env:IMPILO_TEST_UNSET_PREFIX}}\n");

        Result run = jar("--sandbox", "--once", "--config", config.toString());

        assertThat(run.exitCode()).as(run.describe()).isEqualTo(2);
        assertThat(run.lines()).as(run.describe()).containsExactly(ERROR + "bridge.idempotency.prefix (" + config
                + " line 1) cannot be resolved: the placeholder {{env:IMPILO_TEST_UNSET_PREFIX}} has no value and no"
                + " default");
        assertThat(work.resolve("sandbox-data")).as("nothing started").doesNotExist();
    }

    @Test
    void a_missing_or_malformed_config_file_is_one_line_naming_the_file_and_line() throws Exception {
        Path malformed = write("malformed.properties", "# a comment\nbridge.csv.delimiter = ;\n"
                + "bridge.csv.quote = \\u00ZZ\n");

        Result missing = jar("--once", "--config", "no-such.properties");
        Result broken = jar("--once", "--config", malformed.toString());

        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.lines()).containsExactly(ERROR + "--config no-such.properties: no such file");
        assertThat(broken.exitCode()).isEqualTo(2);
        assertThat(broken.lines()).containsExactly(ERROR + malformed + " line 3: cannot be read: a \\u escape needs"
                + " four hex digits");
    }

    @Test
    void a_configuration_error_prints_its_line_and_nothing_of_camel() throws Exception {
        Result run = jar("--once");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.lines()).as(run.describe()).containsExactly(ERROR + "impilo.api.key (env IMPILO_API_KEY) is not"
                + " set: the Impilo API needs a key (or run with --sandbox to try the bridge without one)");
    }

    @Test
    void status_without_a_key_says_how_to_ask_a_sandbox_run_and_not_to_use_an_option_it_lacks() throws Exception {
        Result status = jar("status", "1001");

        assertThat(status.exitCode()).isEqualTo(2);
        assertThat(status.output()).contains("impilo-order-bridge status: configuration error: impilo.api.key")
                .contains("-Dimpilo.api.key=sandbox-key").doesNotContain("run with --sandbox");
    }

    @Test
    void a_default_inbox_the_bridge_cannot_read_stops_the_start_with_its_file_still_there() throws Exception {
        // root reads any folder, so the bridge runs as an unprivileged user where the tests run as root
        List<String> asUser = unprivileged();
        Path data = Files.createDirectories(work.resolve("data/inbox")).getParent();
        Path order = write("data/inbox/order.json", "{}");
        openToAll(work, data);
        Files.setPosixFilePermissions(data.resolve("inbox"), PosixFilePermissions.fromString("---------"));

        Result run = BridgeProcess.runAs(work, asUser, List.of("--once", "--data-dir", data.toString(),
                "-Dimpilo.api.url=" + impilo.baseUrl(), "-Dimpilo.api.key=" + key), TIMEOUT_SECONDS);

        Files.setPosixFilePermissions(data.resolve("inbox"), PosixFilePermissions.fromString("rwxrwxrwx"));
        assertThat(run.exitCode()).as(run.describe()).isEqualTo(2);
        assertThat(run.lines()).containsExactly(ERROR + "bridge.sources.inbox: " + data.resolve("inbox")
                + " is not a folder the bridge can read and write");
        assertThat(order).exists();
    }

    @Test
    void the_production_example_runs_with_its_secrets_from_the_environment() throws Exception {
        Path example = Path.of("config/examples/production.properties").toAbsolutePath();
        Path remote = work.resolve("sftp-root");
        try (SftpServer sftp = SftpServer.start(remote, work.resolve("keys"))) {
            sftp.upload("outbox/orders", "acme-1.json", Orders.patientOrder("prod-1"));
            Map<String, String> environment = new HashMap<>();
            environment.put("IMPILO_API_URL", impilo.baseUrl());
            environment.put("IMPILO_API_KEY", key);
            environment.put("BRIDGE_DATA_DIR", work.resolve("var").toString());
            environment.put("ACME_SFTP_HOST", "127.0.0.1");
            environment.put("ACME_SFTP_PORT", Integer.toString(sftp.port()));
            environment.put("ACME_SFTP_USER", SftpServer.USER);
            environment.put("ACME_SFTP_KNOWN_HOSTS", sftp.knownHostsFile().toString());
            environment.put("ACME_SFTP_PRIVATE_KEY", sftp.privateKeyFile().toString());
            environment.put("ACME_SFTP_KEY_PASSPHRASE", SftpServer.KEY_PASSPHRASE);
            environment.put("BRIDGE_SOURCES_ACME_MIN_AGE", "1000");
            environment.put("BRIDGE_SOURCES_ACME_POLL_DELAY", "200");
            environment.put("BRIDGE_MANAGEMENT_PORT", Integer.toString(freePort()));

            Result run = jar(environment, "--once", "--config", example.toString());

            assertThat(run.exitCode()).as(run.describe()).isZero();
            assertThat(run.output()).doesNotContain(key).doesNotContain(SftpServer.KEY_PASSPHRASE);
            assertThat(run.lines()).as("bridge.log.format = json, from the file").anyMatch(line -> line.startsWith("{"));
            JsonNode receipt = BridgeHarness.readJson(work.resolve("var/done/acme-1.json.receipt.json"));
            assertThat(receipt.at("/orders/0/outcome").asText()).isEqualTo("created");
            assertThat(remote.resolve("outbox/orders/.done/acme-1.json")).exists();
        }
    }

    private static String concurrency(Result run) {
        assertThat(run.exitCode()).as(run.describe()).isZero();
        return run.lines().stream().filter(line -> line.contains(" API calls at once")).findFirst()
                .map(line -> line.replaceAll(".*at most (\\d+) API calls at once.*", "$1"))
                .orElseThrow(() -> new AssertionError("no ready line in " + run.describe()));
    }

    private Path write(String name, String content) throws IOException {
        Path file = work.resolve(name);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, content);
    }

    private Result jar(String... args) throws InterruptedException {
        return jar(Map.of(), args);
    }

    private Result jar(Map<String, String> environment, String... args) throws InterruptedException {
        return BridgeProcess.run(work, environment, TIMEOUT_SECONDS, List.of(args));
    }

    // The command prefix that runs the jar as nobody when the tests run as root; nothing when they do not.
    private static List<String> unprivileged() {
        boolean root = "root".equals(System.getProperty("user.name"));
        if (!root) {
            return List.of();
        }
        assumeThat(Path.of("/usr/bin/setpriv")).as("setpriv (util-linux) runs the jar as another user").exists();
        return List.of("/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups");
    }

    private static void openToAll(Path... folders) throws IOException {
        for (Path folder : folders) {
            Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxrwxrwx"));
        }
    }
}
