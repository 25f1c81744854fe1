package com.impilo.bridge.ingest;

import com.impilo.bridge.ingest.reader.OrderFileReader;
import com.impilo.bridge.model.Item;
import com.impilo.bridge.model.OrderItem;
import com.impilo.bridge.model.ShippingOption;
import com.impilo.bridge.validate.Violation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.BufferedWriter;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Partner files read as a lazy stream of orders; whole-file problems found up front, per-order problems kept per order. */
class OrderFileReaderTest {

    private static final String ORDER = """
            {"externalOrderIds": ["PO-1"], "patient": {"id": 1234},
             "orderItems": [{"item": {"id": 311}, "count": 10}, {"item": {"id": 312}, "count": 2}],
             "shippingOption": "standard"}""";

    private final OrderFileReader reader = new OrderFileReader();

    @TempDir
    Path dir;

    @Test
    void reads_a_single_order_object_as_one_order_at_index_0() throws Exception {
        List<ParsedOrder> orders = readAll(write("order.json", ORDER));

        assertThat(orders).hasSize(1);
        ParsedOrder parsed = orders.get(0);
        assertThat(parsed.readable()).isTrue();
        assertThat(parsed.fileName()).isEqualTo("order.json");
        assertThat(parsed.position()).isEqualTo(Position.index(0));
        assertThat(parsed.position()).hasToString("index 0");
        assertThat(parsed.order().patient().id()).isEqualTo(1234L);
        assertThat(parsed.order().orderItems()).containsExactly(
                new OrderItem(Item.ofId(311), 10), new OrderItem(Item.ofId(312), 2));
        assertThat(parsed.order().shippingOption()).isEqualTo(ShippingOption.STANDARD);
        assertThat(parsed.externalOrderIds()).containsExactly("PO-1");
    }

    @Test
    void reads_an_array_of_orders_in_file_order_with_their_indexes() throws Exception {
        List<ParsedOrder> orders = readAll(write("orders.json",
                "[" + patientOrder(1) + ",\n" + patientOrder(2) + ",\n" + patientOrder(3) + "]"));

        assertThat(orders).extracting(ParsedOrder::position)
                .containsExactly(Position.index(0), Position.index(1), Position.index(2));
        assertThat(orders).allMatch(ParsedOrder::readable);
        assertThat(orders).extracting(parsed -> parsed.order().patient().id()).containsExactly(1L, 2L, 3L);
    }

    @Test
    void keeps_reading_an_array_past_an_element_that_is_not_an_object() throws Exception {
        Path file = write("orders.json", "[" + patientOrder(1) + ", 42, " + patientOrder(3) + "]");

        List<ParsedOrder> orders = readAll(file);

        assertThat(orders).extracting(ParsedOrder::readable).containsExactly(true, false, true);
        ParsedOrder number = orders.get(1);
        assertThat(number.position()).isEqualTo(Position.index(1));
        assertThat(number.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.path()).isEqualTo("$");
            assertThat(problem.message()).contains("expected an order (a JSON object)").contains("number");
        });
        assertThat(orders.get(2).order().patient().id()).isEqualTo(3L);
        assertThat(orders.get(2).position()).isEqualTo(Position.index(2));
    }

    @Test
    void reads_ndjson_with_real_line_numbers_past_blank_and_broken_lines() throws Exception {
        Path file = write("orders.ndjson", patientOrder(1) + "\n"
                + "\n"
                + "{\"patient\": {\"id\": 2\n"
                + patientOrder(4) + "\n");

        List<ParsedOrder> orders = readAll(file);

        assertThat(orders).extracting(ParsedOrder::position)
                .containsExactly(Position.line(1), Position.line(3), Position.line(4));
        assertThat(orders).extracting(ParsedOrder::readable).containsExactly(true, false, true);
        ParsedOrder broken = orders.get(1);
        assertThat(broken.rawText()).isEqualTo("{\"patient\": {\"id\": 2");
        assertThat(broken.json()).isNull();
        assertThat(broken.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.path()).isEqualTo("$");
            assertThat(problem.message()).startsWith("not valid JSON");
        });
        assertThat(orders.get(2).order().patient().id()).isEqualTo(4L);
    }

    @Test
    void reads_ndjson_with_windows_line_endings() throws Exception {
        List<ParsedOrder> orders = readAll(write("orders.ndjson", patientOrder(1) + "\r\n" + patientOrder(2) + "\r\n"));

        assertThat(orders).extracting(parsed -> parsed.order().patient().id()).containsExactly(1L, 2L);
        assertThat(orders).extracting(ParsedOrder::position).containsExactly(Position.line(1), Position.line(2));
    }

    @Test
    void reads_jsonl_files_as_ndjson() throws Exception {
        List<ParsedOrder> orders = readAll(write("orders.jsonl", patientOrder(1) + "\n" + patientOrder(2) + "\n"));

        assertThat(orders).extracting(ParsedOrder::position).containsExactly(Position.line(1), Position.line(2));
        assertThat(orders).extracting(parsed -> parsed.order().patient().id()).containsExactly(1L, 2L);
    }

    @Test
    void reports_a_type_error_with_its_json_path_and_the_value_sent() throws Exception {
        Path file = write("order.json", """
                {"externalOrderIds": ["PO-7"], "patient": {"id": 1},
                 "orderItems": [{"item": {"id": 311}, "count": "ten"}]}""");

        ParsedOrder parsed = readAll(file).get(0);

        assertThat(parsed.readable()).isFalse();
        assertThat(parsed.order()).isNull();
        assertThat(parsed.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.path()).isEqualTo("orderItems[0].count");
            assertThat(problem.message()).contains("whole number").contains("\"ten\"");
        });
        // the order's own ids still name it in the receipt and the error file
        assertThat(parsed.externalOrderIds()).containsExactly("PO-7");
    }

    @Test
    void reports_a_type_error_on_an_ndjson_line_and_reads_the_next_line() throws Exception {
        Path file = write("orders.ndjson", "{\"patient\": {\"id\": \"abc\"}}\n" + patientOrder(2) + "\n");

        List<ParsedOrder> orders = readAll(file);

        assertThat(orders.get(0).problems()).extracting(Violation::path).containsExactly("patient.id");
        assertThat(orders.get(1).readable()).isTrue();
    }

    @Test
    void maps_an_unknown_shipping_option_and_leaves_the_rejection_to_the_validator() throws Exception {
        Path file = write("order.json", "{\"patient\": {\"id\": 1}, \"shippingOption\": \"teleport\"}");

        ParsedOrder parsed = readAll(file).get(0);

        assertThat(parsed.readable()).isTrue();
        assertThat(parsed.order().shippingOption()).isEqualTo(ShippingOption.UNRECOGNIZED);
        assertThat(parsed.json().path("shippingOption").asText()).isEqualTo("teleport");
    }

    @ParameterizedTest
    @ValueSource(strings = {"empty.json", "empty.ndjson", "empty.jsonl"})
    void rejects_an_empty_file(String name) throws IOException {
        assertThat(unreadableReason(write(name, ""))).contains("empty");
    }

    @Test
    void rejects_truncated_json_naming_line_and_column() throws IOException {
        Path file = write("orders.json", "{\"patient\": {\"id\": 1},\n \"orderItems\": [");

        assertThat(unreadableReason(file)).startsWith("not valid JSON").containsPattern("\\(line 2, column \\d+\\)$");
    }

    @Test
    void rejects_a_json_file_holding_only_whitespace() throws IOException {
        assertThat(unreadableReason(write("blank.json", "  \n  "))).contains("no JSON value");
    }

    @Test
    void rejects_a_json_scalar_at_the_top_level_naming_what_it_found() throws IOException {
        String reason = unreadableReason(write("answer.json", "42"));

        assertThat(reason).startsWith("expected an order object or an array of orders, found ");
        // a user needs to see what was there instead of an order
        assertThat(reason).contains("42").doesNotContain("found null");
    }

    @Test
    void rejects_garbage_after_the_json_value() throws IOException {
        String reason = unreadableReason(write("order.json", patientOrder(1) + " xyz"));

        assertThat(reason).startsWith("not valid JSON").contains("'xyz'").contains("(line 1, column ");
    }

    @Test
    void rejects_a_second_json_value_after_the_first() throws IOException {
        String reason = unreadableReason(write("order.json", patientOrder(1) + "\n" + patientOrder(2)));

        assertThat(reason).isEqualTo("unexpected content after the end of the JSON value (line 2, column 1)");
    }

    @Test
    void rejects_an_unsupported_file_type_naming_the_accepted_extensions() throws IOException {
        String reason = unreadableReason(write("orders.xml", "<orders/>"));

        assertThat(reason).contains("unsupported file type").contains("orders.xml")
                .contains(".json").contains(".ndjson").contains(".jsonl");
    }

    @Test
    void refuses_to_open_an_unsupported_file_type_for_reading() throws IOException {
        Path file = write("orders.xml", "<orders><order patient=\"1\" item=\"311\"/></orders>");

        UnreadableFileException thrown = catchThrowableOfType(UnreadableFileException.class,
                () -> reader.orders(file.toFile()));

        assertThat(thrown).hasMessageContaining("unsupported file type");
    }

    @Test
    void rejects_ndjson_holding_only_blank_lines() throws IOException {
        assertThat(unreadableReason(write("orders.ndjson", "\n   \n\t\n\n"))).contains("only blank lines");
    }

    @Test
    void rejects_ndjson_that_is_not_utf8() throws IOException {
        Path file = dir.resolve("orders.ndjson");
        Files.write(file, latin1LineAt3());

        assertThat(unreadableReason(file)).contains("not UTF-8");
    }

    @Test
    void names_the_line_of_the_first_byte_that_is_not_utf8() throws IOException {
        Path file = dir.resolve("orders.ndjson");
        Files.write(file, latin1LineAt3());

        // lines 1 and 2 are clean UTF-8: pointing at line 1 sends the engineer to the wrong place
        assertThat(unreadableReason(file)).contains("line 3");
    }

    @Test
    void rejects_an_array_element_beyond_the_read_limits_before_any_order_is_read() throws Exception {
        // ImpiloJson caps strings at 1,000,000 characters; the check must find this before order 0 is sent,
        // otherwise the iteration fails half-way through the file
        Path file = write("orders.json", "[" + patientOrder(1) + ", {\"note\": \"" + "a".repeat(1_000_001) + "\"}, "
                + patientOrder(3) + "]");

        assertThat(unreadableReason(file)).contains("length");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            order.json    | {"patient": {"id": 1}}
            ORDER.JSON    | {"patient": {"id": 1}}
            orders.json   | [{"patient": {"id": 1}}, {"patient": {"id": 2}}]
            empty.json    | []
            orders.ndjson | {"patient": {"id": 1}}\\n{"patient": {"id": 2}}\\n
            orders.jsonl  | {"patient": {"id": 1}}\\n\\n{"patient": {"id": 2}}
            """)
    void accepts_a_readable_file(String name, String content) throws Exception {
        Path file = write(name, content.replace("\\n", "\n"));

        reader.checkReadable(file.toFile());
    }

    @Test
    void accepts_ndjson_with_a_broken_line_because_only_that_order_is_lost() throws Exception {
        Path file = write("orders.ndjson", patientOrder(1) + "\nnot json at all\n");

        reader.checkReadable(file.toFile());
    }

    @Test
    void reads_ndjson_that_starts_with_a_byte_order_mark() throws Exception {
        // editors on Windows save "UTF-8 with BOM"; the .json reader already accepts it
        Path file = write("orders.ndjson", "\uFEFF" + patientOrder(1) + "\n" + patientOrder(2) + "\n");

        List<ParsedOrder> orders = readAll(file);

        assertThat(orders).allMatch(ParsedOrder::readable);
        assertThat(orders).extracting(parsed -> parsed.order().patient().id()).containsExactly(1L, 2L);
    }

    @Test
    void reads_json_that_starts_with_a_byte_order_mark() throws Exception {
        Path file = write("order.json", "\uFEFF" + patientOrder(1));

        reader.checkReadable(file.toFile());
        assertThat(readAll(file)).extracting(parsed -> parsed.order().patient().id()).containsExactly(1L);
    }

    @Test
    void reads_every_order_of_a_200000_line_ndjson_file_in_order() throws Exception {
        int total = 200_000;
        Path file = writeNdjson("big.ndjson", total);
        reader.checkReadable(file.toFile());

        long count = 0;
        long readable = 0;
        ParsedOrder last = null;
        try (OrderIterator orders = reader.orders(file.toFile())) {
            while (orders.hasNext()) {
                last = orders.next();
                count++;
                if (last.readable()) {
                    readable++;
                }
            }
        }

        assertThat(count).isEqualTo(total);
        assertThat(readable).isEqualTo(total);
        assertThat(last.position()).isEqualTo(Position.line(total));
        assertThat(last.order().patient().id()).isEqualTo((long) total);
    }

    @Test
    void reads_the_file_lazily_one_order_at_a_time() throws Exception {
        int total = 200_000;
        Path file = writeNdjson("big.ndjson", total);

        try (OrderIterator orders = reader.orders(file.toFile())) {
            ParsedOrder first = orders.next();
            assertThat(first.order().patient().id()).isEqualTo(1L);
            assertThat(orders.hasNext()).isTrue();

            // an order appended after the first one was handed out is still seen: the file is read as it is consumed
            Files.writeString(file, patientOrder(total + 1) + "\n", StandardOpenOption.APPEND);

            long rest = 0;
            ParsedOrder last = first;
            while (orders.hasNext()) {
                last = orders.next();
                rest++;
            }
            assertThat(rest).isEqualTo(total);
            assertThat(last.position()).isEqualTo(Position.line(total + 1));
            assertThat(last.order().patient().id()).isEqualTo(total + 1L);
        }
    }

    @Test
    void reads_json_arrays_lazily_too() throws Exception {
        Path file = write("orders.json", "[" + patientOrder(1) + ", " + patientOrder(2) + ", " + patientOrder(3) + "]");

        try (OrderIterator orders = reader.orders(file.toFile())) {
            assertThat(orders.next().position()).isEqualTo(Position.index(0));
            assertThat(orders.hasNext()).isTrue();
            assertThat(orders.next().position()).isEqualTo(Position.index(1));
            assertThat(orders.next().position()).isEqualTo(Position.index(2));
            assertThat(orders.hasNext()).isFalse();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"orders.json", "orders.ndjson"})
    void has_no_more_orders_once_closed(String name) throws Exception {
        Path file = write(name, name.endsWith(".json")
                ? "[" + patientOrder(1) + ", " + patientOrder(2) + ", " + patientOrder(3) + "]"
                : patientOrder(1) + "\n" + patientOrder(2) + "\n" + patientOrder(3) + "\n");

        OrderIterator orders = reader.orders(file.toFile());
        orders.next();
        orders.close();

        assertThat(orders.hasNext()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"orders.json", "orders.ndjson"})
    void has_no_more_orders_once_closed_even_after_looking_ahead(String name) throws Exception {
        Path file = write(name, name.endsWith(".json")
                ? "[" + patientOrder(1) + ", " + patientOrder(2) + ", " + patientOrder(3) + "]"
                : patientOrder(1) + "\n" + patientOrder(2) + "\n" + patientOrder(3) + "\n");

        OrderIterator orders = reader.orders(file.toFile());
        orders.next();
        // a splitter asks hasNext() before deciding to stop, then closes the iterator
        assertThat(orders.hasNext()).isTrue();
        orders.close();

        assertThat(orders.hasNext()).isFalse();
    }

    private static String patientOrder(long patientId) {
        return "{\"patient\": {\"id\": " + patientId + "}, \"orderItems\": [{\"item\": {\"id\": 311}, \"count\": 1}]}";
    }

    // lines 1 and 2 are UTF-8; line 3 holds "café" in ISO-8859-1, whose 0xE9 byte is not valid UTF-8
    private static byte[] latin1LineAt3() {
        String text = patientOrder(1) + "\n" + patientOrder(2) + "\n" + "{\"patient\": {\"id\": 3, \"lastName\": \"café\"}}\n";
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    private Path writeNdjson(String name, int count) throws IOException {
        Path file = dir.resolve(name);
        try (BufferedWriter out = Files.newBufferedWriter(file)) {
            for (int i = 1; i <= count; i++) {
                out.write(patientOrder(i));
                out.write('\n');
            }
        }
        return file;
    }

    private List<ParsedOrder> readAll(Path file) throws Exception {
        List<ParsedOrder> all = new ArrayList<>();
        try (OrderIterator orders = reader.orders(file.toFile())) {
            orders.forEachRemaining(all::add);
        }
        return all;
    }

    private String unreadableReason(Path file) {
        File asFile = file.toFile();
        UnreadableFileException thrown = catchThrowableOfType(UnreadableFileException.class,
                () -> reader.checkReadable(asFile));
        assertThat(thrown).as("checkReadable should reject %s", file.getFileName()).isNotNull();
        // the reason in full, as the error file has it (the log line leaves out what the file holds)
        return thrown.reason();
    }
}
