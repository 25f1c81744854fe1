package com.impilo.bridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code validate}: files read and checked offline, OK or every problem per order, a summary and an exit code. */
class ValidateCommandTest {

    private static final String HEADER =
            "external_order_id,patient_id,site_id,item_id,kit_id,count,shipping_option,email_label,note\n";

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void prints_ok_for_every_order_and_exits_0_when_all_are_valid() throws IOException {
        Path csv = write("orders.csv", HEADER + "v-1,5,,311,,1,,,\nv-1,5,,,1000,2,,,\nv-2,,77,12,,3,overnight,,\n");
        Path json = write("order.json", "{\"externalOrderIds\": [\"v-3\"], \"patient\": {\"id\": 1},"
                + " \"orderItems\": [{\"item\": {\"id\": 12}, \"count\": 1}]}");

        int exit = validate(csv.toString(), json.toString());

        assertThat(exit).isZero();
        assertThat(lines(out)).containsExactly(
                csv + " line 2: OK",
                csv + " line 4: OK",
                json + " index 0: OK",
                "2 files, 3 orders: 3 valid, 0 invalid");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void prints_every_problem_with_its_position_and_exits_3_when_an_order_is_invalid() throws IOException {
        Path csv = write("orders.csv", HEADER
                + "i-1,5,,311,,1,,,\n"
                + "i-2,5,,311,,0,,,\n"
                + "i-3,5,,311,,ten,,,\n");
        Path broken = write("broken.json", "[{\"patient\": ");

        int exit = validate(csv.toString(), broken.toString());

        assertThat(exit).isEqualTo(3);
        assertThat(lines(out)).hasSize(5).startsWith(
                csv + " line 2: OK",
                csv + " line 3: orderItems[0].count: must be at least 1, got 0",
                csv + " line 4: line 4, column count: \"ten\" is not a number");
        assertThat(lines(out).get(3)).startsWith(broken + ": unreadable: not valid JSON");
        assertThat(lines(out).get(4)).isEqualTo("2 files, 3 orders: 1 valid, 2 invalid; 1 file unreadable");
    }

    @Test
    void reads_x12_offline_and_reports_per_transaction_set() throws IOException {
        Path crosswalk = write("crosswalk.csv", "type,code,impilo_id\nsite,WARD-7,77\n");
        String isa = "ISA*00*          *00*          *ZZ*ACMEPHARMACY   *ZZ*IMPILOBRIDGE   *261204*1200*U*00401*"
                + "000000905*0*T*:~\n";
        Path x12 = write("po.edi", isa + "GS*PO*ACMEPHARMACY*IMPILOBRIDGE*20261204*1200*905*X*004010~\n"
                + "ST*850*0001~\nBEG*00*SA*PO-V-1**20261204~\nN1*ST**92*WARD-7~\nPO1*1*1*EA***VN*5~\nSE*5*0001~\n"
                + "ST*850*0002~\nBEG*01*SA*PO-V-0**20261204~\nSE*3*0002~\n"
                + "ST*850*0003~\nBEG*00*SA*PO-V-3**20261204~\nN1*ST**92*WARD-7~\nPO1*1*1*EA***VN*5~\nSE*9*0003~\n"
                + "GE*3*905~\nIEA*1*000000905~\n");

        int exit = validate("-Dbridge.sources.inbox.crosswalk=" + crosswalk,
                "-Dbridge.sources.inbox.formats=json,ndjson,csv,x12", x12.toString());

        assertThat(exit).isEqualTo(3);
        assertThat(lines(out)).containsExactly(
                x12 + " set 1: OK (crosswalk: site.code \"WARD-7\" -> 77)",
                x12 + " set 2: OK (a cancellation of PO-V-0: voids the order the bridge created for it)",
                x12 + " set 3: envelope: SE01 says 9 segment(s); the transaction set has 5, ST and SE included",
                "1 file, 3 orders: 2 valid, 1 invalid");
    }

    // Found 2026-12-06 by a fresh-user review: validate read every format, so it said OK to a file that the run,
    // reading the source's formats only, rejects whole.
    @Test
    void a_file_of_a_format_its_source_does_not_send_is_unreadable_as_the_run_would_reject_it() throws IOException {
        Path x12 = write("po.x12", "ISA*00*          *00*          *ZZ*ACMEPHARMACY   *ZZ*IMPILOBRIDGE   *261204*1200*U*"
                + "00401*000000906*0*T*:~\nGS*PO*ACMEPHARMACY*IMPILOBRIDGE*20261204*1200*906*X*004010~\n"
                + "ST*850*0001~\nBEG*00*SA*PO-V-1**20261204~\nPO1*1*1*EA***VN*5~\nSE*4*0001~\nGE*1*906~\n"
                + "IEA*1*000000906~\n");
        Path json = write("order.json", "{\"externalOrderIds\": [\"v-9\"], \"patient\": {\"id\": 1},"
                + " \"orderItems\": [{\"item\": {\"id\": 12}, \"count\": 1}]}");

        int defaults = validate(x12.toString(), json.toString());
        List<String> defaultLines = lines(out);
        out.getBuffer().setLength(0);
        int jsonOnly = validate("-Dbridge.sources.inbox.formats=x12", json.toString());

        assertThat(defaults).isEqualTo(3);
        assertThat(defaultLines).containsExactly(
                x12 + ": unreadable: x12 files are not accepted from source inbox (it sends csv, json, ndjson)",
                json + " index 0: OK",
                "2 files, 1 order: 1 valid, 0 invalid; 1 file unreadable");
        assertThat(jsonOnly).isEqualTo(3);
        assertThat(lines(out)).first().isEqualTo(json + ": unreadable: json files are not accepted from source inbox"
                + " (it sends x12)");
    }

    @Test
    void a_source_listing_an_unknown_format_is_a_configuration_error() throws IOException {
        Path json = write("order.json", "{}");

        assertThat(validate("-Dbridge.sources.inbox.formats=json,edifact", json.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("bridge.sources.inbox.formats: unknown format \"edifact\"");
    }

    @Test
    void applies_the_sources_crosswalk_offline_and_lists_what_a_lookup_will_resolve() throws IOException {
        Path crosswalk = write("crosswalk.csv", "type,code,impilo_id\nsite,WARD-7,77\nitem,ACME-100,42\n");
        Path csv = write("orders.csv", "external_order_id,site_code,patient_external_id,item_code,item_sku,count\n"
                + "c-1,WARD-7,,ACME-100,,1\n"
                + "c-2,,MRN-2345,,SBX-0042,1\n"
                + "c-3,WARD-9,,ACME-100,,1\n");

        int exit = validate("-Dbridge.sources.inbox.crosswalk=" + crosswalk, csv.toString());

        assertThat(exit).isEqualTo(3);
        assertThat(lines(out)).containsExactly(
                csv + " line 2: OK (crosswalk: site.code \"WARD-7\" -> 77, orderItems[0].item.code \"ACME-100\" -> 42)",
                csv + " line 3: OK; looked up at Impilo when sent: patient.externalIdentifier \"MRN-2345\","
                        + " orderItems[0].item.sku \"SBX-0042\"",
                csv + " line 4: site.code: site \"WARD-9\" is not in the crosswalk " + crosswalk,
                "1 file, 3 orders: 2 valid, 1 invalid");
    }

    @Test
    void a_crosswalk_with_a_bad_row_is_a_configuration_error_naming_its_line() throws IOException {
        Path crosswalk = write("crosswalk.csv", "type,code,impilo_id\nsite,WARD-7,seventy\n");
        Path csv = write("orders.csv", HEADER + "v-1,5,,311,,1,,,\n");

        int exit = validate("-Dbridge.sources.inbox.crosswalk=" + crosswalk, csv.toString());

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("bridge.sources.inbox.crosswalk: " + crosswalk
                + " line 2: impilo_id \"seventy\" is not a positive whole number");
    }

    @Test
    void exits_3_for_a_csv_file_lacking_a_required_column() throws IOException {
        Path csv = write("orders.csv", "external_order_id,patient_id,item_id\nm-1,5,311\n");

        assertThat(validate(csv.toString())).isEqualTo(3);
        assertThat(lines(out)).containsExactly(
                csv + ": unreadable: the CSV header lacks the required column(s) count;"
                        + " it holds: external_order_id, patient_id, item_id",
                "1 file, 0 orders: 0 valid, 0 invalid; 1 file unreadable");
    }

    @Test
    void reads_csv_in_the_layout_the_configuration_sets() throws IOException {
        Path config = write("partner.properties", "bridge.csv.delimiter = ;\nbridge.csv.columns.count = Qty\n");
        Path csv = write("orders.csv", "external_order_id;patient_id;item_id;Qty\nc-1;5;311;2\n");

        int exit = validate("--config", config.toString(), "--source", "inbox", csv.toString());

        assertThat(exit).isZero();
        assertThat(lines(out)).containsExactly(csv + " line 2: OK", "1 file, 1 order: 1 valid, 0 invalid");
    }

    @Test
    void reads_csv_in_the_layout_of_a_configured_partner_source() throws IOException {
        Path config = write("partners.properties", "bridge.csv.columns.count = Qty\n"
                + "bridge.sources.acme.type = sftp\nbridge.sources.acme.csv.delimiter = ;\n");
        Path csv = write("orders.csv", "external_order_id;patient_id;item_id;Qty\nc-1;5;311;2\n");

        int exit = validate("--config", config.toString(), "--source", "acme", csv.toString());

        assertThat(exit).isZero();
        assertThat(lines(out)).containsExactly(csv + " line 2: OK", "1 file, 1 order: 1 valid, 0 invalid");
    }

    @Test
    void exits_2_with_one_line_when_a_file_is_missing() throws IOException {
        Path csv = write("orders.csv", HEADER + "x-1,5,,311,,1,,,\n");
        Path missing = dir.resolve("missing.csv");

        int exit = validate(csv.toString(), missing.toString());

        assertThat(exit).isEqualTo(2);
        assertThat(lines(err)).containsExactly("impilo-order-bridge validate: no such file: " + missing);
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void exits_2_with_one_line_for_an_unknown_source() throws IOException {
        Path csv = write("orders.csv", HEADER + "x-1,5,,311,,1,,,\n");

        int exit = validate("--source", "acme", csv.toString());

        assertThat(exit).isEqualTo(2);
        assertThat(lines(err)).containsExactly("impilo-order-bridge validate: unknown source \"acme\" (known: inbox)");
    }

    @Test
    void names_the_configured_sources_when_the_source_is_unknown() throws IOException {
        Path csv = write("orders.csv", HEADER + "x-1,5,,311,,1,,,\n");

        int exit = validate("-Dbridge.sources.acme.type=sftp", "--source", "acne", csv.toString());

        assertThat(exit).isEqualTo(2);
        assertThat(lines(err)).containsExactly(
                "impilo-order-bridge validate: unknown source \"acne\" (known: acme, inbox)");
    }

    @Test
    void exits_2_naming_the_key_of_a_layout_mistake() throws IOException {
        Path csv = write("orders.csv", HEADER + "x-1,5,,311,,1,,,\n");

        int exit = validate("-Dbridge.csv.charset=UTF-99", csv.toString());

        assertThat(exit).isEqualTo(2);
        assertThat(lines(err)).singleElement().asString()
                .startsWith("impilo-order-bridge validate: configuration error: bridge.csv.charset must name a charset");
    }

    private int validate(String... args) {
        CommandLine commandLine = BridgeCommand.commandLine(false);
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(err));
        String[] all = new String[args.length + 1];
        all[0] = "validate";
        System.arraycopy(args, 0, all, 1, args.length);
        return commandLine.execute(all);
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    private static List<String> lines(StringWriter writer) {
        return writer.toString().lines().toList();
    }
}
