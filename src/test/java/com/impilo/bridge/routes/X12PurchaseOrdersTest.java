package com.impilo.bridge.routes;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.databind.JsonNode;
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

    private BridgeHarness bridge;

    @BeforeEach
    void start() throws Exception {
        Path crosswalk = Files.writeString(config.resolve("crosswalk.csv"),
                "type,code,impilo_id\nsite,WARD-7,77\nitem,BUYER-100,42\nkit,BUYER-KIT,1001\n");
        bridge = BridgeHarness.start(data, Map.of("bridge.sources.inbox.formats", "json,ndjson,csv,x12",
                "bridge.sources.inbox.crosswalk", crosswalk.toString(),
                "bridge.sources.inbox.x12.sender-id", "ACMEPHARMACY", "bridge.sources.inbox.x12.receiver-id",
                "IMPILOBRIDGE", "bridge.sources.inbox.x12.overnight-codes", "ND, NM, ON, SA, 2D"));
    }

    @AfterEach
    void stop() {
        bridge.close();
    }

    @Test
    void a_4010_interchange_of_two_purchase_orders_becomes_two_orders_with_their_ship_to_lines_and_notes() {
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

        bridge.drop("from-the-partner.txt", "\n  " + po);
        bridge.drop("misnamed.json", po.replace("PO-NAMED-1", "PO-NAMED-2"));

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
    void a_wrong_se_count_rejects_the_whole_interchange_and_sends_nothing() {
        String broken = interchange("00401", "004010", '~', "\n",
                set("0001", "BEG*00*SA*PO-BAD-1**20261204", "N1*ST**92*WARD-7", "PO1*1*1*EA***VN*5", "CTT*1"))
                .replace("SE*6*0001", "SE*9*0001");

        bridge.drop("bad-count.x12", broken);

        JsonNode error = bridge.awaitWholeFileIn(bridge.folders().rejected(), "bad-count.x12");
        assertThat(error.path("reason").asText()).contains("the X12 envelope is broken at segment SE",
                "control count does not match actual count");
        assertThat(bridge.sandbox().createRequests()).isZero();
    }

    @Test
    void a_bad_line_rejects_its_purchase_order_naming_the_line_and_the_other_is_created() {
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

    // An interchange of one group: ISA fixed width, GS, the sets, GE and IEA with their counts.
    private static String interchange(String isaVersion, String gsVersion, char terminator, String lineBreak,
                                      List<String>... sets) {
        String end = terminator + lineBreak;
        StringBuilder x12 = new StringBuilder();
        x12.append("ISA*00*          *00*          *ZZ*ACMEPHARMACY   *ZZ*IMPILOBRIDGE   *261204*1200*")
                .append(isaVersion.equals("00501") ? "^" : "U").append('*').append(isaVersion)
                .append("*000000905*0*T*:").append(end);
        x12.append("GS*PO*ACMEPHARMACY*IMPILOBRIDGE*20261204*1200*905*X*").append(gsVersion).append(end);
        for (List<String> set : sets) {
            set.forEach(segment -> x12.append(segment).append(end));
        }
        x12.append("GE*").append(sets.length).append("*905").append(end);
        x12.append("IEA*1*000000905").append(end);
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
