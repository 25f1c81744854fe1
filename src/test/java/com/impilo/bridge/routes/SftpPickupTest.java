package com.impilo.bridge.routes;

import static com.impilo.bridge.support.Orders.line;
import static com.impilo.bridge.support.Orders.patientOrder;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.impilo.bridge.support.BridgeHarness;
import com.impilo.bridge.support.CapturedLog;
import com.impilo.bridge.support.SftpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files on a partner's SFTP server (a real SSH server on loopback) become orders at the sandbox API. */
class SftpPickupTest {

    private static final String OUTBOX = "outbox";

    @TempDir
    Path data;
    @TempDir
    Path remote;
    @TempDir
    Path keys;

    private CapturedLog log;
    private SftpServer sftp;
    private BridgeHarness bridge;

    @BeforeEach
    void start() throws Exception {
        log = CapturedLog.attach();
        sftp = SftpServer.start(remote, keys);
    }

    @AfterEach
    void stop() throws Exception {
        try {
            if (bridge != null) {
                bridge.close();
            }
            sftp.close();
        } finally {
            log.close();
        }
    }

    @Test
    void posts_a_json_and_an_ndjson_file_and_moves_them_to_the_remote_done_folder() throws Exception {
        bridge = start(sftp.source("acme", OUTBOX));
        sftp.upload(OUTBOX, "order.json", patientOrder("sftp-1"));
        sftp.upload(OUTBOX, "lines.ndjson", line("sftp-2", 1) + "\n" + line("sftp-3", 2) + "\n");

        JsonNode json = bridge.awaitReceipt("order.json");
        JsonNode ndjson = bridge.awaitReceipt("lines.ndjson");

        assertThat(json.get("source").asText()).isEqualTo("acme");
        assertThat(json.at("/orders/0/outcome").asText()).isEqualTo("created");
        assertThat(ndjson.get("orders")).extracting(o -> o.get("outcome").asText()).containsExactly("created", "created");
        assertThat(bridge.sandbox().orders()).extracting(o -> o.at("/externalOrderIds/0").asText())
                .containsExactlyInAnyOrder("sftp-1", "sftp-2", "sftp-3");
        awaitRemote(".done/order.json");
        awaitRemote(".done/lines.ndjson");
        assertThat(sftp.file(OUTBOX, "order.json")).doesNotExist();
        assertThat(bridge.folders().done().resolve("order.json")).hasContent(patientOrder("sftp-1"));
        assertThat(bridge.ledgerEntry("acme", "sftp-2").orElseThrow().source()).isEqualTo("acme");
        assertThat(data.resolve("work/acme")).isEmptyDirectory();
        assertThat(log.text()).contains("source=acme file=order.json").doesNotContain(SftpServer.KEY_PASSPHRASE);
    }

    @Test
    void a_remote_file_that_changes_while_it_is_read_stays_on_the_server_and_is_read_again_whole() throws Exception {
        bridge = start(sftp.source("acme", OUTBOX));
        // the first order's call takes its time, so that the partner's second line arrives while the file is read
        bridge.sandbox().faults().latency(Duration.ofSeconds(2));
        Path file = sftp.upload(OUTBOX, "growing.ndjson", line("sftp-g1", 1) + "\n");
        await().atMost(Duration.ofSeconds(20)).until(() -> log.text().contains("source=acme file=growing.ndjson"));

        Files.writeString(file, line("sftp-g2", 2) + "\n", StandardOpenOption.APPEND);
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().minus(Duration.ofMinutes(1))));
        bridge.sandbox().faults().reset();

        awaitRemote(".done/growing.ndjson");
        assertThat(remote.resolve(OUTBOX).resolve(".done/growing.ndjson")).content()
                .contains("sftp-g1").contains("sftp-g2");
        assertThat(bridge.sandbox().orders()).extracting(o -> o.at("/externalOrderIds/0").asText())
                .containsExactlyInAnyOrder("sftp-g1", "sftp-g2");
        assertThat(log.text()).contains("file changed while it was read: source=acme file=growing.ndjson");
    }

    @Test
    void moves_a_broken_file_to_the_remote_rejected_folder_and_posts_nothing() throws Exception {
        bridge = start(sftp.source("acme", OUTBOX));
        sftp.upload(OUTBOX, "broken.json", "[" + patientOrder("sftp-b1") + ", {\"patient\": ");

        JsonNode error = bridge.awaitWholeFileIn(bridge.folders().rejected(), "broken.json");

        assertThat(error.get("category").asText()).isEqualTo("unreadable-file");
        assertThat(error.get("source").asText()).isEqualTo("acme");
        awaitRemote(".rejected/broken.json");
        assertThat(sftp.file(OUTBOX, ".done")).doesNotExist();
        assertThat(bridge.sandbox().createRequests()).isZero();
    }

    @Test
    void does_not_take_a_file_again_after_a_restart_even_when_it_is_put_back_unchanged() throws Exception {
        bridge = start(sftp.source("acme", OUTBOX));
        sftp.upload(OUTBOX, "order.json", patientOrder("sftp-r1"));
        bridge.awaitReceipt("order.json");
        awaitRemote(".done/order.json");
        bridge.close();

        // as if moving it away had failed: the same file, same size and time, is back in the folder
        Files.copy(sftp.file(OUTBOX, ".done/order.json"), sftp.file(OUTBOX, "order.json"),
                StandardCopyOption.COPY_ATTRIBUTES);
        bridge = start(sftp.source("acme", OUTBOX));
        sftp.upload(OUTBOX, "later.json", patientOrder("sftp-r2"));

        bridge.awaitReceipt("later.json");
        assertThat(bridge.sandbox().orders()).extracting(o -> o.at("/externalOrderIds/0").asText())
                .containsExactly("sftp-r2");
        assertThat(sftp.file(OUTBOX, "order.json")).as("left alone on the server").exists();
        assertThat(bridge.folders().done().resolve("order-2.json.receipt.json")).doesNotExist();
    }

    @Test
    void does_not_take_a_file_twice_when_moving_it_on_the_server_fails() throws Exception {
        bridge = start(sftp.source("acme", OUTBOX));
        // a plain file where the done folder should be: every remote move fails
        sftp.upload(OUTBOX, ".done", "not a folder");
        sftp.upload(OUTBOX, "first.json", patientOrder("sftp-m1"));

        bridge.awaitReceipt("first.json");
        await().atMost(Duration.ofSeconds(20))
                .until(() -> log.text().contains("Cannot rename file from: outbox/first.json to: outbox/.done/first.json"));
        sftp.upload(OUTBOX, "second.json", patientOrder("sftp-m2"));
        bridge.awaitReceipt("second.json");

        assertThat(sftp.file(OUTBOX, "first.json")).exists();
        assertThat(bridge.sandbox().createRequests()).isEqualTo(2);
        assertThat(bridge.folders().done().resolve("first-2.json.receipt.json")).doesNotExist();
    }

    @Test
    void leaves_a_file_that_is_still_being_uploaded_until_it_is_complete() throws Exception {
        bridge = start(sftp.source("acme", OUTBOX));
        Path growing = sftp.upload(OUTBOX, "growing.ndjson", line("sftp-g1", 1) + "\n");
        // a modification time in the future stands for an upload that is still writing
        Files.setLastModifiedTime(growing, FileTime.from(Instant.now().plus(Duration.ofHours(1))));
        sftp.upload(OUTBOX, "settled.json", patientOrder("sftp-g0"));

        bridge.awaitReceipt("settled.json");
        assertThat(growing).exists();
        assertThat(bridge.sandbox().orders()).hasSize(1);

        Files.writeString(growing, line("sftp-g2", 2) + "\n", StandardOpenOption.APPEND);
        Files.setLastModifiedTime(growing, FileTime.from(Instant.now().minus(Duration.ofMinutes(1))));
        JsonNode receipt = bridge.awaitReceipt("growing.ndjson");

        assertThat(receipt.get("orders")).extracting(o -> o.at("/externalOrderIds/0").asText())
                .containsExactly("sftp-g1", "sftp-g2");
    }

    @Test
    void takes_a_long_file_name_under_a_shortened_local_name_and_leaves_one_too_long_to_download_with_one_warning()
            throws Exception {
        bridge = start(sftp.source("acme", OUTBOX));
        // the download is written as "<name>.inprogress": 11 bytes more than a 245-byte name can have
        String tooLong = "t".repeat(240) + ".json";
        Path left = sftp.upload(OUTBOX, tooLong, patientOrder("sftp-too-long"));
        String longName = "s".repeat(235) + ".json";
        sftp.upload(OUTBOX, longName, patientOrder("sftp-long"));

        awaitRemote(".done/" + longName);
        sftp.upload(OUTBOX, "later.json", patientOrder("sftp-later"));
        bridge.awaitReceipt("later.json");

        Path receipt;
        try (Stream<Path> done = Files.list(bridge.folders().done())) {
            receipt = done.filter(file -> file.getFileName().toString().startsWith("sssss"))
                    .filter(file -> file.getFileName().toString().endsWith(".receipt.json")).findFirst().orElseThrow();
        }
        assertThat(BridgeHarness.readJson(receipt).get("file").asText()).isEqualTo(longName);
        String archived = receipt.getFileName().toString().replace(".receipt.json", "");
        assertThat(archived).contains("~").endsWith("sssss.json").hasSizeLessThan(longName.length());
        assertThat(bridge.folders().done().resolve(archived)).hasContent(patientOrder("sftp-long"));
        assertThat(left).exists();
        assertThat(log.events()).filteredOn(event -> event.getLevel() == Level.WARN)
                .extracting(ILoggingEvent::getFormattedMessage)
                .filteredOn(line -> line.contains(tooLong))
                .containsExactly("file left at its source: source=acme: " + tooLong + ": its name has 245 bytes, more"
                        + " than the 244 a file to pick up may have; rename it (said again every 15 min while it is"
                        + " there)");
        assertThat(bridge.sandbox().orders()).extracting(o -> o.at("/externalOrderIds/0").asText())
                .containsExactlyInAnyOrder("sftp-long", "sftp-later");
        assertThat(isEmpty(bridge.folders().rejected()) && isEmpty(bridge.folders().undelivered())).isTrue();
    }

    @Test
    void refuses_a_server_whose_host_key_is_unknown() throws Exception {
        Map<String, String> source = new HashMap<>(sftp.source("acme", OUTBOX));
        source.put("bridge.sources.acme.known-hosts-file", sftp.knownHostsOfAnotherServer().toString());
        bridge = start(source);
        sftp.upload(OUTBOX, "order.json", patientOrder("sftp-h1"));

        await().atMost(Duration.ofSeconds(20)).until(() -> log.text().contains("source acme: cannot poll"));

        assertThat(log.text()).contains("reject HostKey");
        assertThat(sftp.file(OUTBOX, "order.json")).exists();
        assertThat(bridge.sandbox().createRequests()).isZero();
    }

    @Test
    void warns_at_start_when_host_key_checking_is_turned_off() throws Exception {
        Map<String, String> source = new HashMap<>(sftp.source("acme", OUTBOX));
        source.remove("bridge.sources.acme.known-hosts-file");
        source.put("bridge.sources.acme.strict-host-key-checking", "no");
        bridge = start(source);
        sftp.upload(OUTBOX, "order.json", patientOrder("sftp-n1"));

        bridge.awaitReceipt("order.json");

        assertThat(log.events()).filteredOn(event -> event.getLevel() == Level.WARN)
                .extracting(ILoggingEvent::getFormattedMessage)
                .anyMatch(line -> line.startsWith("source acme: the SFTP server's host key is NOT checked"));
    }

    @Test
    void loses_nothing_while_the_server_is_down() throws Exception {
        bridge = start(sftp.source("acme", OUTBOX));
        sftp.upload(OUTBOX, "before.json", patientOrder("sftp-d1"));
        bridge.awaitReceipt("before.json");

        sftp.stop();
        sftp.upload(OUTBOX, "during.json", patientOrder("sftp-d2"));
        await().atMost(Duration.ofSeconds(20)).until(() -> log.text().contains("source acme: cannot poll"));
        sftp.restart();

        bridge.awaitReceipt("during.json");
        awaitRemote(".done/during.json");
        assertThat(log.text()).contains("source acme: connected again");
        assertThat(bridge.sandbox().orders()).extracting(o -> o.at("/externalOrderIds/0").asText())
                .containsExactly("sftp-d1", "sftp-d2");
    }

    @Test
    void logs_in_with_a_password_that_never_reaches_the_log() throws Exception {
        bridge = start(sftp.passwordSource("acme", OUTBOX));
        sftp.upload(OUTBOX, "order.json", patientOrder("sftp-p1"));

        JsonNode receipt = bridge.awaitReceipt("order.json");

        assertThat(receipt.at("/orders/0/outcome").asText()).isEqualTo("created");
        assertThat(log.events()).as("the start was logged, with its settings").hasSizeGreaterThan(20);
        assertThat(log.text()).contains("bridge.sources.acme.password").doesNotContain(SftpServer.PASSWORD);
    }

    @Test
    void takes_a_file_only_once_its_done_file_is_there_and_can_delete_it_afterwards() throws Exception {
        Map<String, String> source = new HashMap<>(sftp.source("acme", OUTBOX));
        source.put("bridge.sources.acme.done-file-name", "${file:name}.done");
        source.put("bridge.sources.acme.after", "delete");
        bridge = start(source);
        Path waiting = sftp.upload(OUTBOX, "waiting.json", patientOrder("sftp-f1"));
        sftp.upload(OUTBOX, "ready.json", patientOrder("sftp-f2"));
        sftp.upload(OUTBOX, "ready.json.done", "");

        bridge.awaitReceipt("ready.json");
        assertThat(waiting).exists();
        sftp.upload(OUTBOX, "waiting.json.done", "");
        bridge.awaitReceipt("waiting.json");

        await().atMost(Duration.ofSeconds(20)).until(() -> isEmpty(remote.resolve(OUTBOX)));
        assertThat(bridge.sandbox().orders()).hasSize(2);
    }

    @Test
    void runs_a_local_folder_partner_and_an_sftp_partner_beside_the_inbox() throws Exception {
        Path share = Files.createDirectories(data.resolve("clinic-share"));
        Map<String, String> settings = new HashMap<>(sftp.source("acme", OUTBOX));
        settings.put("bridge.sources.clinic.type", "local");
        settings.put("bridge.sources.clinic.path", share.toString());
        bridge = start(settings);

        bridge.drop("orders.json", patientOrder("side-inbox"));
        sftp.upload(OUTBOX, "orders.json", patientOrder("side-acme"));
        Files.writeString(share.resolve("orders.json"), patientOrder("side-clinic"));

        await().atMost(Duration.ofSeconds(20)).until(() -> receiptsBySource().size() == 3);
        Map<String, JsonNode> receipts = receiptsBySource();
        assertThat(receipts.get("inbox").at("/orders/0/externalOrderIds/0").asText()).isEqualTo("side-inbox");
        assertThat(receipts.get("acme").at("/orders/0/externalOrderIds/0").asText()).isEqualTo("side-acme");
        assertThat(receipts.get("clinic").at("/orders/0/externalOrderIds/0").asText()).isEqualTo("side-clinic");
        assertThat(bridge.ledgerEntry("acme", "side-acme").orElseThrow().source()).isEqualTo("acme");
        assertThat(bridge.ledgerEntry("clinic", "side-clinic").orElseThrow().source()).isEqualTo("clinic");
        assertThat(bridge.sandbox().orders()).hasSize(3);
        awaitRemote(".done/orders.json");
        assertThat(share).isEmptyDirectory();
    }

    @Test
    void pauses_every_source_while_the_api_key_is_refused_leaving_the_remote_file_untaken_until_the_key_works()
            throws Exception {
        Map<String, String> settings = new HashMap<>(sftp.source("acme", OUTBOX));
        settings.put("bridge.pause.check-interval", "200");
        bridge = start(settings);
        bridge.sandbox().revokeKey();
        bridge.drop("held.ndjson", line("key-inbox-1", 1) + "\n" + line("key-inbox-2", 2) + "\n");
        sftp.upload(OUTBOX, "held.ndjson", line("key-acme-1", 1) + "\n" + line("key-acme-2", 2) + "\n");

        await().atMost(Duration.ofSeconds(20)).until(() -> log.text().contains(
                "file left at its source until the API key works: source=acme file=held.ndjson") && log.text().contains(
                "file left at its source until the API key works: source=inbox file=held.ndjson"));
        // each source pauses on its own first refusal: the remote file is neither moved nor recorded as processed
        await().during(Duration.ofMillis(700)).atMost(Duration.ofSeconds(5)).until(() ->
                Files.exists(sftp.file(OUTBOX, "held.ndjson")) && Files.notExists(sftp.file(OUTBOX, ".done"))
                        && Files.notExists(sftp.file(OUTBOX, ".rejected"))
                        && Files.exists(bridge.folders().inbox().resolve("held.ndjson"))
                        && isEmpty(bridge.folders().rejected()) && isEmpty(bridge.folders().undelivered()));
        assertThat(bridge.sandbox().createRequests()).as("the two files' orders at most, not one call per poll")
                .isBetween(2, 4);

        bridge.sandbox().restoreKey();

        await().atMost(Duration.ofSeconds(20)).until(() -> receiptsBySource().size() == 2);
        assertThat(receiptsBySource().values()).allSatisfy(receipt -> assertThat(receipt.get("orders"))
                .extracting(o -> o.get("outcome").asText()).containsExactly("created", "created"));
        awaitRemote(".done/held.ndjson");
        assertThat(bridge.sandbox().orders()).extracting(o -> o.at("/externalOrderIds/0").asText())
                .containsExactlyInAnyOrder("key-inbox-1", "key-inbox-2", "key-acme-1", "key-acme-2");
    }

    @Test
    void leaves_a_remote_file_untaken_while_the_data_folder_cannot_take_outcomes() throws Exception {
        Map<String, String> settings = new HashMap<>(sftp.source("acme", OUTBOX));
        settings.put("bridge.pause.check-interval", "200");
        bridge = start(settings);
        Files.delete(bridge.folders().rejected());
        sftp.upload(OUTBOX, "waiting.json", patientOrder("disk-acme"));

        await().atMost(Duration.ofSeconds(20)).until(() -> log.text().contains("file left at its source until the"
                + " data folder can take outcomes: route=pickup-acme file=waiting.json"));
        await().during(Duration.ofMillis(600)).atMost(Duration.ofSeconds(5)).until(() ->
                Files.exists(sftp.file(OUTBOX, "waiting.json")) && Files.notExists(sftp.file(OUTBOX, ".done"))
                        && Files.notExists(sftp.file(OUTBOX, ".rejected")));
        assertThat(bridge.sandbox().createRequests()).isZero();

        Files.createDirectories(bridge.folders().rejected());

        assertThat(bridge.awaitReceipt("waiting.json").at("/orders/0/outcome").asText()).isEqualTo("created");
        awaitRemote(".done/waiting.json");
    }

    private BridgeHarness start(Map<String, String> source) throws Exception {
        Map<String, String> settings = new HashMap<>(fastSftp());
        settings.putAll(source);
        return BridgeHarness.start(data, settings);
    }

    private Map<String, JsonNode> receiptsBySource() throws IOException {
        Map<String, JsonNode> receipts = new HashMap<>();
        try (Stream<Path> files = Files.list(bridge.folders().done())) {
            files.filter(f -> f.getFileName().toString().endsWith(".receipt.json"))
                    .map(BridgeHarness::readJson)
                    .forEach(receipt -> receipts.put(receipt.get("source").asText(), receipt));
        }
        return receipts;
    }

    private static boolean isEmpty(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.findAny().isEmpty();
        }
    }

    private void awaitRemote(String path) {
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(remote.resolve(OUTBOX).resolve(path)));
    }

    /** Short delays, so that polls, read locks and reconnects take milliseconds. */
    private static Map<String, String> fastSftp() {
        return Map.of(
                "bridge.sftp.min-age", "1000",
                "bridge.sftp.check-interval", "20",
                "bridge.sftp.lock-timeout", "300",
                "bridge.sftp.poll-delay", "50",
                "bridge.sftp.connect-timeout", "2000",
                "bridge.sftp.reconnect-delay", "50",
                "bridge.sftp.max-reconnect-attempts", "1");
    }


}
