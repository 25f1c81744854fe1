package com.impilo.bridge.cli;

import static com.impilo.bridge.support.Orders.patientOrder;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.impilo.bridge.support.BridgeHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code replay}: a corrected dead letter goes back into the inbox and is created once, however often it is replayed. */
class ReplayCommandTest {

    @TempDir
    Path data;

    private final StringWriter out = new StringWriter();

    @Test
    void replays_a_corrected_rejected_order_once_and_a_second_replay_creates_nothing_more() throws Exception {
        try (BridgeHarness bridge = BridgeHarness.start(data)) {
            bridge.drop("typo.json", patientOrder("replay-7").replace("\"count\": 10", "\"count\": 0"));
            bridge.awaitReceipt("typo.json");
            Path deadLetter = bridge.folders().rejected().resolve("typo.index0.json");
            // the engineer corrects the order in place
            Files.writeString(deadLetter, Files.readString(deadLetter).replace("\"count\" : 0", "\"count\" : 1"));

            assertThat(replay("--rejected")).isZero();

            assertThat(out.toString()).contains("rejected/typo.index0.json -> inbox/typo.index0.json")
                    .contains("1 dead letter(s) moved back");
            assertThat(bridge.awaitReceipt("typo.index0.json").at("/orders/0/outcome").asText()).isEqualTo("created");
            assertThat(bridge.folders().rejected().resolve(".replayed/typo.index0.json.error.json")).exists();
            assertThat(deadLetter).doesNotExist();

            out.getBuffer().setLength(0);
            assertThat(replay()).isZero();

            assertThat(out.toString()).contains("0 dead letter(s) moved back");
            assertThat(bridge.sandbox().orders()).hasSize(1);
        }
    }

    @Test
    void replays_a_corrected_x12_set_once_and_answers_it_with_an_855_but_no_second_997() throws Exception {
        try (BridgeHarness bridge = BridgeHarness.start(data, Map.of("bridge.sources.inbox.formats", "json,x12"))) {
            bridge.drop("po.x12", String.join("~\n",
                    "ISA*00*          *00*          *ZZ*ACMEPHARMACY   *ZZ*IMPILOBRIDGE   *261205*0900*U*00401*000000077*0*T*:",
                    "GS*PO*ACMEPHARMACY*IMPILOBRIDGE*20261205*0900*77*X*004010",
                    "ST*850*0001", "BEG*00*SA*X12-REPLAY-1**20261205", "N1*ST**ZZ*MRN-2345", "PO1*1*1*CA***VN*5",
                    "CTT*1", "SE*6*0001",
                    "ST*850*0002", "BEG*00*SA*X12-REPLAY-2**20261205", "N1*ST**ZZ*MRN-2345", "PO1*1*1*EA***VN*5",
                    "CTT*1", "SE*6*0002", "GE*2*77", "IEA*1*000000077") + "~\n");
            assertThat(bridge.awaitReceipt("po.x12").at("/orders/0/outcome").asText()).isEqualTo("rejected");
            Path deadLetter = bridge.folders().rejected().resolve("po.set1.x12");
            // the engineer corrects the unit in place
            Files.writeString(deadLetter, Files.readString(deadLetter).replace("PO1*1*1*CA", "PO1*1*1*EA"));

            assertThat(replay("--rejected")).isZero();
            assertThat(replay("--rejected")).as("nothing left to replay").isZero();

            JsonNode receipt = bridge.awaitReceipt("po.set1.x12");
            assertThat(receipt.at("/orders/0/outcome").asText()).as("taken again although ISA13 was taken before")
                    .isEqualTo("created");
            Path outbox = bridge.folders().outbox().resolve("inbox");
            await().atMost(Duration.ofSeconds(20)).until(() -> Files.isRegularFile(outbox.resolve("855-000000003.x12")));
            assertThat(Files.readString(outbox.resolve("855-000000003.x12")))
                    .contains("BAK*00*AD*X12-REPLAY-1*20261205****" + receipt.at("/orders/0/impiloOrderId").asLong());
            try (var replies = Files.list(outbox)) {
                assertThat(replies.map(file -> file.getFileName().toString()).filter(name -> name.startsWith("997")))
                        .as("the partner's interchange was acknowledged once").containsExactly("997-000000001.x12");
            }
            assertThat(bridge.sandbox().orders()).hasSize(2);
        }
    }

    @Test
    void replays_only_the_chosen_partner_and_files() throws Exception {
        try (BridgeHarness bridge = BridgeHarness.start(data)) {
            bridge.drop("bad.json", "{\"patient\":{\"id\":1}}");
            bridge.awaitReceipt("bad.json");

            Path otherFolder = Files.createDirectories(data.resolve("other-partner"));
            assertThat(replay("--partner", "other", "-Dbridge.sources.other.type=local",
                    "-Dbridge.sources.other.path=" + otherFolder)).isZero();
            assertThat(replay("other-file.json")).isZero();

            assertThat(bridge.folders().rejected().resolve("bad.index0.json")).exists();
            assertThat(out.toString()).contains("0 dead letter(s) moved back").doesNotContain("1 dead letter(s)");
        }
    }

    // Found 2026-12-06 by a fresh-user review: a misspelt --partner moved nothing and exited 0, as if there were
    // nothing to replay.
    @Test
    void a_partner_that_is_no_configured_source_is_a_mistake_and_moves_nothing() throws Exception {
        try (BridgeHarness bridge = BridgeHarness.start(data)) {
            bridge.drop("bad.json", "{\"patient\":{\"id\":1}}");
            bridge.awaitReceipt("bad.json");
        }
        StringWriter err = new StringWriter();

        int exit = new CommandLine(new ReplayCommand()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute("--data-dir", data.toString(), "--partner", "inbxo");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("--partner inbxo: no source of that name is configured (known: inbox)");
        assertThat(data.resolve("rejected/bad.index0.json")).exists();
        assertThat(out.toString()).doesNotContain("moved back");

        // nor is it asked of the instances that share a store
        StringWriter askErr = new StringWriter();
        int asked = new CommandLine(new ReplayCommand()).setOut(new PrintWriter(out)).setErr(new PrintWriter(askErr))
                .execute("--data-dir", data.toString(), "--all-instances", "--partner", "inbxo");
        assertThat(asked).isEqualTo(2);
        assertThat(askErr.toString()).contains("--partner inbxo: no source of that name is configured");
    }

    @Test
    void refuses_a_since_that_is_not_a_time() {
        StringWriter err = new StringWriter();
        CommandLine command = new CommandLine(new ReplayCommand()).setErr(new PrintWriter(err));

        assertThat(command.execute("--data-dir", data.toString(), "--since", "yesterday")).isEqualTo(2);
        assertThat(err.toString()).contains("--since must be an ISO-8601 instant");
    }

    private int replay(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--data-dir";
        all[1] = data.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return new CommandLine(new ReplayCommand()).setOut(new PrintWriter(out)).execute(all);
    }
}
