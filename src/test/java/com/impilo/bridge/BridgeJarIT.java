package com.impilo.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.impilo.bridge.sandbox.ImpiloSandbox;
import com.impilo.bridge.sandbox.SandboxLifecycle;
import com.impilo.bridge.support.BridgeProcess;
import com.impilo.bridge.support.PostgresServer;
import com.impilo.bridge.support.BridgeProcess.Result;
import com.impilo.bridge.support.Orders;
import com.impilo.bridge.support.RawNames;
import com.impilo.bridge.support.SftpServer;
import com.impilo.bridge.text.FileNames;
import java.io.IOException;
import java.io.Reader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runnable fat jar as an operator runs it: a child process, its exit code, its output and its data folder. */
class BridgeJarIT {

    private static final Path JAR = BridgeProcess.JAR;
    private static final Path SAMPLES = Path.of("samples").toAbsolutePath();
    // Generous enough for a loaded CI machine; a healthy run takes a few seconds.
    private static final long TIMEOUT_SECONDS = 60;
    // Pick files up at once and poll fast, so that --once ends in seconds rather than at production pace.
    private static final List<String> FAST_PICKUP = List.of(
            "-Dbridge.pickup.min-age=100", "-Dbridge.pickup.initial-delay=0", "-Dbridge.pickup.poll-delay=100");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    @Test
    void prints_help_with_options_and_main_properties() throws Exception {
        Result run = bridge("--help");

        assertThat(run.exitCode()).as(run.describe()).isZero();
        assertThat(run.output()).contains("--sandbox", "--once", "impilo.api.url", "IMPILO_API_KEY",
                "BRIDGE_DATA_DIR");
    }

    @Test
    void version_prints_the_version() throws Exception {
        Result run = bridge("--version");

        assertThat(run.exitCode()).as(run.describe()).isZero();
        assertThat(run.output().strip()).isEqualTo("impilo-order-bridge " + builtVersion());
    }

    @Test
    void stops_with_exit_2_and_one_line_when_no_api_key_outside_sandbox() throws Exception {
        Path data = work.resolve("data");

        Result run = bridge(withFastPickup("--once", "--data-dir", data.toString()));

        assertThat(run.exitCode()).as(run.describe()).isEqualTo(2);
        assertThat(run.lines())
                .filteredOn(line -> line.startsWith("impilo-order-bridge: configuration error: impilo.api.key"))
                .as(run.describe())
                .hasSize(1);
        assertThat(run.output()).doesNotContain("Exception");
        assertThat(run.lines()).noneMatch(line -> line.startsWith("\tat "));
    }

    @Test
    void sandbox_once_over_the_samples_creates_orders_writes_receipts_and_rejects_the_bad_sample() throws Exception {
        Path data = work.resolve("sandbox-data");
        dropSamplesInto(data.resolve("inbox"));
        // as when run from the project folder, where the X12 sample's crosswalk is
        Files.createDirectories(work.resolve("config/examples"));
        Files.copy(Path.of("config/examples/sandbox-crosswalk.csv"), work.resolve("config/examples/sandbox-crosswalk.csv"));

        Result run = bridge(withFastPickup("--sandbox", "--once", "-Dbridge.feed.outbox-mode=0644"));

        assertThat(run.exitCode()).as(run.describe()).isEqualTo(3);
        assertThat(run.output()).contains("SANDBOX MODE")
                .as("the sandbox keeps its own data folder by default")
                .contains("Data folder: " + data.toRealPath());

        Path done = data.resolve("done");
        assertThat(fileNames(done)).containsExactlyInAnyOrder(
                "patient-order.json", "patient-order.json.receipt.json",
                "site-orders.ndjson", "site-orders.ndjson.receipt.json",
                "csv-orders.csv", "csv-orders.csv.receipt.json",
                "rejected-example.json", "rejected-example.json.receipt.json",
                "acme-purchase-orders.x12", "acme-purchase-orders.x12.receipt.json");
        assertAllCreated(readJson(done.resolve("patient-order.json.receipt.json")), "sample-patient-0001");
        assertAllCreated(readJson(done.resolve("site-orders.ndjson.receipt.json")),
                "sample-site-0001", "sample-site-0002", "sample-site-0003");
        assertAllCreated(readJson(done.resolve("csv-orders.csv.receipt.json")),
                "sample-csv-0001", "sample-csv-0002", "sample-csv-0003");
        assertAllCreated(readJson(done.resolve("acme-purchase-orders.x12.receipt.json")), "ACME-PO-0001",
                "ACME-PO-0002");
        assertThat(readJson(done.resolve("rejected-example.json.receipt.json")).path("orders"))
                .singleElement()
                .satisfies(order -> assertThat(order.path("outcome").asText()).isEqualTo("rejected"));

        Path rejected = data.resolve("rejected");
        assertThat(fileNames(rejected)).containsExactlyInAnyOrder(
                "rejected-example.index0.json", "rejected-example.index0.json.error.json");
        List<String> violations =
                texts(readJson(rejected.resolve("rejected-example.index0.json.error.json")).path("violations"));
        // The patient/site violation goes on to explain the rule; its start is what names the problem.
        assertThat(violations)
                .contains("orderItems[0].count: must be at least 1, got 0")
                .anySatisfy(violation -> assertThat(violation).startsWith("site: not allowed together with patient"));

        assertThat(data.resolve("inbox")).isEmptyDirectory();
        assertThat(data.resolve("state/bridge.db")).isRegularFile();

        // the feed is on in the sandbox: one poll once the inbox is drained, one outbox file per created order; the
        // X12 partner's 997 (with the TA1 it asked for) and 855
        assertThat(fileNames(data.resolve("outbox/inbox")))
                .containsExactlyInAnyOrder("1001.json", "1002.json", "1003.json", "1004.json", "1005.json",
                        "1006.json", "1007.json", "1008.json", "1009.json", "997-000000001.x12", "855-000000002.x12");
        assertThat(Files.readString(data.resolve("outbox/inbox/997-000000001.x12")))
                .contains("TA1*000000101*261204*0900*A*000~", "AK9*A*2*2*2~");
        assertThat(Files.readString(data.resolve("outbox/inbox/855-000000002.x12")))
                .contains("BAK*00*AD*ACME-PO-0001*20261204****", "BAK*00*AD*ACME-PO-0002*20261204****");
        assertThat(readJson(data.resolve("outbox/inbox/1001.json")).path("currentStatus").asText())
                .isEqualTo("orderPlaced");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve("outbox/inbox/1001.json"))))
                .as("bridge.feed.outbox-mode=0644").isEqualTo("rw-r--r--");
    }

    @Test
    void keeps_its_ledger_in_postgresql_when_the_store_url_says_so_and_nothing_of_it_in_the_data_folder()
            throws Exception {
        PostgresServer postgres = PostgresServer.get();
        String url = postgres.newDatabase();
        Path data = work.resolve("sandbox-data");
        Files.createDirectories(data.resolve("inbox"));
        Files.copy(SAMPLES.resolve("patient-order.json"), data.resolve("inbox/patient-order.json"));

        Result run = bridge(Map.of("BRIDGE_STORE_PASSWORD", postgres.password()), withFastPickup("--sandbox", "--once",
                "-Dbridge.store.url=" + url, "-Dbridge.store.user=" + postgres.user()));

        assertThat(run.exitCode()).as(run.describe()).isZero();
        assertThat(run.output()).contains("state store jdbc:postgresql://127.0.0.1:").doesNotContain(postgres.password());
        try (Connection db = DriverManager.getConnection(url, postgres.user(), postgres.password());
             Statement sql = db.createStatement();
             ResultSet created = sql.executeQuery("SELECT impilo_order_id FROM order_ledger WHERE state = 'CREATED'")) {
            assertThat(created.next()).isTrue();
            assertThat(created.getLong(1)).isEqualTo(readJson(data.resolve("done/patient-order.json.receipt.json"))
                    .at("/orders/0/impiloOrderId").asLong());
            assertThat(created.next()).isFalse();
        }
        assertThat(data.resolve("state/bridge.db")).doesNotExist();
    }

    @Test
    void never_prints_or_writes_the_api_key() throws Exception {
        String key = "it-secret-" + UUID.randomUUID();
        Path data = work.resolve("data");
        dropSamplesInto(data.resolve("inbox"));

        try (ImpiloSandbox impilo = ImpiloSandbox.start(0, key)) {
            Result run = bridge(withFastPickup("--once", "--data-dir", data.toString(),
                    "-Dimpilo.api.url=" + impilo.baseUrl(), "-Dimpilo.api.key=" + key));

            assertThat(run.exitCode()).as(run.describe()).isEqualTo(3);
            assertThat(run.output()).doesNotContain(key);
            try (Stream<Path> files = Files.walk(data)) {
                assertThat(files.filter(Files::isRegularFile))
                        .isNotEmpty()
                        .contains(data.resolve("state/bridge.db"))
                        .allSatisfy(file -> assertThat(Files.readString(file, StandardCharsets.ISO_8859_1))
                                .as("content of %s", data.relativize(file))
                                .doesNotContain(key));
            }
            assertThat(impilo.requestHeaders())
                    .isNotEmpty()
                    .allSatisfy(headers -> assertThat(headers.get("Impilo-API-Key")).containsExactly(key));
            assertThat(impilo.orders()).hasSize(7);
        }
    }

    @Test
    void serves_readiness_and_metrics_on_the_management_port_while_it_runs() throws Exception {
        String key = "it-secret-" + UUID.randomUUID();
        Path data = work.resolve("data");
        Files.createDirectories(data.resolve("inbox"));
        Files.copy(SAMPLES.resolve("patient-order.json"), data.resolve("inbox/patient-order.json"));
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        try (ImpiloSandbox impilo = ImpiloSandbox.start(0, key)) {
            BridgeProcess process = BridgeProcess.start(work, List.of(withFastPickup("--data-dir", data.toString(),
                    "-Dimpilo.api.url=" + impilo.baseUrl(), "-Dimpilo.api.key=" + key,
                    "-Dbridge.management.enabled=true", "-Dbridge.management.port=" + port)));
            try {
                await().atMost(Duration.ofSeconds(TIMEOUT_SECONDS)).ignoreExceptions()
                        .until(() -> get(port, "/observe/metrics").body()
                                .contains("impilo_bridge_orders_total{outcome=\"created\",partner=\"inbox\"} 1.0"));

                HttpResponse<String> ready = get(port, "/observe/health/ready");
                assertThat(ready.statusCode()).as(process.output()).isEqualTo(200);
                assertThat(JSON.readTree(ready.body()).path("status").asText()).isEqualTo("UP");
                assertThat(get(port, "/observe/health/live").statusCode()).isEqualTo(200);
                assertThat(get(port, "/observe/metrics").body()).doesNotContain(key)
                        .contains("impilo_bridge_api_calls_seconds_count{endpoint=\"create-order\",status=\"2xx\"} 1\n");
            } finally {
                assertThat(process.terminate(TIMEOUT_SECONDS)).as(process.output()).isZero();
            }
            assertThat(impilo.orders()).hasSize(1);
        }
    }

    @Test
    void pulls_a_partner_file_over_sftp_with_the_key_passphrase_from_the_environment() throws Exception {
        Path remote = work.resolve("sftp-root");
        try (SftpServer sftp = SftpServer.start(remote, work.resolve("keys"))) {
            sftp.upload("outbox", "partner-order.json", Files.readString(SAMPLES.resolve("patient-order.json")));
            List<String> args = new ArrayList<>(List.of("--sandbox", "--once", "-Dbridge.sftp.min-age=1000",
                    "-Dbridge.sftp.poll-delay=100", "-Dbridge.sftp.reconnect-delay=100"));
            sftp.source("partner", "outbox").forEach((key, value) -> args.add("-D" + key + "=" + value));
            // as an operator hands it over: the secret in the environment, the configuration naming the variable
            args.add("-Dbridge.sources.partner.private-key-passphrase={{env:PARTNER_KEY_PASSPHRASE}}");

            Result run = bridge(Map.of("PARTNER_KEY_PASSPHRASE", SftpServer.KEY_PASSPHRASE),
                    withFastPickup(args.toArray(String[]::new)));

            assertThat(run.exitCode()).as(run.describe()).isZero();
            assertThat(run.output()).contains("source=partner file=partner-order.json")
                    .doesNotContain(SftpServer.KEY_PASSPHRASE);
            JsonNode receipt = readJson(work.resolve("sandbox-data/done/partner-order.json.receipt.json"));
            assertThat(receipt.path("source").asText()).isEqualTo("partner");
            assertAllCreated(receipt, "sample-patient-0001");
            assertThat(remote.resolve("outbox/.done/partner-order.json")).isRegularFile();
            // the feed of the sandbox run files the order's state under the source it came from
            assertThat(fileNames(work.resolve("sandbox-data/outbox/partner"))).containsExactly("1001.json");
        }
    }

    @Test
    void once_leaves_a_file_whose_name_is_not_utf8_at_its_source_names_it_by_its_bytes_and_exits_3() throws Exception {
        Path inbox = Files.createDirectories(work.resolve("sandbox-data/inbox"));
        RawNames.write(inbox, "Bestellung-M\\374ller.json", Orders.patientOrder("it-latin1-1"));
        Files.writeString(inbox.resolve("plain.json"), Orders.patientOrder("it-latin1-2"));

        Result run = bridge(withFastPickup("--sandbox", "--once"));

        assertThat(run.exitCode()).as(run.describe()).isEqualTo(3);
        assertThat(run.output()).as(run.describe())
                .contains("file left at its source: source=inbox: Bestellung-M%FCller.json: its name is not valid"
                        + " UTF-8; rename it")
                .contains("orders: 1 created", "1 FILE(S) LEFT AT THEIR SOURCES, not taken by their names:"
                        + " inbox: Bestellung-M%FCller.json");
        assertThat(readableNames(inbox)).as("it waits, with no lock file beside it")
                .containsExactly("Bestellung-M%FCller.json");
    }

    @Test
    void under_lang_c_a_utf8_name_is_left_with_the_advice_to_start_in_a_utf8_locale_and_no_lock_file() throws Exception {
        Path inbox = Files.createDirectories(work.resolve("sandbox-data/inbox"));
        Files.writeString(inbox.resolve("Bestellung-M\u00fcller.json"), Orders.patientOrder("it-lang-c-1"));
        Files.writeString(inbox.resolve("plain.json"), Orders.patientOrder("it-lang-c-2"));

        Result run = bridge(Map.of("LANG", "C", "LC_ALL", "C"), withFastPickup("--sandbox", "--once"));

        assertThat(run.exitCode()).as(run.describe()).isEqualTo(3);
        assertThat(run.output()).as(run.describe())
                .contains("file names are read in US-ASCII (the locale, LANG/LC_ALL)")
                .contains("file left at its source: source=inbox: Bestellung-M%C3%BCller.json: its name cannot be"
                        + " read in this machine's file-name encoding US-ASCII; start the bridge with a UTF-8 locale")
                .contains("orders: 1 created", "inbox: Bestellung-M%C3%BCller.json")
                .doesNotContain("InvalidPathException");
        assertThat(readableNames(inbox)).as("it waits, with no lock file beside it")
                .containsExactly("Bestellung-M\u00fcller.json");
    }

    @Test
    void under_lang_c_a_remote_utf8_name_stays_on_the_server_as_it_cannot_be_downloaded_here() throws Exception {
        Path remote = work.resolve("sftp-root");
        try (SftpServer sftp = SftpServer.start(remote, work.resolve("keys"))) {
            sftp.upload("outbox", "Bestellung-M\u00fcller.json", Orders.patientOrder("it-lang-c-sftp-1"));
            sftp.upload("outbox", "plain.json", Orders.patientOrder("it-lang-c-sftp-2"));
            List<String> args = new ArrayList<>(List.of("--sandbox", "--once", "-Dbridge.sftp.min-age=1000",
                    "-Dbridge.sftp.poll-delay=100", "-Dbridge.sftp.reconnect-delay=100"));
            sftp.source("partner", "outbox").forEach((key, value) -> args.add("-D" + key + "=" + value));

            Result run = bridge(Map.of("LANG", "C", "LC_ALL", "C"), withFastPickup(args.toArray(String[]::new)));

            assertThat(run.exitCode()).as(run.describe()).isEqualTo(3);
            assertThat(run.output()).as(run.describe())
                    .contains("file left at its source: source=partner: Bestellung-M%C3%BCller.json: its name cannot"
                            + " be written in this machine's file-name encoding US-ASCII to download it")
                    .contains("orders: 1 created").doesNotContain("InvalidPathException");
            assertThat(remote.resolve("outbox/Bestellung-M\u00fcller.json")).as("still on the server").isRegularFile();
        }
    }

    @Test
    void stops_with_exit_2_naming_the_line_of_a_bad_crosswalk_row() throws Exception {
        Path crosswalk = Files.writeString(work.resolve("crosswalk.csv"), "type,code,impilo_id\nward,W-1,7\n");

        Result run = bridge(withFastPickup("--sandbox", "--once", "-Dbridge.sources.inbox.crosswalk=" + crosswalk));

        assertThat(run.exitCode()).as(run.describe()).isEqualTo(2);
        assertThat(run.output()).contains("impilo-order-bridge: configuration error: bridge.sources.inbox.crosswalk: "
                + crosswalk + " line 2: type \"ward\" is not one of site, patient, item, kit");
    }

    @Test
    void stops_with_exit_2_and_one_line_per_mistake_in_a_partner_source() throws Exception {
        Result run = bridge(withFastPickup("--sandbox", "--once", "-Dbridge.sources.acme.type=sftp",
                "-Dbridge.sources.acme.host=sftp.acme.example", "-Dbridge.sources.acme.path=outbox",
                "-Dbridge.sources.acme.known-hosts-file=" + work.resolve("missing_known_hosts")));

        assertThat(run.exitCode()).as(run.describe()).isEqualTo(2);
        assertThat(run.lines()).filteredOn(line -> line.startsWith("impilo-order-bridge: configuration error: "))
                .as(run.describe())
                .containsExactlyInAnyOrder(
                        "impilo-order-bridge: configuration error: bridge.sources.acme.user is not set: the user to"
                                + " log in as",
                        "impilo-order-bridge: configuration error: bridge.sources.acme needs a private-key-file or a"
                                + " password to log in",
                        "impilo-order-bridge: configuration error: bridge.sources.acme.known-hosts-file "
                                + work.resolve("missing_known_hosts") + " is not a readable file");
        assertThat(run.lines()).noneMatch(line -> line.startsWith("\tat "));
    }

    @Test
    void validate_checks_the_samples_offline_and_exits_3_for_the_rejected_one() throws Exception {
        Result valid = bridge("validate", SAMPLES.resolve("csv-orders.csv").toString());
        Result invalid = bridge("validate", SAMPLES.resolve("rejected-example.json").toString());

        assertThat(valid.exitCode()).as(valid.describe()).isZero();
        assertThat(valid.lines()).as(valid.describe()).containsExactly(
                SAMPLES.resolve("csv-orders.csv") + " line 2: OK",
                SAMPLES.resolve("csv-orders.csv") + " line 5: OK",
                SAMPLES.resolve("csv-orders.csv") + " line 7: OK",
                "1 file, 3 orders: 3 valid, 0 invalid");
        assertThat(invalid.exitCode()).as(invalid.describe()).isEqualTo(3);
        assertThat(invalid.lines()).as(invalid.describe())
                .contains(SAMPLES.resolve("rejected-example.json")
                        + " index 0: orderItems[0].count: must be at least 1, got 0")
                .endsWith("1 file, 1 order: 0 valid, 1 invalid");
    }

    @Test
    void status_prints_an_order_by_external_id_and_exits_4_for_an_unknown_one() throws Exception {
        String key = "it-status-" + UUID.randomUUID();
        try (ImpiloSandbox impilo = ImpiloSandbox.start(0, key)) {
            long id = impilo.createOrder(Orders.line("it-status-1", 3)).path("id").asLong();
            impilo.lifecycle().shipOrder(id);
            String url = "-Dimpilo.api.url=" + impilo.baseUrl();

            Result found = bridge("status", "it-status-1", url, "-Dimpilo.api.key=" + key);
            Result unknown = bridge("status", "it-status-2", url, "-Dimpilo.api.key=" + key);

            assertThat(found.exitCode()).as(found.describe()).isZero();
            assertThat(found.output()).startsWith("Impilo order " + id + "\n")
                    .containsPattern("status: +shipped")
                    .contains("usps " + SandboxLifecycle.trackingNumber(id))
                    .doesNotContain(key);
            assertThat(unknown.exitCode()).as(unknown.describe()).isEqualTo(4);
            assertThat(unknown.output()).contains("no order with Impilo id or external order id \"it-status-2\"");
        }
    }

    private static void assertAllCreated(JsonNode receipt, String... externalOrderIds) {
        assertThat(receipt.path("orders")).hasSize(externalOrderIds.length);
        assertThat(receipt.path("orders")).allSatisfy(order -> {
            assertThat(order.path("outcome").asText()).isEqualTo("created");
            assertThat(order.path("impiloOrderId").isIntegralNumber()).as("impiloOrderId of %s", order).isTrue();
        });
        List<String> listed = new ArrayList<>();
        receipt.path("orders").forEach(order -> listed.addAll(texts(order.path("externalOrderIds"))));
        assertThat(listed).containsExactlyInAnyOrder(externalOrderIds);
    }

    private void dropSamplesInto(Path inbox) throws IOException {
        Files.createDirectories(inbox);
        try (Stream<Path> samples = Files.list(SAMPLES)) {
            for (Path sample : samples.toList()) {
                Files.copy(sample, inbox.resolve(sample.getFileName()));
            }
        }
    }

    private static String[] withFastPickup(String... args) {
        return Stream.concat(Stream.of(args), FAST_PICKUP.stream()).toArray(String[]::new);
    }

    private Result bridge(String... args) throws InterruptedException {
        return bridge(Map.of(), args);
    }

    /** Runs the jar in the temp folder, so that the repository's config/ and routes/ are not picked up. */
    private Result bridge(Map<String, String> extraEnvironment, String... args) throws InterruptedException {
        return BridgeProcess.run(work, extraEnvironment, TIMEOUT_SECONDS, List.of(args));
    }

    private static HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The project version Maven packaged the jar with, as recorded beside it by the jar plugin. */
    private static String builtVersion() throws IOException {
        Properties pom = new Properties();
        try (Reader reader = Files.newBufferedReader(JAR.resolveSibling("maven-archiver/pom.properties"))) {
            pom.load(reader);
        }
        return pom.getProperty("version");
    }

    private static JsonNode readJson(Path file) throws IOException {
        return JSON.readTree(file.toFile());
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(element -> texts.add(element.asText()));
        return texts;
    }

    private static List<String> readableNames(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(FileNames::readable).toList();
        }
    }

    private static List<String> fileNames(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(file -> file.getFileName().toString()).toList();
        }
    }
}
