package com.impilo.bridge.routes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.impilo.bridge.sandbox.SandboxLifecycle;
import com.impilo.bridge.support.BridgeHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * X12 850 purchase orders, written by hand from the X12 structure, through a running bridge and the sandbox API over
 * real HTTP (issue 16, reading): one order a transaction set, the envelope checked before anything is sent.
 */
class X12PurchaseOrdersTest {

    @TempDir
    Path data;
    @TempDir
    Path config;
    @TempDir
    Path clinic;

    private static final AtomicInteger CONTROL_NUMBERS = new AtomicInteger(900);

    private BridgeHarness bridge;

    @BeforeEach
    void start() throws Exception {
        Path crosswalk = Files.writeString(config.resolve("crosswalk.csv"),
                "type,code,impilo_id\nsite,WARD-7,77\nitem,BUYER-100,42\nkit,BUYER-KIT,1001\n");
        bridge = BridgeHarness.start(data, Map.ofEntries(
                Map.entry("bridge.sources.inbox.formats", "json,ndjson,csv,x12"),
                Map.entry("bridge.sources.inbox.crosswalk", crosswalk.toString()),
                Map.entry("bridge.sources.inbox.x12.sender-id", "ACMEPHARMACY"),
                Map.entry("bridge.sources.inbox.x12.receiver-id", "IMPILOBRIDGE"),
                Map.entry("bridge.sources.inbox.x12.overnight-codes", "ND, NM, ON, SA, 2D"),
                Map.entry("bridge.sources.clinic.type", "local"),
                Map.entry("bridge.sources.clinic.path", clinic.toString()),
                Map.entry("bridge.sources.clinic.formats", "x12"),
                Map.entry("bridge.sources.clinic.crosswalk", crosswalk.toString()),
                Map.entry("bridge.sources.clinic.x12.ack", "999"),
                Map.entry("bridge.sources.clinic.x12.send-855", "false"),
                Map.entry("bridge.feed.enabled", "true"), Map.entry("bridge.feed.interval", "0")));
    }

    @AfterEach
    void stop() {
        bridge.close();
    }

    @Test
    void a_4010_interchange_of_two_purchase_orders_becomes_two_orders_with_their_ship_to_lines_and_notes() throws Exception {
        bridge.drop("po-4010.x12", interchange("00401", "004010", '~', "\n",
                set("0001", "BEG*00*SA*PO-4010-1**20261204", "NTE*GEN*Leave at the ward desk", "TD5************ND",
                        "N1*ST*Ward seven*92*WARD-7", "PO1*1*2*EA***BP*BUYER-100", "PO1*2*1*EA***BP*BUYER-KIT",
                        "PO1*3*3.0**1.50**VN*7", "CTT*3"),
                set("0002", "BEG*00*SA*PO-4010-2**20261204", "N1*ST*A patient*ZZ*MRN-2345", "PO1**1*EA***VN*12",
                        "MSG*Call before delivery", "CTT*1")));

        JsonNode receipt = bridge.awaitReceipt("po-4010.x12");

        assertThat(outcomes(receipt)).containsExactly("set 1 created", "set 2 created");
        JsonNode first = created(receipt, 0);
        assertThat(first.at("/externalOrderIds/0").asText()).isEqualTo("PO-4010-1");
        assertThat(first.at("/site/id").asLong()).isEqualTo(77);
        assertThat(first.at("/orderItems/0/item/id").asLong()).isEqualTo(42);
        assertThat(first.at("/orderItems/0/count").asInt()).isEqualTo(2);
        assertThat(first.at("/orderItems/1/item/id").asLong()).isEqualTo(7);
        assertThat(first.at("/orderItems/1/count").asInt()).isEqualTo(3);
        assertThat(first.at("/orderKits/0/kit/id").asLong()).isEqualTo(1001);
        assertThat(first.at("/shippingOption").asText()).isEqualTo("overnight");
        assertThat(first.at("/orderNotes/0/note").asText()).isEqualTo("Leave at the ward desk");
        JsonNode second = created(receipt, 1);
        assertThat(second.at("/patient/id").asLong()).as("a ship-to the crosswalk lacks: a patient's identifier")
                .isEqualTo(2345);
        assertThat(second.at("/shippingOption").asText()).isEqualTo("standard");
        assertThat(second.at("/orderNotes/0/note").asText()).isEqualTo("Call before delivery");
        List<String> poAcks = segments(awaitReply("855-000000002.x12"));
        assertThat(poAcks).as("one 855 a purchase order, with Impilo's order id and an ACK per line").contains(
                "GS*PR*IMPILOBRIDGE*ACMEPHARMACY*" + poAcks.get(1).split("\\*")[4] + "*"
                        + poAcks.get(1).split("\\*")[5] + "*2*X*004010",
                "BAK*00*AD*PO-4010-1*20261204****" + receipt.at("/orders/0/impiloOrderId").asLong(),
                "PO1*1*2*EA***BP*BUYER-100", "ACK*IA*2*EA", "PO1*3*3.0****VN*7", "ACK*IA*3.0*EA", "CTT*3",
                "BAK*00*AD*PO-4010-2*20261204****" + receipt.at("/orders/1/impiloOrderId").asLong(),
                "PO1**1*EA***VN*12", "CTT*1", "GE*2*2");
    }

    @Test
    void a_5010_interchange_with_a_bom_and_bare_tilde_terminators_is_read() {
        bridge.drop("po-5010.edi", "\uFEFF" + interchange("00501", "005010", '~', "",
                set("0001", "BEG*00*SA*PO-5010-1**20261204", "N1*ST**92*WARD-7", "PO1*1*1*EA***VN*5", "CTT*1")));

        JsonNode receipt = bridge.awaitReceipt("po-5010.edi");

        assertThat(outcomes(receipt)).containsExactly("set 1 created");
        assertThat(created(receipt, 0).at("/orderItems/0/item/id").asLong()).isEqualTo(5);
    }

    @Test
    void an_interchange_is_recognised_by_its_content_whatever_its_name() {
        String po = interchange("00401", "004010", '~', "\n",
                set("0001", "BEG*00*SA*PO-NAMED-1**20261204", "N1*ST**92*WARD-7", "PO1*1*1*EA***VN*5", "CTT*1"));
        // a second interchange, with its own control number: the same ISA13 again would be a duplicate
        String another = interchange("00401", "004010", '~', "\n",
                set("0001", "BEG*00*SA*PO-NAMED-2**20261204", "N1*ST**92*WARD-7", "PO1*1*1*EA***VN*5", "CTT*1"));

        bridge.drop("from-the-partner.txt", "\n  " + po);
        bridge.drop("misnamed.json", another);

        assertThat(outcomes(bridge.awaitReceipt("from-the-partner.txt"))).containsExactly("set 1 created");
        assertThat(outcomes(bridge.awaitReceipt("misnamed.json"))).containsExactly("set 1 created");
    }

    @Test
    void an_interchange_from_another_sender_is_rejected_whole_and_the_overnight_codes_are_the_sources() {
        String po = interchange("00401", "004010", '~', "\n", set("0001", "BEG*00*SA*PO-OTHER-1**20261204",
                "TD5" + "*".repeat(12) + "2D", "N1*ST**92*WARD-7", "PO1*1*1*EA***VN*5", "CTT*1"));

        bridge.drop("from-elsewhere.x12", po.replace("ZZ*ACMEPHARMACY   ", "ZZ*SOMEONEELSE    "));
        bridge.drop("second-day.x12", po.replace("PO-OTHER-1", "PO-2D-1"));

        JsonNode error = bridge.awaitWholeFileIn(bridge.folders().rejected(), "from-elsewhere.x12");
        assertThat(error.path("reason").asText()).contains("the interchange is from sender \"SOMEONEELSE\" (ISA06),"
                + " not from this source's partner \"ACMEPHARMACY\" (x12.sender-id)");
        assertThat(created(bridge.awaitReceipt("second-day.x12"), 0).at("/shippingOption").asText())
                .as("2D is overnight for this source").isEqualTo("overnight");
        assertThat(bridge.sandbox().orders()).hasSize(1);
    }

    @Test
    void a_wrong_se_count_rejects_that_set_only_and_the_997_says_so() throws Exception {
        String interchange = interchange("00401", "004010", '~', "\n",
                set("0001", "BEG*00*SA*PO-SE-1**20261204", "N1*ST**92*WARD-7", "PO1*1*1*EA***VN*5", "CTT*1"),
                set("0002", "BEG*00*SA*PO-SE-2**20261204", "N1*ST**92*WARD-7", "PO1*1*1*EA***VN*5", "CTT*1"))
                .replace("SE*6*0001", "SE*9*0001");

        bridge.drop("bad-count.x12", interchange);

        assertThat(outcomes(bridge.awaitReceipt("bad-count.x12"))).containsExactly(
                "set 1 rejected: envelope: SE01 says 9 segment(s); the transaction set has 6, ST and SE included",
                "set 2 created");
        assertThat(bridge.sandbox().orders()).hasSize(1);
        List<String> ack = segments(awaitReply("997-000000001.x12"));
        assertThat(ack.get(0)).as("from the bridge to the partner").startsWith("ISA*00*          *00*          *ZZ*IMPILOBRIDGE   *ZZ*ACMEPHARMACY   *");
        assertThat(ack.subList(1, ack.size())).containsExactly("GS*FA*IMPILOBRIDGE*ACMEPHARMACY*" + ack.get(1)
                        .split("\\*")[4] + "*" + ack.get(1).split("\\*")[5] + "*1*X*004010", "ST*997*0001",
                "AK1*PO*" + controlOf(interchange), "AK2*850*0001", "AK5*R*4", "AK2*850*0002", "AK5*A",
                "AK9*P*2*2*1", "SE*8*0001", "GE*1*1", "IEA*1*000000001");
        JsonNode error = BridgeHarness.readJson(bridge.folders().rejected().resolve("bad-count.set1.x12.error.json"));
        assertThat(error.path("sourceRows")).as("the error file shows the set's segments")
                .extracting(JsonNode::asText).contains("BEG*00*SA*PO-SE-1**20261204", "SE*9*0001");
        assertThat(segments(Files.readString(bridge.folders().rejected().resolve("bad-count.set1.x12"))))
                .as("the dead letter: the set alone in an interchange marked as the bridge's dead letter")
                .containsExactly("ISA*03*DEADLETTER*00*          *ZZ*ACMEPHARMACY   *ZZ*IMPILOBRIDGE   *261204*1200*U*00401*"
                                + isa13Of(interchange) + "*0*T*:",
                        "GS*PO*ACMEPHARMACY*IMPILOBRIDGE*20261204*1200*" + controlOf(interchange) + "*X*004010",
                        "ST*850*0001", "BEG*00*SA*PO-SE-1**20261204", "N1*ST**92*WARD-7", "PO1*1*1*EA***VN*5", "CTT*1",
                        "SE*9*0001", "GE*1*" + controlOf(interchange), "IEA*1*" + isa13Of(interchange));
    }

    @Test
    void a_wrong_ge_count_rejects_its_group_and_a_wrong_iea_count_the_interchange_with_a_ta1() throws Exception {
        String groups = interchange("00401", "004010", '~', "\n",
                set("0001", "BEG*00*SA*PO-GE-1**20261204", "N1*ST**92*WARD-7", "PO1*1*1*EA***VN*5", "CTT*1"));
        String control = controlOf(groups);
        String second = "GS*PO*ACMEPHARMACY*IMPILOBRIDGE*20261204*1200*77*X*004010~\n"
                + String.join("~\n", set("0001", "BEG*00*SA*PO-GE-2**20261204", "N1*ST**92*WARD-7",
                        "PO1*1*1*EA***VN*5", "CTT*1")) + "~\nGE*1*77~\n";
        String twoGroups = groups.replace("GE*1*" + control, "GE*3*" + control)
                .replace("IEA*1*", second + "IEA*2*");

        bridge.drop("bad-group.x12", twoGroups);

        JsonNode receipt = bridge.awaitReceipt("bad-group.x12");
        assertThat(outcomes(receipt)).containsExactly("set 1 rejected: envelope: its functional group " + control
                + " is broken: GE01 says 3 transaction set(s); the group has 1", "set 2 created");
        assertThat(segments(awaitReply("997-000000001.x12"))).containsSubsequence("ST*997*0001", "AK1*PO*" + control,
                "AK9*R*3*1*0*5", "SE*4*0001", "ST*997*0002", "AK1*PO*77", "AK2*850*0001", "AK5*A", "AK9*A*1*1*1");

        String brokenInterchange = interchange("00401", "004010", '~', "\n",
                set("0001", "BEG*00*SA*PO-IEA-1**20261204", "N1*ST**92*WARD-7", "PO1*1*1*EA***VN*5", "CTT*1"));
        bridge.drop("bad-interchange.x12", brokenInterchange.replace("IEA*1*", "IEA*4*"));

        JsonNode error = bridge.awaitWholeFileIn(bridge.folders().rejected(), "bad-interchange.x12");
        assertThat(error.path("reason").asText()).contains("IEA01 says 4 group(s); the interchange has 1");
        assertThat(segments(awaitReply("ta1-000000003.x12"))).as("after the 997 and the 855 of the first file")
                .contains("TA1*" + isa13Of(brokenInterchange) + "*261204*1200*R*021", "IEA*0*000000003");
        assertThat(bridge.sandbox().orders()).as("only the good group's order").hasSize(1);
    }

    @Test
    void an_interchange_taken_before_creates_nothing_and_gets_a_ta1_025() throws Exception {
        String interchange = interchange("00501", "005010", '~', "\r\n",
                set("0001", "BEG*00*SA*PO-DUP-1**20261204", "N1*ST**92*WARD-7", "PO1*1*1*EA***VN*5", "CTT*1"))
                .replace("*0*T*:", "*1*T*:");
        bridge.drop("first.x12", interchange);
        assertThat(outcomes(bridge.awaitReceipt("first.x12"))).containsExactly("set 1 created");
        assertThat(segments(awaitReply("997-000000001.x12"))).as("ISA14=1 asks for a TA1, sent with the 997")
                .contains("TA1*" + isa13Of(interchange) + "*261204*1200*A*000", "AK1*PO*" + controlOf(interchange)
                        + "*005010", "AK9*A*1*1*1");

        bridge.drop("again.x12", interchange);

        JsonNode error = bridge.awaitWholeFileIn(bridge.folders().rejected(), "again.x12");
        assertThat(error.path("reason").asText()).contains("a duplicate: interchange " + isa13Of(interchange)
                + " (ISA13) from ZZ/ACMEPHARMACY was taken before, from first.x12 at ");
        assertThat(segments(awaitReply("ta1-000000003.x12"))).contains(
                "TA1*" + isa13Of(interchange) + "*261204*1200*R*025");
        assertThat(bridge.sandbox().createRequests()).isEqualTo(1);
    }

    @Test
    void the_same_file_read_again_after_its_answers_were_written_is_no_duplicate_and_not_answered_twice()
            throws Exception {
        String interchange = interchange("00401", "004010", '~', "\n",
                set("0001", "BEG*00*SA*PO-AGAIN-1**20261204", "N1*ST**92*WARD-7", "PO1*1*1*EA***VN*5", "CTT*1"));
        Path file = Files.writeString(config.resolve("again.x12"), interchange);
        // as a stop leaves it: answered and recorded as taken, but not yet moved to done/
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("state/bridge.db"));
             Statement sql = db.createStatement()) {
            sql.executeUpdate("INSERT INTO x12_interchanges (source, sender, control_number, file_name, received_at,"
                    + " file_fingerprint) VALUES ('inbox', 'ZZ/ACMEPHARMACY', '" + isa13Of(interchange) + "',"
                    + " 'again.x12', '2026-12-05T00:00:00Z', 'again.x12 " + Files.size(file) + " "
                    + Files.getLastModifiedTime(file).toMillis() + "')");
        }
        Files.move(file, bridge.folders().inbox().resolve("again.x12"));

        assertThat(outcomes(bridge.awaitReceipt("again.x12"))).containsExactly("set 1 created");
        bridge.drop("next.x12", interchange("00401", "004010", '~', "\n",
                set("0001", "BEG*00*SA*PO-NEXT-1**20261204", "N1*ST**92*WARD-7", "PO1*1*1*EA***VN*5", "CTT*1")));
        assertThat(segments(awaitReply("997-000000001.x12"))).as("the next file's: the first was not answered again")
                .contains("AK1*PO*" + (Integer.parseInt(controlOf(interchange)) + 1));
    }

    @Test
    void a_source_that_asks_for_999s_and_no_855s_gets_a_999_for_a_5010_interchange_under_its_own_numbers()
            throws Exception {
        String interchange = interchange("00501", "005010", '~', "\n",
                set("0001", "BEG*00*SA*PO-999-1**20261204", "N1*ST**92*WARD-7", "PO1*1*1*EA***VN*5", "CTT*1"));
        dropAtClinic("po-999.x12", interchange);

        assertThat(segments(awaitClinicReply("999-000000001.x12"))).contains("ST*999*0001", "AK1*PO*"
                + controlOf(interchange) + "*005010", "AK2*850*0001", "IK5*A", "AK9*A*1*1*1");
        assertThat(bridge.sandbox().orders()).hasSize(1);

        dropAtClinic("po-999-2.x12", interchange("00501", "005010", '~', "\n",
                set("0001", "BEG*00*SA*PO-999-2**20261204", "N1*ST**92*WARD-7", "PO1*1*1*EA***VN*5", "CTT*1")));

        awaitClinicReply("999-000000002.x12");
        try (var replies = Files.list(bridge.folders().outbox().resolve("clinic"))) {
            assertThat(replies.map(file -> file.getFileName().toString())).as("x12.send-855 = false: no 855")
                    .containsExactlyInAnyOrder("999-000000001.x12", "999-000000002.x12");
        }
    }

    @Test
    void a_purchase_order_with_all_the_segments_of_its_version_is_read_and_acknowledged_without_errors()
            throws Exception {
        // what real partners send beyond what the bridge reads: currency, references (one with a composite), contacts,
        // dates, terms, FOB, a ship-to with its address, product descriptions, packaging, an amount after CTT
        List<String> full4010 = set("0001", "BEG*00*SA*PO-FULL-1*REL-1*20261204", "CUR*BY*USD", "REF*DP*0042**ZZ:ABC",
                "PER*BD*Buyer Desk*TE*5550100", "FOB*PP", "ITD*01*3*2**30", "DTM*002*20261210", "TD5************ND",
                "N9*L1*NOTES", "MSG*Deliver to the back door", "N1*BY*Acme Pharmacy*92*BUYER-1",
                "N1*ST*Ward seven*92*WARD-7", "N3*1 Main Street", "N4*Springfield*IL*62701",
                "PO1*1*2*EA*9.5**VN*5*UP*012345678905", "PID*F****Test strips", "PO4*1*50*EA",
                "PO1*2*1*EA***VN*6", "CTT*2", "AMT*TT*19");
        String interchange = interchange("00401", "004010", '~', "\n", full4010);

        bridge.drop("full-4010.x12", interchange);

        assertThat(outcomes(bridge.awaitReceipt("full-4010.x12"))).containsExactly("set 1 created");
        assertThat(segments(awaitReply("997-000000001.x12"))).contains("AK2*850*0001", "AK5*A", "AK9*A*1*1*1")
                .noneMatch(segment -> segment.startsWith("AK3") || segment.startsWith("AK4"));
        bridge.drop("full-5010.x12", interchange("00501", "005010", '~', "\n", set("0001",
                "BEG*00*SA*PO-FULL-2**20261204", "REF*DP*0042", "DTM*002*20261210", "N1*ST**92*WARD-7",
                "N3*1 Main Street", "N4*Springfield*IL*62701", "PO1*1*1*EA***VN*5", "PID*F****Test strips",
                "CTT*1")));
        assertThat(outcomes(bridge.awaitReceipt("full-5010.x12"))).containsExactly("set 1 created");
        // the 855 of the first took the partner's next control number
        assertThat(segments(awaitReply("997-000000003.x12"))).contains("AK1*PO*" + (CONTROL_NUMBERS.get())
                + "*005010", "AK5*A", "AK9*A*1*1*1").noneMatch(segment -> segment.startsWith("AK3"));
    }

    @Test
    void syntax_errors_are_reported_segment_by_segment_and_element_by_element_in_the_997() throws Exception {
        String interchange = interchange("00401", "004010", '~', "\n",
                // a segment the 850 does not have, and a release number too long: the bridge reads neither
                set("0001", "BEG*00*SA*PO-SYN-1*" + "9".repeat(31) + "*20261204", "ZZZ*1", "N1*ST**92*WARD-7",
                        "PO1*1*1*EA***VN*5", "CTT*1"),
                // a quantity that is no number: the order's line cannot be read
                set("0002", "BEG*00*SA*PO-SYN-2**20261204", "N1*ST**92*WARD-7", "PO1*1*TWO*EA***VN*5", "CTT*1"),
                // no BEG at all
                set("0003", "N1*ST**92*WARD-7", "PO1*1*1*EA***VN*5", "CTT*1"));

        bridge.drop("syntax.x12", interchange);

        List<String> outcomes = outcomes(bridge.awaitReceipt("syntax.x12"));
        assertThat(outcomes).hasSize(3);
        assertThat(outcomes.get(0)).isEqualTo("set 1 created");
        assertThat(outcomes.get(1)).startsWith("set 2 rejected: envelope: PO102 (segment 4 of the set, data element"
                + " 330): invalid character data");
        assertThat(outcomes.get(2)).isEqualTo("set 3 rejected: envelope: the BEG segment is missing (mandatory segment"
                + " missing, noticed at segment 2 of the set)");
        assertThat(bridge.sandbox().orders()).as("only the set whose errors are in what the bridge does not read")
                .hasSize(1);
        List<String> ack = segments(awaitReply("997-000000001.x12"));
        assertThat(ack.subList(3, ack.size() - 3)).containsExactly("AK1*PO*" + controlOf(interchange),
                "AK2*850*0001", "AK3*BEG*2**8", "AK4*4*328*5*" + "9".repeat(31), "AK3*ZZZ*3**6", "AK5*E",
                "AK2*850*0002", "AK3*PO1*4*PO1*8", "AK4*2*330*6*TWO", "AK5*R*5",
                "AK2*850*0003", "AK3*BEG*2**3", "AK5*R*5",
                "AK9*P*3*3*1");
        String log = Files.readString(bridge.folders().rejected().resolve("syntax.set2.x12.error.json"));
        assertThat(log).contains("PO102").contains("invalid character data");
    }

    @Test
    void a_999_reports_syntax_errors_as_ik3_and_ik4() throws Exception {
        dropAtClinic("syntax-999.x12", interchange("00501", "005010", '~', "\n",
                set("0001", "BEG*00*SA*PO-SYN-999**20261204", "N1*ST**92*WARD-7", "PO1*1*TWO*EA***VN*5",
                        "CTT*1")));

        assertThat(segments(awaitClinicReply("999-000000001.x12"))).containsSubsequence("AK2*850*0001",
                "IK3*PO1*4*PO1*8", "IK4*2*330*6*TWO", "IK5*R*5", "AK9*R*1*1*0");
        assertThat(bridge.sandbox().orders()).isEmpty();
    }

    private void dropAtClinic(String name, String content) throws Exception {
        Files.writeString(clinic.resolve("." + name + ".tmp"), content);
        Files.move(clinic.resolve("." + name + ".tmp"), clinic.resolve(name));
    }

    private String awaitClinicReply(String name) throws Exception {
        return awaitReply("clinic", name);
    }

    @Test
    void a_cancellation_voids_the_order_the_bridge_created_for_that_po_and_one_for_no_such_po_is_rejected()
            throws Exception {
        bridge.drop("order.x12", interchange("00401", "004010", '~', "\n",
                set("0001", "BEG*00*SA*PO-CANCEL-1**20261204", "N1*ST**92*WARD-7", "PO1*1*1*EA***VN*5", "CTT*1")));
        long created = bridge.awaitReceipt("order.x12").at("/orders/0/impiloOrderId").asLong();

        bridge.drop("cancel.x12", interchange("00401", "004010", '~', "\n",
                set("0001", "BEG*01*SA*PO-CANCEL-1**20261204", "N1*ST**92*WARD-7", "PO1*1*1*EA***VN*5", "CTT*1"),
                set("0002", "BEG*01*SA*PO-NEVER-SENT**20261204", "N1*ST**92*WARD-7", "CTT*0")));

        JsonNode receipt = bridge.awaitReceipt("cancel.x12");
        assertThat(outcomes(receipt)).containsExactly("set 1 cancelled", "set 2 rejected: BEG01: a cancellation of"
                + " purchase order PO-NEVER-SENT, which the bridge has not created for this partner: there is nothing"
                + " to cancel");
        assertThat(receipt.at("/orders/0/impiloOrderId").asLong()).isEqualTo(created);
        assertThat(bridge.sandbox().order(created).orElseThrow().path("currentStatus").asText()).isEqualTo("voided");
        assertThat(bridge.sandbox().createRequests()).as("a cancellation creates nothing").isEqualTo(1);
        assertThat(segments(awaitReply("855-000000004.x12"))).as("after the first file's 997 and 855, this one's 997")
                .contains("BAK*01*AD*PO-CANCEL-1*20261204****" + created, "BAK*01*RD*PO-NEVER-SENT*20261204");
        assertThat(bridge.ledgerEntry("inbox", "PO-NEVER-SENT")).as("a failed cancellation records no order")
                .isEmpty();
    }

    @Test
    void an_order_shipped_with_a_tracking_number_gets_its_856_once() throws Exception {
        bridge.drop("ship.x12", interchange("00401", "004010", '~', "\n",
                set("0001", "BEG*00*SA*PO-SHIP-1**20261204", "N1*ST**92*WARD-7", "PO1*1*2*EA***BP*BUYER-100",
                        "PO1*2*1*EA***VN*7", "CTT*2")));
        long id = bridge.awaitReceipt("ship.x12").at("/orders/0/impiloOrderId").asLong();
        awaitReply("855-000000002.x12");
        bridge.pollFeed();
        assertThat(bridge.folders().outbox().resolve("inbox").resolve("856-000000003.x12"))
                .as("placed, not shipped: no 856").doesNotExist();

        bridge.sandbox().lifecycle().shipOrder(id);
        bridge.pollFeed();

        List<String> notice = segments(awaitReply("856-000000003.x12"));
        assertThat(notice).contains("GS*SH*IMPILOBRIDGE*ACMEPHARMACY*" + notice.get(1).split("\\*")[4] + "*"
                + notice.get(1).split("\\*")[5] + "*3*X*004010", "ST*856*0001");
        assertThat(notice.subList(3, notice.size() - 2)).containsExactly(
                "BSN*00*" + id + "*" + notice.get(1).split("\\*")[4] + "*" + notice.get(1).split("\\*")[5] + "*0004",
                "HL*1**S", "TD5**2*" + bridge.sandbox().order(id).orElseThrow().at("/trackingNumbers/0/carrier")
                        .asText(), "REF*CN*" + SandboxLifecycle.trackingNumber(id),
                "DTM*011*" + notice.get(1).split("\\*")[4], "HL*2*1*O", "PRF*PO-SHIP-1",
                "HL*3*2*I", "LIN*1*BP*BUYER-100", "SN1**2*EA", "HL*4*2*I", "LIN*2*VN*7", "SN1**1*EA", "CTT*4",
                "SE*16*0001");

        bridge.sandbox().lifecycle().advance(id);
        assertThat(bridge.pollFeed().emitted()).as("delivered: a change the feed emits").isEqualTo(1);
        try (var replies = Files.list(bridge.folders().outbox().resolve("inbox"))) {
            assertThat(replies.map(file -> file.getFileName().toString()).filter(name -> name.startsWith("856")))
                    .as("one 856, however the order moves on").containsExactly("856-000000003.x12");
        }
    }

    @Test
    void a_bad_line_rejects_its_purchase_order_naming_the_line_and_the_other_is_created() throws Exception {
        bridge.drop("mixed.x12", interchange("00401", "004010", '~', "\r\n",
                set("0001", "BEG*00*SA*PO-MIX-1**20261204", "N1*ST**92*WARD-7", "PO1*1*3.5*EA***VN*5",
                        "PO1*2*1*CA***VN*6", "PO1*3*1*EA***BP*UNKNOWN-9", "CTT*3"),
                set("0002", "BEG*04*SA*PO-MIX-2**20261204", "N1*ST**92*WARD-7", "PO1*1*1*EA***VN*5", "CTT*1"),
                set("0003", "BEG*00*SA*PO-MIX-3**20261204", "N1*ST**92*WARD-7", "PO1*1*1*EA***VN*5", "CTT*2"),
                set("0004", "BEG*00*SA*PO-MIX-4**20261204", "N1*ST**92*WARD-7", "PO1*1*1*EA***VN*5", "CTT*1")));

        JsonNode receipt = bridge.awaitReceipt("mixed.x12");

        assertThat(outcomes(receipt)).containsExactly(
                "set 1 rejected: PO1 1: PO102 \"3.5\" is not a whole number of at least 1; PO1 2: PO103 \"CA\": only EA"
                        + " (each) is taken; PO1 3: no product id the crosswalk knows, and no VN with Impilo's item"
                        + " number (BP UNKNOWN-9)",
                "set 2 rejected: BEG01: purpose \"04\" is not taken: change orders are not supported; send a new"
                        + " purchase order (00)",
                "set 3 rejected: CTT01: says 2 line(s), the purchase order has 1 PO1 line(s)",
                "set 4 created");
        assertThat(bridge.sandbox().orders()).hasSize(1);
        String poAcks = awaitReply("855-000000002.x12");
        assertThat(segments(poAcks)).as("rejected with detail: the reason, IR on the lines at fault").contains(
                "BAK*00*RD*PO-MIX-1*20261204", "N9*L1*REJECTED", "PO1*1*3.5*EA***VN*5", "ACK*IR*3.5*EA",
                "PO1*2*1*CA***VN*6", "ACK*IR*1*CA", "PO1*3*1*EA***BP*UNKNOWN-9", "ACK*IR*1*EA",
                "BAK*00*RD*PO-MIX-2*20261204", "BAK*00*RD*PO-MIX-3*20261204", "ACK*IA*1*EA");
        assertThat(segments(poAcks)).filteredOn(segment -> segment.startsWith("MSG*")).anySatisfy(message ->
                assertThat(message).as("':' separates components here").isEqualTo(
                        "MSG*CTT01 - says 2 line(s), the purchase order has 1 PO1 line(s)"));
        assertThat(segments(poAcks)).filteredOn(segment -> segment.startsWith("BAK*00*AD*PO-MIX-4")).hasSize(1);
    }

    private JsonNode created(JsonNode receipt, int index) {
        return bridge.sandbox().order(receipt.at("/orders/" + index + "/impiloOrderId").asLong()).orElseThrow();
    }

    private static List<String> outcomes(JsonNode receipt) {
        return StreamSupport.stream(receipt.path("orders").spliterator(), false).map(order -> {
            String line = order.path("position").asText() + " " + order.path("outcome").asText();
            return order.has("violations") ? line + ": " + String.join("; ", StreamSupport.stream(
                    order.path("violations").spliterator(), false).map(JsonNode::asText).toList()) : line;
        }).toList();
    }

    // The outbox file of a source once it is there, as written: the inbox's by default.
    private String awaitReply(String name) throws Exception {
        return awaitReply("inbox", name);
    }

    private String awaitReply(String source, String name) throws Exception {
        Path reply = bridge.folders().outbox().resolve(source).resolve(name);
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.isRegularFile(reply));
        return Files.readString(reply);
    }

    private static List<String> segments(String x12) {
        return List.of(x12.strip().split("~\\R?"));
    }

    private static String isa13Of(String interchange) {
        return interchange.substring(90, 99);
    }

    // GS06: ISA13 without its zeros, in these interchanges
    private static String controlOf(String interchange) {
        return isa13Of(interchange).replaceFirst("^0+", "");
    }

    // An interchange of one group: ISA fixed width, GS, the sets, GE and IEA with their counts; each interchange its
    // own control number (ISA13, GS06), as a partner's are.
    private static String interchange(String isaVersion, String gsVersion, char terminator, String lineBreak,
                                      List<String>... sets) {
        int control = CONTROL_NUMBERS.incrementAndGet();
        String end = terminator + lineBreak;
        StringBuilder x12 = new StringBuilder();
        x12.append("ISA*00*          *00*          *ZZ*ACMEPHARMACY   *ZZ*IMPILOBRIDGE   *261204*1200*")
                .append(isaVersion.equals("00501") ? "^" : "U").append('*').append(isaVersion)
                .append(String.format("*%09d*0*T*:", control)).append(end);
        x12.append("GS*PO*ACMEPHARMACY*IMPILOBRIDGE*20261204*1200*").append(control).append("*X*").append(gsVersion)
                .append(end);
        for (List<String> set : sets) {
            set.forEach(segment -> x12.append(segment).append(end));
        }
        x12.append("GE*").append(sets.length).append("*").append(control).append(end);
        x12.append(String.format("IEA*1*%09d", control)).append(end);
        return x12.toString().replace('~', terminator);
    }

    private static List<String> set(String control, String... body) {
        List<String> segments = new java.util.ArrayList<>();
        segments.add("ST*850*" + control);
        segments.addAll(List.of(body));
        segments.add("SE*" + (body.length + 2) + "*" + control);
        return segments;
    }
}
