package com.impilo.bridge.routes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.impilo.bridge.feed.FeedPollResult;
import com.impilo.bridge.support.BridgeHarness;
import com.impilo.bridge.support.SftpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The order feed's outbox files and X12 acknowledgments, also on the partner's SFTP server (a real SSH server on
 * loopback).
 */
class SftpOutboxTest {

    private static final String ORDERS = "orders";
    private static final String STATUS = "status";

    @TempDir
    Path data;
    @TempDir
    Path remote;
    @TempDir
    Path keys;

    private SftpServer sftp;
    private BridgeHarness bridge;

    @BeforeEach
    void start() throws Exception {
        sftp = SftpServer.start(remote, keys);
        Files.createDirectories(remote.resolve(ORDERS));
        Map<String, String> settings = new HashMap<>(sftp.source("acme", ORDERS));
        settings.put("bridge.sources.acme.outbox-folder", STATUS);
        settings.put("bridge.feed.enabled", "true");
        settings.put("bridge.feed.interval", "0");
        settings.put("bridge.sources.acme.formats", "json,x12");
        bridge = BridgeHarness.start(data, settings);
    }

    @AfterEach
    void stop() throws Exception {
        try {
            bridge.close();
        } finally {
            sftp.close();
        }
    }

    @Test
    void uploads_each_change_of_a_partners_order_to_its_outbox_folder_replacing_the_earlier_one() throws Exception {
        Files.createDirectories(remote.resolve(STATUS));
        long acme = bridge.seedOrder("sftp-feed-1", "acme");
        long inbox = bridge.seedOrder("sftp-feed-2", "inbox");

        assertThat(bridge.pollFeed().emitted()).isEqualTo(2);

        Path uploaded = sftp.file(STATUS, acme + ".json");
        assertThat(uploaded).hasSameTextualContentAs(outboxFile("acme", acme));
        assertThat(outboxFile("inbox", inbox)).exists();
        assertThat(remoteFiles()).as("only the partner's own orders").containsExactly(acme + ".json");

        bridge.sandbox().lifecycle().shipOrder(acme);
        assertThat(bridge.pollFeed().emitted()).isEqualTo(1);

        assertThat(BridgeHarness.readJson(uploaded).path("currentStatus").asText()).isEqualTo("shipped");
        assertThat(uploaded).hasSameTextualContentAs(outboxFile("acme", acme));
        assertThat(remoteFiles()).as("no temp file left behind").containsExactly(acme + ".json");
    }

    @Test
    void a_missing_outbox_folder_fails_the_emission_and_the_next_poll_uploads_it() throws Exception {
        long acme = bridge.seedOrder("sftp-feed-3", "acme");

        FeedPollResult first = bridge.pollFeed();

        assertThat(first.failedOrders()).isEqualTo(1);
        assertThat(first.emitted()).isZero();
        assertThat(remote.resolve(STATUS)).as("never created on the partner's server").doesNotExist();

        Files.createDirectories(remote.resolve(STATUS));
        FeedPollResult second = bridge.pollFeed();

        assertThat(second.emitted()).isEqualTo(1);
        assertThat(sftp.file(STATUS, acme + ".json")).hasSameTextualContentAs(outboxFile("acme", acme));
    }

    @Test
    void an_x12_partners_997_and_855_go_to_its_outbox_folder_too() throws Exception {
        Files.createDirectories(remote.resolve(STATUS));
        Files.writeString(remote.resolve(ORDERS).resolve("po.x12"), String.join("~\n",
                "ISA*00*          *00*          *ZZ*ACMEPHARMACY   *ZZ*IMPILOBRIDGE   *261205*0900*U*00401*000000042*0*T*:",
                "GS*PO*ACMEPHARMACY*IMPILOBRIDGE*20261205*0900*42*X*004010", "ST*850*0001",
                "BEG*00*SA*SFTP-PO-1**20261205", "N1*ST**ZZ*MRN-2345", "PO1*1*1*EA***VN*5", "CTT*1", "SE*6*0001",
                "GE*1*42", "IEA*1*000000042") + "~\n");

        long created = bridge.awaitReceipt("po.x12").at("/orders/0/impiloOrderId").asLong();
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.isRegularFile(sftp.file(STATUS, "855-000000002.x12")));

        assertThat(sftp.file(STATUS, "855-000000002.x12")).as("uploaded once written, after the 997")
                .hasSameTextualContentAs(data.resolve("outbox/acme/855-000000002.x12"))
                .content().contains("BAK*00*AD*SFTP-PO-1*20261205****" + created);
        assertThat(remoteFiles()).containsExactlyInAnyOrder("997-000000001.x12", "855-000000002.x12");
    }

    private Path outboxFile(String partner, long id) {
        return data.resolve("outbox").resolve(partner).resolve(id + ".json");
    }

    private List<String> remoteFiles() throws IOException {
        try (Stream<Path> files = Files.list(remote.resolve(STATUS))) {
            return files.map(file -> file.getFileName().toString()).toList();
        }
    }
}
