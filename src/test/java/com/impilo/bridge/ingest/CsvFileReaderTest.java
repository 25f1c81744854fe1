package com.impilo.bridge.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.BufferedWriter;
import java.io.File;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import com.impilo.bridge.ingest.reader.OrderFileReader;
import com.impilo.bridge.settings.CsvLayout;
import com.impilo.bridge.model.ImpiloJson;
import com.impilo.bridge.model.Item;
import com.impilo.bridge.model.Kit;
import com.impilo.bridge.model.OrderItem;
import com.impilo.bridge.model.OrderKit;
import com.impilo.bridge.model.OrderNote;
import com.impilo.bridge.model.ShippingOption;
import com.impilo.bridge.validate.Violation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** CSV partner files: rows grouped into orders, read in a configurable layout, with problems named by line and column. */
class CsvFileReaderTest {

    private static final String HEADER =
            "external_order_id,patient_id,site_id,item_id,kit_id,count,shipping_option,email_label,note\n";

    private final OrderFileReader reader = new OrderFileReader();

    @TempDir
    Path dir;

    @Test
    void groups_consecutive_rows_with_the_same_order_id_into_one_order_at_the_line_of_its_first_row() throws Exception {
        Path file = write("orders.csv", HEADER
                + "PO-1,1234,,12,,10,standard,false,leave at the front desk\n"
                + "PO-1,,,31,,2,,,\n"
                + "PO-1,,,,1000,1,,,\n"
                + "PO-2,,77,,1001,4,overnight,,\n");
        reader.checkReadable(file.toFile());

        List<ParsedOrder> orders = readAll(file);

        assertThat(orders).extracting(ParsedOrder::position).containsExactly(Position.line(2), Position.line(5));
        assertThat(orders).allMatch(ParsedOrder::readable);
        ParsedOrder patientOrder = orders.get(0);
        assertThat(patientOrder.externalOrderIds()).containsExactly("PO-1");
        assertThat(patientOrder.order().patient().id()).isEqualTo(1234L);
        assertThat(patientOrder.order().site()).isNull();
        assertThat(patientOrder.order().orderItems()).containsExactly(
                new OrderItem(Item.ofId(12), 10), new OrderItem(Item.ofId(31), 2));
        assertThat(patientOrder.order().orderKits()).containsExactly(new OrderKit(Kit.ofId(1000), 1));
        assertThat(patientOrder.order().shippingOption()).isEqualTo(ShippingOption.STANDARD);
        assertThat(patientOrder.order().emailLabel()).isFalse();
        assertThat(patientOrder.order().orderNotes()).containsExactly(new OrderNote("leave at the front desk", null, null));
        ParsedOrder siteOrder = orders.get(1);
        assertThat(siteOrder.order().site().id()).isEqualTo(77L);
        assertThat(siteOrder.order().patient()).isNull();
        assertThat(siteOrder.order().orderKits()).containsExactly(new OrderKit(Kit.ofId(1001), 4));
        assertThat(siteOrder.order().orderItems()).isNull();
        assertThat(siteOrder.order().shippingOption()).isEqualTo(ShippingOption.OVERNIGHT);
    }

    @Test
    void gives_each_order_its_json_form_for_the_dead_letter_and_keeps_its_rows_for_the_error_file() throws Exception {
        Path file = write("orders.csv", HEADER
                + "PO-1,1234,,12,,10,standard,false,\"ring twice, then wait\"\n"
                + "PO-1,1234,,,1000,1,standard,false,\n");

        ParsedOrder parsed = readAll(file).get(0);

        // moved back into the inbox as a .json file, this is the same order
        assertThat(parsed.json()).hasToString(ImpiloJson.mapper().readTree("""
                {"emailLabel": false, "externalOrderIds": ["PO-1"], "patient": {"id": 1234},
                 "orderItems": [{"item": {"id": 12}, "count": 10}], "orderKits": [{"kit": {"id": 1000}, "count": 1}],
                 "orderNotes": [{"note": "ring twice, then wait"}], "shippingOption": "standard"}""").toString());
        assertThat(parsed.sourceRows()).containsExactly(
                HEADER.strip(),
                "PO-1,1234,,12,,10,standard,false,\"ring twice, then wait\"",
                "PO-1,1234,,,1000,1,standard,false,");
    }

    @Test
    void matches_header_names_without_regard_to_case_or_surrounding_spaces() throws Exception {
        Path file = write("orders.csv", " External_Order_ID , PATIENT_ID ,Item_Id,COUNT\nPO-1,5,311,2\n");
        reader.checkReadable(file.toFile());

        ParsedOrder parsed = readAll(file).get(0);

        assertThat(parsed.readable()).isTrue();
        assertThat(parsed.order().patient().id()).isEqualTo(5L);
        assertThat(parsed.order().orderItems()).containsExactly(new OrderItem(Item.ofId(311), 2));
    }

    @Test
    void reads_a_mapped_layout_with_its_own_column_names_semicolons_and_iso_8859_1() throws Exception {
        CsvLayout layout = CsvLayout.from(settings(Map.of(
                "bridge.csv.columns.external_order_id", "Bestellnr",
                "bridge.csv.columns.patient_id", "Patient",
                "bridge.csv.columns.item_id", "ItemNo",
                "bridge.csv.columns.count", "Menge",
                "bridge.csv.columns.note", "Bemerkung",
                "bridge.csv.delimiter", ";",
                "bridge.csv.charset", "ISO-8859-1")), "bridge.csv.");
        OrderFileReader mapped = new OrderFileReader(layout);
        Path file = write("bestellung.csv", "Bestellnr;Patient;ItemNo;Menge;Bemerkung\n"
                + "B-7;42;311;3;Größe M, bitte\n"
                + "B-7;42;312;1;Größe M, bitte\n", StandardCharsets.ISO_8859_1);
        mapped.checkReadable(file.toFile());

        List<ParsedOrder> orders = readAll(mapped, file);

        assertThat(orders).singleElement().satisfies(parsed -> {
            assertThat(parsed.readable()).isTrue();
            assertThat(parsed.externalOrderIds()).containsExactly("B-7");
            assertThat(parsed.order().patient().id()).isEqualTo(42L);
            assertThat(parsed.order().orderItems()).containsExactly(
                    new OrderItem(Item.ofId(311), 3), new OrderItem(Item.ofId(312), 1));
            // the same note on every row of the order is one note
            assertThat(parsed.order().orderNotes()).containsExactly(new OrderNote("Größe M, bitte", null, null));
        });
    }

    @Test
    void names_the_files_own_column_in_a_problem_of_a_mapped_layout() throws Exception {
        OrderFileReader mapped = new OrderFileReader(CsvLayout.from(settings(Map.of(
                "bridge.csv.columns.count", "Qty")), "bridge.csv."));
        Path file = write("orders.csv", "external_order_id,patient_id,item_id,QTY\nPO-1,5,311,ten\n");

        assertThat(readAll(mapped, file).get(0).problems())
                .containsExactly(new Violation("line 2, column QTY", "\"ten\" is not a number"));
    }

    @Test
    void reads_a_file_with_a_byte_order_mark_windows_line_ends_and_blank_trailing_lines() throws Exception {
        Path file = write("orders.csv", "\uFEFF" + HEADER.replace("\n", "\r\n")
                + "PO-1,5,,311,,1,,,\r\n"
                + "PO-2,6,,312,,2,,,\r\n"
                + "\r\n\r\n   \r\n,,,,,,,,\r\n");
        reader.checkReadable(file.toFile());

        List<ParsedOrder> orders = readAll(file);

        assertThat(orders).allMatch(ParsedOrder::readable);
        assertThat(orders).extracting(ParsedOrder::externalOrderIds).containsExactly(List.of("PO-1"), List.of("PO-2"));
        assertThat(orders).extracting(ParsedOrder::position).containsExactly(Position.line(2), Position.line(3));
    }

    @Test
    void keeps_quoted_commas_quotes_and_line_breaks_in_a_note_and_counts_physical_lines() throws Exception {
        Path file = write("orders.csv", HEADER
                + "PO-1,5,,311,,1,,,\"Call first, then ring; say \"\"Impilo\"\"\nSecond line\"\n"
                + "PO-2,6,,311,,1,,,\n");

        List<ParsedOrder> orders = readAll(file);

        assertThat(orders.get(0).order().orderNotes()).extracting(OrderNote::note)
                .containsExactly("Call first, then ring; say \"Impilo\"\nSecond line");
        assertThat(orders.get(1).position()).isEqualTo(Position.line(4));
    }

    @Test
    void reports_a_count_that_is_not_a_number_with_its_line_and_column_and_reads_the_other_orders() throws Exception {
        Path file = write("orders.csv", HEADER
                + "PO-1,5,,311,,1,,,\n"
                + "PO-2,6,,311,,1,,,\n"
                + "PO-2,6,,312,,ten,,,\n"
                + "PO-3,7,,311,,1,,,\n");
        reader.checkReadable(file.toFile());

        List<ParsedOrder> orders = readAll(file);

        assertThat(orders).extracting(ParsedOrder::readable).containsExactly(true, false, true);
        ParsedOrder bad = orders.get(1);
        assertThat(bad.position()).isEqualTo(Position.line(3));
        assertThat(bad.problems()).containsExactly(new Violation("line 4, column count", "\"ten\" is not a number"));
        assertThat(bad.problems().get(0)).hasToString("line 4, column count: \"ten\" is not a number");
        // the dead letter keeps the value as written, for the engineer to fix
        assertThat(bad.json().at("/orderItems/1/count").asText()).isEqualTo("ten");
        assertThat(bad.externalOrderIds()).containsExactly("PO-2");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            1.5          | "1.5" is not a whole number
            99999999999  | "99999999999" is too large
            """)
    void reports_a_count_that_is_not_a_usable_whole_number(String count, String message) throws Exception {
        Path file = write("orders.csv", HEADER + "PO-1,5,,311,," + count + ",,,\n");

        assertThat(readAll(file).get(0).problems()).containsExactly(new Violation("line 2, column count", message));
    }

    @Test
    void rejects_a_row_with_both_an_item_and_a_kit() throws Exception {
        Path file = write("orders.csv", HEADER + "PO-1,5,,311,1000,1,,,\nPO-2,5,,311,,1,,,\n");

        List<ParsedOrder> orders = readAll(file);

        assertThat(orders.get(0).problems()).containsExactly(new Violation("line 2, column kit_id",
                "not allowed together with item_id (a row carries exactly one of item_id or kit_id)"));
        assertThat(orders.get(1).readable()).isTrue();
    }

    @Test
    void rejects_a_row_with_neither_an_item_nor_a_kit() throws Exception {
        Path file = write("orders.csv", HEADER + "PO-1,5,,311,,1,,,\nPO-1,5,,,,1,,,\n");

        assertThat(readAll(file).get(0).problems()).containsExactly(new Violation("line 3, column item_id",
                "required (a row carries exactly one of item_id or kit_id)"));
    }

    @Test
    void rejects_an_order_id_that_reappears_after_other_orders_naming_the_line_where_it_first_appeared()
            throws Exception {
        Path file = write("orders.csv", HEADER
                + "PO-1,5,,311,,1,,,\n"
                + "PO-2,6,,311,,1,,,\n"
                + "PO-1,5,,312,,1,,,\n");

        List<ParsedOrder> orders = readAll(file);

        assertThat(orders).extracting(ParsedOrder::readable).containsExactly(true, true, false);
        assertThat(orders.get(2).position()).isEqualTo(Position.line(4));
        assertThat(orders.get(2).problems()).containsExactly(new Violation("line 4, column external_order_id",
                "order \"PO-1\" already appeared on line 2; the rows of an order must follow each other"));
    }

    @Test
    void rejects_rows_of_one_order_that_disagree_on_the_patient() throws Exception {
        Path file = write("orders.csv", HEADER + "PO-1,5,,311,,1,,,\nPO-1,,,312,,1,,,\nPO-1,6,,313,,1,,,\n");

        assertThat(readAll(file).get(0).problems()).containsExactly(new Violation("line 4, column patient_id",
                "\"6\" differs from \"5\" on line 2 (an order has one patient_id)"));
    }

    @Test
    void rejects_a_row_without_an_order_id_on_its_own() throws Exception {
        Path file = write("orders.csv", HEADER + "PO-1,5,,311,,1,,,\n,5,,312,,1,,,\n");

        List<ParsedOrder> orders = readAll(file);

        assertThat(orders).extracting(ParsedOrder::readable).containsExactly(true, false);
        assertThat(orders.get(1).problems())
                .containsExactly(new Violation("line 3, column external_order_id", "required"));
    }

    @Test
    void rejects_a_row_with_more_values_than_the_header_has_columns() throws Exception {
        Path file = write("orders.csv", "external_order_id,patient_id,item_id,count,note\nPO-1,5,311,1,left, right\n");

        assertThat(readAll(file).get(0).problems()).containsExactly(new Violation("line 2",
                "6 values, but the header has 5 columns (a value holding the delimiter must be in quotes)"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            external_order_id,patient_id,item_id,kit_id          | count
            external_order_id,patient_id,count,note              | item_id, item_sku, item_code, kit_id or kit_code
            patient_id,kit_id,count                              | external_order_id
            external_order_id,item_id,count                      | patient_id, patient_external_id, site_id or site_code
            order,patient,item,qty                               | external_order_id; item_id, item_sku, item_code, kit_id or kit_code; count; patient_id, patient_external_id, site_id or site_code
            """)
    void rejects_the_whole_file_when_the_header_lacks_a_required_column(String header, String missing)
            throws IOException {
        String reason = unreadableReason(write("orders.csv", header + "\nPO-1,5,311,1\n"));

        assertThat(reason).startsWith("the CSV header lacks the required column(s) " + missing + ";");
    }

    @Test
    void hints_at_the_delimiter_when_the_header_is_a_single_column() throws IOException {
        String reason = unreadableReason(write("orders.csv", HEADER.replace(',', ';') + "PO-1;5;;311;;1;;;\n"));

        assertThat(reason).contains("is the delimiter right? this layout's is ','");
    }

    @Test
    void rejects_the_whole_file_when_a_column_appears_twice_in_the_header() throws IOException {
        String reason = unreadableReason(write("orders.csv", "external_order_id,patient_id,item_id,count,Count\n"));

        assertThat(reason).isEqualTo("the CSV header has the column \"count\" twice (columns 4 and 5)");
    }

    @Test
    void rejects_the_whole_file_when_a_quote_is_never_closed_naming_the_row() throws IOException {
        String reason = unreadableReason(write("orders.csv", HEADER
                + "PO-1,5,,311,,1,,,\n"
                + "PO-2,5,,311,,1,,,\"never closed\n"
                + "PO-3,5,,311,,1,,,\n"));

        assertThat(reason).startsWith("not valid CSV in the row starting at line 3: ").contains("closing quote");
    }

    @Test
    void rejects_the_whole_file_when_it_is_not_in_the_layouts_charset_naming_the_line() throws IOException {
        Path file = write("orders.csv", HEADER + "PO-1,5,,311,,1,,,\nPO-2,5,,311,,1,,,Größe M\n",
                StandardCharsets.ISO_8859_1);

        assertThat(unreadableReason(file))
                .isEqualTo("the file is not UTF-8 text (the charset of its CSV layout): line 3 holds a byte that is"
                        + " not UTF-8");
    }

    @Test
    void rejects_utf16_text_in_a_layout_of_one_byte_characters_naming_both_charsets() throws Exception {
        OrderFileReader latin1 = new OrderFileReader(CsvLayout.from(settings(Map.of(
                "bridge.csv.charset", "ISO-8859-1")), "bridge.csv."));
        // every byte is ISO-8859-1 text: without a look at the first bytes this would fail on a garbled header
        Path file = write("orders.csv", HEADER + "PO-1,5,,311,,1,,,\n", StandardCharsets.UTF_16LE);

        UnreadableFileException thrown = catchThrowableOfType(UnreadableFileException.class,
                () -> latin1.checkReadable(file.toFile()));

        assertThat(thrown).hasMessage("the file is UTF-16LE text, not ISO-8859-1 (the charset of its CSV layout):"
                + " save it as ISO-8859-1 or change the layout's charset");
    }

    @Test
    void reads_utf16_text_when_the_layout_says_so() throws Exception {
        OrderFileReader utf16 = new OrderFileReader(CsvLayout.from(settings(Map.of(
                "bridge.csv.charset", "UTF-16")), "bridge.csv."));
        Path file = write("orders.csv", HEADER + "PO-1,5,,311,,1,,,Größe M\n", StandardCharsets.UTF_16);
        utf16.checkReadable(file.toFile());

        assertThat(readAll(utf16, file)).singleElement().satisfies(parsed -> {
            assertThat(parsed.readable()).isTrue();
            assertThat(parsed.order().orderNotes()).containsExactly(new OrderNote("Größe M", null, null));
        });
    }

    @Test
    void rejects_a_file_holding_only_blank_lines() throws IOException {
        assertThat(unreadableReason(write("orders.csv", "\n\r\n  \n"))).contains("only blank lines");
    }

    @Test
    void accepts_a_file_with_a_header_and_no_orders() throws Exception {
        Path file = write("orders.csv", HEADER);

        reader.checkReadable(file.toFile());
        assertThat(readAll(file)).isEmpty();
    }

    @Test
    void reads_a_100000_row_file_lazily_one_order_at_a_time() throws Exception {
        int total = 100_000;
        Path file = dir.resolve("big.csv");
        try (BufferedWriter out = Files.newBufferedWriter(file)) {
            out.write(HEADER);
            for (int i = 1; i <= total; i++) {
                // two rows per order: 50,000 orders
                out.write("PO-" + (i + 1) / 2 + ",5,," + (i % 500 + 1) + ",,1,,,\n");
            }
        }
        reader.checkReadable(file.toFile());

        try (OrderIterator orders = reader.orders(file.toFile())) {
            ParsedOrder first = orders.next();
            assertThat(first.order().orderItems()).hasSize(2);
            assertThat(orders.hasNext()).isTrue();

            // an order appended after the first one was handed out is still seen: the file is read as it is consumed
            Files.writeString(file, "PO-last,5,,7,,1,,,\n", StandardOpenOption.APPEND);

            long rest = 0;
            long readable = 0;
            ParsedOrder last = first;
            while (orders.hasNext()) {
                last = orders.next();
                rest++;
                readable += last.readable() ? 1 : 0;
            }
            assertThat(rest).isEqualTo(total / 2);
            assertThat(readable).isEqualTo(rest);
            assertThat(last.externalOrderIds()).containsExactly("PO-last");
            assertThat(last.position()).isEqualTo(Position.line(total + 2));
        }
    }

    private static Function<String, Optional<String>> settings(Map<String, String> values) {
        return key -> Optional.ofNullable(values.get(key));
    }

    private Path write(String name, String content) throws IOException {
        return write(name, content, StandardCharsets.UTF_8);
    }

    private Path write(String name, String content, Charset charset) throws IOException {
        return Files.writeString(dir.resolve(name), content, charset);
    }

    private List<ParsedOrder> readAll(Path file) throws Exception {
        return readAll(reader, file);
    }

    private static List<ParsedOrder> readAll(OrderFileReader reader, Path file) throws Exception {
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
