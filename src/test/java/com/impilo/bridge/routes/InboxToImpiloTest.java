package com.impilo.bridge.routes;

import static com.impilo.bridge.support.Orders.line;
import static com.impilo.bridge.support.Orders.patientOrder;
import static com.impilo.bridge.support.Orders.siteOrder;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.impilo.bridge.store.LedgerEntry;
import com.impilo.bridge.support.BridgeHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files dropped into the inbox become orders at the sandbox API over HTTP, with receipts and dead letters on disk. */
class InboxToImpiloTest {

    @TempDir
    Path data;

    private BridgeHarness bridge;

    @BeforeEach
    void start() throws Exception {
        bridge = BridgeHarness.start(data);
    }

    @AfterEach
    void stop() {
        bridge.close();
    }

    @Test
    void creates_the_guides_patient_order_and_writes_a_receipt() {
        bridge.drop("patient.json", patientOrder("xyz_123_0"));

        JsonNode receipt = bridge.awaitReceipt("patient.json");

        assertThat(bridge.sandbox().orders()).hasSize(1);
        JsonNode created = bridge.sandbox().orders().get(0);
        assertThat(created.at("/patient/id").asLong()).isEqualTo(1234);
        assertThat(created.at("/orderItems/0/item/id").asLong()).isEqualTo(12);
        assertThat(created.at("/orderItems/0/count").asInt()).isEqualTo(10);
        assertThat(created.at("/orderKits/0/kit/id").asLong()).isEqualTo(1000);
        assertThat(created.at("/externalOrderIds/0").asText()).isEqualTo("xyz_123_0");

        JsonNode order = receipt.at("/orders/0");
        assertThat(order.get("position").asText()).isEqualTo("index 0");
        assertThat(order.get("outcome").asText()).isEqualTo("created");
        assertThat(order.get("impiloOrderId").asLong()).isEqualTo(created.get("id").asLong());
        assertThat(order.get("status").asText()).isEqualTo("orderPlaced");
        assertThat(order.at("/externalOrderIds/0").asText()).isEqualTo("xyz_123_0");
        assertThat(receipt.at("/summary/created").asInt()).isEqualTo(1);
        assertThat(receipt.get("file").asText()).isEqualTo("patient.json");
    }

    @Test
    void creates_the_guides_site_order() {
        bridge.drop("site.json", siteOrder("site-1"));

        JsonNode receipt = bridge.awaitReceipt("site.json");

        assertThat(receipt.at("/orders/0/outcome").asText()).isEqualTo("created");
        JsonNode created = bridge.sandbox().orders().get(0);
        assertThat(created.at("/site/id").asLong()).isEqualTo(77);
        assertThat(created.has("patient")).isFalse();
        assertThat(created.get("shippingOption").asText()).isEqualTo("overnight");
    }

    @Test
    void an_order_whose_creation_keeps_failing_is_undelivered_after_its_retries_though_its_lookups_answer() {
        // the lookup before each retry succeeds: its answer must not reset the count of attempts
        bridge.sandbox().faults().failNextCreations(50, 503);
        bridge.drop("stuck.json", patientOrder("stuck-1"));

        JsonNode receipt = bridge.awaitReceipt("stuck.json");

        assertThat(receipt.at("/orders/0/outcome").asText()).isEqualTo("undelivered");
        JsonNode error = BridgeHarness.readJson(bridge.folders().undelivered().resolve("stuck.index0.json.error.json"));
        assertThat(error.get("reason").asText()).isEqualTo("not delivered after 3 attempt(s): the Impilo API answered HTTP 503");
        assertThat(bridge.sandbox().orders()).isEmpty();
    }

    @Test
    void an_orders_text_reaches_impilo_as_the_partner_wrote_it() {
        String id = "PO-Müller-名前-\ud83d\ude00";
        bridge.drop("text.json", patientOrder(id));

        JsonNode receipt = bridge.awaitReceipt("text.json");

        assertThat(receipt.at("/orders/0/outcome").asText()).isEqualTo("created");
        assertThat(bridge.sandbox().orders().get(0).at("/externalOrderIds/0").asText()).isEqualTo(id);
    }

    @Test
    void sends_the_api_key_and_json_content_type_and_no_internal_headers() {
        bridge.drop("patient.json", patientOrder("h-1"));
        bridge.awaitReceipt("patient.json");

        // the last call: the order's, after the check of the API that pickup waits for
        List<Map<String, List<String>>> calls = bridge.sandbox().requestHeaders();
        Map<String, List<String>> headers = calls.get(calls.size() - 1);
        assertThat(headers.get("Impilo-API-Key")).containsExactly(bridge.apiKey());
        assertThat(headers.get("Content-Type")).singleElement().asString().startsWith("application/json");
        assertThat(headers.keySet()).noneMatch(name -> name.toLowerCase().startsWith("camel"));
        assertThat(headers.keySet()).noneMatch(name -> name.toLowerCase().startsWith("bridge"));
    }

    @Test
    void rejects_orders_that_break_the_guides_rules_before_sending_anything() {
        bridge.drop("invalid.ndjson", String.join("\n",
                "{\"patient\":{\"id\":1},\"site\":{\"id\":2},\"orderItems\":[{\"item\":{\"id\":1},\"count\":1}]}",
                "{\"orderItems\":[{\"item\":{\"id\":1},\"count\":1}]}",
                "{\"patient\":{\"id\":1}}",
                "{\"patient\":{},\"orderItems\":[{\"item\":{},\"count\":1}],\"orderKits\":[{\"kit\":{},\"count\":1}]}",
                "{\"site\":{\"id\":3},\"orderItems\":[{\"item\":{\"id\":1},\"count\":0},{\"item\":{\"id\":2},\"count\":-2}]}",
                "{\"site\":{\"id\":3},\"orderKits\":[{\"kit\":{\"id\":1000},\"count\":1}],\"shippingOption\":\"teleport\"}",
                "{\"site\":{\"id\":3},\"orderItems\":[{\"item\":{\"id\":1},\"count\":\"ten\"}]}"));

        JsonNode receipt = bridge.awaitReceipt("invalid.ndjson");

        assertThat(receipt.get("orders")).extracting(o -> o.get("outcome").asText()).containsOnly("rejected").hasSize(7);
        assertThat(receipt.get("orders")).extracting(o -> o.get("violations").toString()).containsExactly(
                "[\"site: not allowed together with patient (an order needs exactly one of patient or site)\"]",
                "[\"patient: required (an order needs exactly one of patient or site)\"]",
                "[\"orderItems: required (an order needs at least one of orderItems, orderKits, returnItems,"
                        + " returnDevices or returnPackedKits)\"]",
                "[\"patient.id: required\",\"orderItems[0].item.id: required\",\"orderKits[0].kit.id: required\"]",
                "[\"orderItems[0].count: must be at least 1, got 0\",\"orderItems[1].count: must be at least 1, got -2\"]",
                "[\"shippingOption: must be one of standard, overnight\"]",
                "[\"orderItems[0].count: expected a whole number, got \\\"ten\\\"\"]");
        assertThat(bridge.sandbox().createRequests()).isZero();
        assertThat(bridge.folders().rejected().resolve("invalid.line4.json.error.json")).exists();
    }

    @Test
    void processes_an_array_file_order_by_order_and_rejects_only_the_bad_one() {
        bridge.drop("batch.json", "[" + patientOrder("a-1") + ","
                + "{\"externalOrderIds\":[\"a-2\"],\"patient\":{\"id\":1},\"orderItems\":[{\"item\":{\"id\":3},\"count\":0}]},"
                + siteOrder("a-3") + "]");

        JsonNode receipt = bridge.awaitReceipt("batch.json");

        assertThat(receipt.get("orders")).extracting(o -> o.get("position").asText() + " " + o.get("outcome").asText())
                .containsExactly("index 0 created", "index 1 rejected", "index 2 created");
        assertThat(receipt.at("/orders/1/violations/0").asText()).isEqualTo("orderItems[0].count: must be at least 1, got 0");
        assertThat(receipt.at("/orders/1/deadLetter").asText()).isEqualTo("rejected/batch.index1.json");
        assertThat(bridge.sandbox().orders()).hasSize(2);

        JsonNode deadLetter = BridgeHarness.readJson(bridge.folders().rejected().resolve("batch.index1.json"));
        assertThat(deadLetter.at("/externalOrderIds/0").asText()).isEqualTo("a-2");
        JsonNode error = BridgeHarness.readJson(bridge.folders().rejected().resolve("batch.index1.json.error.json"));
        assertThat(error.get("sourceFile").asText()).isEqualTo("batch.json");
        assertThat(error.get("position").asText()).isEqualTo("index 1");
        assertThat(error.get("timestamp").asText()).isNotBlank();
    }

    @Test
    void processes_an_ndjson_file_and_rejects_a_bad_line_among_good_ones() {
        bridge.drop("stream.ndjson", line("n-1", 1) + "\n" + line("n-2", 2) + "\n{not json at all\n\n" + line("n-4", 4) + "\n");

        JsonNode receipt = bridge.awaitReceipt("stream.ndjson");

        assertThat(receipt.get("orders")).extracting(o -> o.get("position").asText() + " " + o.get("outcome").asText())
                .containsExactly("line 1 created", "line 2 created", "line 3 rejected", "line 5 created");
        assertThat(bridge.sandbox().orders()).extracting(o -> o.at("/externalOrderIds/0").asText())
                .containsExactlyInAnyOrder("n-1", "n-2", "n-4");
        Path badLine = bridge.folders().rejected().resolve("stream.line3.json");
        assertThat(badLine).hasContent("{not json at all");
        JsonNode error = BridgeHarness.readJson(bridge.folders().rejected().resolve("stream.line3.json.error.json"));
        assertThat(error.at("/violations/0").asText()).startsWith("$: not valid JSON");
    }

    @Test
    void moves_an_unparsable_file_to_rejected_whole_with_its_error() {
        bridge.drop("broken.json", "[" + patientOrder("b-1") + ", {\"patient\": ");

        JsonNode error = bridge.awaitWholeFileIn(bridge.folders().rejected(), "broken.json");

        assertThat(error.get("reason").asText()).startsWith("the file cannot be read as orders: not valid JSON");
        assertThat(error.get("reason").asText()).containsPattern("\\(line \\d+, column \\d+\\)");
        assertThat(error.get("category").asText()).isEqualTo("unreadable-file");
        assertThat(bridge.folders().rejected().resolve("broken.json")).hasContent("[" + patientOrder("b-1") + ", {\"patient\": ");
        assertThat(bridge.sandbox().createRequests()).isZero();
        assertThat(bridge.folders().done().resolve("broken.json.receipt.json")).doesNotExist();
    }

    @Test
    void rejects_an_order_the_api_refuses_with_400_and_keeps_the_apis_answer() {
        bridge.drop("refused.json", line("r-1", 666));

        JsonNode receipt = bridge.awaitReceipt("refused.json");

        assertThat(receipt.at("/orders/0/outcome").asText()).isEqualTo("rejected");
        assertThat(receipt.at("/orders/0/httpStatus").asInt()).isEqualTo(400);
        JsonNode error = BridgeHarness.readJson(bridge.folders().rejected().resolve("refused.index0.json.error.json"));
        assertThat(error.get("reason").asText()).isEqualTo("the Impilo API refused the order (HTTP 400)");
        assertThat(error.get("apiResponse").asText()).contains("item_not_orderable").contains("666");
        assertThat(bridge.sandbox().createRequests()).as("a refused order is not retried").isEqualTo(1);
    }

    @Test
    void retries_a_503_and_then_creates_the_order_once() {
        bridge.sandbox().faults().failNext(2, 503);
        bridge.drop("flaky.json", patientOrder("f-1"));

        JsonNode receipt = bridge.awaitReceipt("flaky.json");

        assertThat(receipt.at("/orders/0/outcome").asText()).isEqualTo("created");
        // POST (503), then each retry first looks for the order by its key: GET (503), GET (none), POST (201)
        assertThat(bridge.sandbox().createRequests()).isEqualTo(2);
        assertThat(bridge.sandbox().orders()).hasSize(1);
        assertThat(bridge.sandbox().orders().get(0).at("/patient/id").asLong())
                .as("the retry sends the same order").isEqualTo(1234);
    }

    @Test
    void moves_an_order_to_undelivered_when_retries_are_exhausted() {
        bridge.sandbox().faults().failNext(3, 503);
        bridge.drop("down.json", patientOrder("d-1"));

        JsonNode receipt = bridge.awaitReceipt("down.json");

        assertThat(receipt.at("/orders/0/outcome").asText()).isEqualTo("undelivered");
        assertThat(receipt.at("/orders/0/deadLetter").asText()).isEqualTo("undelivered/down.index0.json");
        JsonNode error = BridgeHarness.readJson(bridge.folders().undelivered().resolve("down.index0.json.error.json"));
        assertThat(error.get("reason").asText()).isEqualTo("not delivered after 3 attempt(s): the Impilo API answered HTTP 503");
        assertThat(error.get("attempts").asInt()).isEqualTo(3);
        assertThat(error.get("replay").asText()).contains("undelivered/down.index0.json")
                .contains("java -jar impilo-order-bridge.jar replay --data-dir " + data.toAbsolutePath() + " down.index0.json");
        assertThat(bridge.sandbox().orders()).isEmpty();
        assertThat(bridge.ledgerEntry("inbox", "d-1")).get().extracting(LedgerEntry::state)
                .isEqualTo(LedgerEntry.State.UNDELIVERED);
    }

    @Test
    void replays_an_undelivered_order_moved_back_into_the_inbox() throws Exception {
        bridge.sandbox().faults().failNext(3, 503);
        bridge.drop("down.json", patientOrder("replay-1"));
        bridge.awaitReceipt("down.json");

        Files.move(bridge.folders().undelivered().resolve("down.index0.json"),
                bridge.folders().inbox().resolve("down.index0.json"));
        JsonNode receipt = bridge.awaitReceipt("down.index0.json");

        assertThat(receipt.at("/orders/0/outcome").asText()).isEqualTo("created");
        assertThat(bridge.sandbox().orders()).hasSize(1);
    }

    @Test
    void skips_an_order_already_created_when_the_same_file_is_dropped_again() {
        bridge.drop("twice.json", patientOrder("t-1"));
        JsonNode first = bridge.awaitReceipt("twice.json");
        bridge.drop("twice.json", patientOrder("t-1"));

        JsonNode second = bridge.awaitReceipt("twice-2.json");

        long impiloId = first.at("/orders/0/impiloOrderId").asLong();
        assertThat(second.at("/orders/0/outcome").asText()).isEqualTo("duplicate");
        assertThat(second.at("/orders/0/reason").asText()).isEqualTo("duplicate of Impilo order " + impiloId);
        assertThat(second.get("file").asText()).isEqualTo("twice.json");
        assertThat(bridge.sandbox().orders()).hasSize(1);
        assertThat(bridge.sandbox().createRequests()).isEqualTo(1);
    }

    @Test
    void records_every_order_in_the_ledger() {
        bridge.drop("mixed.ndjson", line("l-1", 1) + "\n" + line("l-2", 666) + "\n"
                + "{\"patient\":{\"id\":1},\"orderItems\":[{\"item\":{\"id\":2},\"count\":1}]}\n");
        JsonNode receipt = bridge.awaitReceipt("mixed.ndjson");

        List<LedgerEntry> entries = bridge.ledger().all();
        assertThat(entries).hasSize(3);
        LedgerEntry created = bridge.ledgerEntry("inbox", "l-1").orElseThrow();
        assertThat(created.state()).isEqualTo(LedgerEntry.State.CREATED);
        assertThat(created.impiloOrderId()).isEqualTo(receipt.at("/orders/0/impiloOrderId").asLong());
        assertThat(created.impiloStatus()).isEqualTo("orderPlaced");
        assertThat(created.source()).isEqualTo("inbox");
        assertThat(created.sourceFile()).isEqualTo("mixed.ndjson");
        assertThat(created.position()).isEqualTo("line 1");
        LedgerEntry refused = bridge.ledgerEntry("inbox", "l-2").orElseThrow();
        assertThat(refused.state()).isEqualTo(LedgerEntry.State.REJECTED);
        assertThat(refused.reason()).contains("HTTP 400");
        String derivedKey = receipt.at("/orders/2/idempotencyKey").asText();
        assertThat(derivedKey).startsWith(bridge.keyOf("inbox", "bridge-"));
        assertThat(bridge.ledger().find(derivedKey)).get().extracting(LedgerEntry::state)
                .isEqualTo(LedgerEntry.State.CREATED);
    }

    @Test
    void ignores_dotfiles_temp_and_partial_files() throws Exception {
        Files.writeString(bridge.folders().inbox().resolve(".hidden.json"), patientOrder("x-1"));
        Files.writeString(bridge.folders().inbox().resolve("upload.json.tmp"), patientOrder("x-2"));
        Files.writeString(bridge.folders().inbox().resolve("upload.json.part"), patientOrder("x-3"));
        bridge.drop("real.json", patientOrder("x-4"));

        bridge.awaitReceipt("real.json");

        assertThat(bridge.folders().inbox().resolve(".hidden.json")).exists();
        assertThat(bridge.folders().inbox().resolve("upload.json.tmp")).exists();
        assertThat(bridge.folders().inbox().resolve("upload.json.part")).exists();
        assertThat(bridge.sandbox().orders()).extracting(o -> o.at("/externalOrderIds/0").asText())
                .containsExactly("x-4");
    }

    @Test
    void leaves_a_file_that_is_still_being_written_until_it_settles() throws Exception {
        Path young = bridge.folders().inbox().resolve("growing.json");
        Files.writeString(young, patientOrder("g-1"));
        // a modification time in the future stands for a writer that keeps touching the file
        Files.setLastModifiedTime(young, FileTime.from(Instant.now().plus(Duration.ofHours(1))));
        bridge.drop("settled.json", patientOrder("g-2"));

        bridge.awaitReceipt("settled.json");
        assertThat(young).exists();
        assertThat(bridge.sandbox().orders()).hasSize(1);

        Files.setLastModifiedTime(young, FileTime.from(Instant.now().minus(Duration.ofMinutes(1))));
        JsonNode receipt = bridge.awaitReceipt("growing.json");
        assertThat(receipt.at("/orders/0/outcome").asText()).isEqualTo("created");
    }

    @Test
    void rejects_a_file_of_an_unsupported_type_whole() {
        bridge.drop("orders.xml", "<orders/>");

        JsonNode error = bridge.awaitWholeFileIn(bridge.folders().rejected(), "orders.xml");

        assertThat(error.get("reason").asText()).contains("unsupported file type").contains(".json, .ndjson or .jsonl");
    }

    @Test
    void keeps_running_after_bad_input() {
        bridge.drop("empty.json", "");
        bridge.awaitWholeFileIn(bridge.folders().rejected(), "empty.json");
        bridge.drop("good.json", patientOrder("k-1"));

        assertThat(bridge.awaitReceipt("good.json").at("/orders/0/outcome").asText()).isEqualTo("created");
    }

    @Test
    void never_writes_the_api_key_into_any_file() throws Exception {
        bridge.sandbox().faults().failNext(3, 503);
        bridge.drop("a.json", patientOrder("s-1"));
        bridge.drop("b.ndjson", line("s-2", 666) + "\n" + line("s-3", 1) + "\n{bad\n");
        bridge.awaitReceipt("a.json");
        bridge.awaitReceipt("b.ndjson");

        try (Stream<Path> files = Files.walk(data)) {
            List<Path> written = files.filter(Files::isRegularFile).toList();
            assertThat(written).hasSizeGreaterThan(8);
            for (Path file : written) {
                String text = new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.ISO_8859_1);
                assertThat(text).as(file.toString()).doesNotContain(bridge.apiKey());
            }
        }
    }

    @Test
    void waits_for_nothing_when_the_inbox_is_empty() {
        await().atMost(Duration.ofSeconds(5)).until(() -> bridge.runtime().camelContext().getRouteController()
                .getRouteStatus("pickup-inbox").isStarted());
        assertThat(bridge.sandbox().createRequests()).isZero();
    }
}
