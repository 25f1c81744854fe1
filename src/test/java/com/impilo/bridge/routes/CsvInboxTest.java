package com.impilo.bridge.routes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.impilo.bridge.settings.BridgeConfigException;
import com.impilo.bridge.support.BridgeHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CSV files dropped into the inbox become orders at the sandbox API, with receipts and dead letters by line. */
class CsvInboxTest {

    private static final String HEADER =
            "external_order_id,patient_id,site_id,item_id,kit_id,count,shipping_option,email_label,note\r\n";

    @TempDir
    Path data;

    @Test
    void creates_the_orders_of_a_csv_file_with_their_items_kits_and_counts() throws Exception {
        try (BridgeHarness bridge = BridgeHarness.start(data)) {
            bridge.drop("orders.csv", HEADER
                    + "csv-1,1234,,12,,10,standard,false,\"ring twice, then wait\"\r\n"
                    + "csv-1,,,31,,2,,,\r\n"
                    + "csv-1,,,,1000,1,,,\r\n"
                    + "csv-2,,77,,1001,4,overnight,,\r\n");

            JsonNode receipt = bridge.awaitReceipt("orders.csv");

            assertThat(receipt.get("orders")).extracting(o -> o.get("position").asText() + " "
                    + o.at("/externalOrderIds/0").asText() + " " + o.get("outcome").asText())
                    .containsExactly("line 2 csv-1 created", "line 5 csv-2 created");
            JsonNode patientOrder = created(bridge, "csv-1");
            assertThat(patientOrder.at("/patient/id").asLong()).isEqualTo(1234);
            assertThat(patientOrder.get("orderItems")).extracting(l -> l.at("/item/id").asLong() + "x"
                    + l.get("count").asInt()).containsExactly("12x10", "31x2");
            assertThat(patientOrder.get("orderKits")).extracting(l -> l.at("/kit/id").asLong() + "x"
                    + l.get("count").asInt()).containsExactly("1000x1");
            assertThat(patientOrder.get("shippingOption").asText()).isEqualTo("standard");
            JsonNode siteOrder = created(bridge, "csv-2");
            assertThat(siteOrder.at("/site/id").asLong()).isEqualTo(77);
            assertThat(siteOrder.get("orderKits")).extracting(l -> l.at("/kit/id").asLong() + "x"
                    + l.get("count").asInt()).containsExactly("1001x4");
            assertThat(receipt.at("/orders/1/impiloOrderId").asLong()).isEqualTo(siteOrder.get("id").asLong());
        }
    }

    @Test
    void rejects_a_bad_row_with_its_line_and_column_and_creates_the_other_orders() throws Exception {
        try (BridgeHarness bridge = BridgeHarness.start(data)) {
            bridge.drop("mixed.csv", HEADER
                    + "csv-3,5,,311,,1,,,\r\n"
                    + "csv-4,6,,311,,1,,,\r\n"
                    + "csv-4,6,,312,,ten,,,\r\n"
                    + "csv-5,7,,311,,1,,,\r\n");

            JsonNode receipt = bridge.awaitReceipt("mixed.csv");

            assertThat(receipt.get("orders")).extracting(o -> o.get("position").asText() + " "
                    + o.get("outcome").asText())
                    .containsExactly("line 2 created", "line 3 rejected", "line 5 created");
            assertThat(receipt.at("/orders/1/violations")).extracting(JsonNode::asText)
                    .containsExactly("line 4, column count: \"ten\" is not a number");
            assertThat(receipt.at("/orders/1/deadLetter").asText()).isEqualTo("rejected/mixed.line3.json");
            assertThat(bridge.sandbox().orders()).extracting(o -> o.at("/externalOrderIds/0").asText())
                    .containsExactlyInAnyOrder("csv-3", "csv-5");

            // the dead letter is the order as JSON, ready to be fixed and replayed; the error file shows its rows
            JsonNode deadLetter = BridgeHarness.readJson(bridge.folders().rejected().resolve("mixed.line3.json"));
            assertThat(deadLetter.at("/orderItems/1/count").asText()).isEqualTo("ten");
            JsonNode error = BridgeHarness.readJson(bridge.folders().rejected().resolve("mixed.line3.json.error.json"));
            assertThat(error.get("position").asText()).isEqualTo("line 3");
            assertThat(error.get("sourceRows")).extracting(JsonNode::asText).containsExactly(
                    HEADER.strip(), "csv-4,6,,311,,1,,,", "csv-4,6,,312,,ten,,,");
        }
    }

    @Test
    void replays_a_fixed_dead_letter_of_a_csv_order_as_a_json_order() throws Exception {
        try (BridgeHarness bridge = BridgeHarness.start(data)) {
            bridge.drop("batch.csv", HEADER + "csv-6,5,,311,,1,,,\r\ncsv-6,5,,312,,ten,,,\r\n");
            bridge.awaitReceipt("batch.csv");
            Path deadLetter = bridge.folders().rejected().resolve("batch.line2.json");

            Files.writeString(deadLetter, Files.readString(deadLetter).replace("\"ten\"", "10"));
            Files.move(deadLetter, bridge.folders().inbox().resolve("batch.line2.json"));
            JsonNode receipt = bridge.awaitReceipt("batch.line2.json");

            assertThat(receipt.at("/orders/0/outcome").asText()).isEqualTo("created");
            assertThat(created(bridge, "csv-6").get("orderItems")).extracting(l -> l.at("/item/id").asLong() + "x"
                    + l.get("count").asInt()).containsExactly("311x1", "312x10");
        }
    }

    @Test
    void rejects_an_order_id_that_reappears_later_in_the_file_even_though_its_first_rows_were_created()
            throws Exception {
        try (BridgeHarness bridge = BridgeHarness.start(data)) {
            bridge.drop("split.csv", HEADER
                    + "csv-7,5,,311,,1,,,\r\n"
                    + "csv-8,5,,311,,1,,,\r\n"
                    + "csv-7,5,,312,,1,,,\r\n");

            JsonNode receipt = bridge.awaitReceipt("split.csv");

            assertThat(receipt.get("orders")).extracting(o -> o.get("position").asText() + " "
                    + o.get("outcome").asText())
                    .containsExactly("line 2 created", "line 3 created", "line 4 rejected");
            assertThat(receipt.at("/orders/2/violations/0").asText()).isEqualTo("line 4, column external_order_id:"
                    + " order \"csv-7\" already appeared on line 2; the rows of an order must follow each other");
            assertThat(bridge.sandbox().createRequests()).isEqualTo(2);
        }
    }

    @Test
    void reads_inbox_csv_files_in_the_configured_layout() throws Exception {
        Map<String, String> layout = Map.of(
                "bridge.csv.columns.external_order_id", "PO",
                "bridge.csv.columns.patient_id", "Patient",
                "bridge.csv.columns.item_id", "ItemNo",
                "bridge.csv.columns.count", "Qty",
                "bridge.csv.delimiter", ";");
        try (BridgeHarness bridge = BridgeHarness.start(data, layout)) {
            bridge.drop("acme.csv", "PO;Patient;ItemNo;Qty\n"
                    + "acme-1;42;311;3\n");

            JsonNode receipt = bridge.awaitReceipt("acme.csv");

            assertThat(receipt.at("/orders/0/outcome").asText()).isEqualTo("created");
            assertThat(created(bridge, "acme-1").at("/orderItems/0/count").asInt()).isEqualTo(3);
        }
    }

    @Test
    void moves_a_csv_file_without_a_required_column_to_rejected_whole() throws Exception {
        try (BridgeHarness bridge = BridgeHarness.start(data)) {
            bridge.drop("nocount.csv", "external_order_id,patient_id,item_id\ncsv-9,5,311\n");

            JsonNode error = bridge.awaitWholeFileIn(bridge.folders().rejected(), "nocount.csv");

            assertThat(error.get("reason").asText()).isEqualTo("the file cannot be read as orders: the CSV header"
                    + " lacks the required column(s) count; it holds: external_order_id, patient_id, item_id");
            assertThat(bridge.sandbox().createRequests()).isZero();
        }
    }

    @Test
    void refuses_to_start_with_a_csv_layout_mistake_naming_the_key() {
        Throwable thrown = catchThrowable(() -> BridgeHarness.start(data, Map.of("bridge.csv.delimiter", ";;")).close());

        assertThat(thrown).isInstanceOf(BridgeConfigException.class);
        assertThat(((BridgeConfigException) thrown).problems())
                .containsExactly("bridge.csv.delimiter must be one character (or tab), got \";;\"");
    }

    private static JsonNode created(BridgeHarness bridge, String externalOrderId) {
        List<JsonNode> matching = bridge.sandbox().orders().stream()
                .filter(order -> order.at("/externalOrderIds/0").asText().equals(externalOrderId))
                .toList();
        assertThat(matching).as("orders created with id %s", externalOrderId).hasSize(1);
        return matching.get(0);
    }
}
