package com.impilo.bridge.routes;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import ch.qos.logback.classic.spi.ILoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.impilo.bridge.support.BridgeHarness;
import com.impilo.bridge.support.CapturedLog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the log shows of hostile partner files (issue 14, items 1 and 5): ids, positions and reasons, never a
 * patient's name, birth date or address quoted from a broken file, and never a raw newline, carriage return or
 * terminal escape that could forge a line. What the file held stays in its dead letter's error file, for the
 * engineer who opens it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LogHygieneTest {

    private static final List<String> PATIENT_DATA = List.of("Zebulon", "Quackenbush", "1961-07-13", "Secretlane");

    @TempDir
    static Path data;

    private BridgeHarness bridge;
    private CapturedLog log;

    @BeforeAll
    void start() throws Exception {
        log = CapturedLog.attach();
        bridge = BridgeHarness.start(data, Map.of());
    }

    @AfterAll
    void stop() {
        bridge.close();
        log.close();
    }

    @Test
    void a_csv_without_its_header_row_is_rejected_without_its_first_row_in_the_log() {
        bridge.drop("no-header.csv", "Zebulon,Quackenbush,1961-07-13,12 Secretlane\nPO-1,5,12,1\n");

        JsonNode error = bridge.awaitWholeFileIn(bridge.folders().rejected(), "no-header.csv");

        assertThat(error.path("reason").asText()).contains("lacks the required column(s)")
                .contains("it holds: Zebulon, Quackenbush, 1961-07-13, 12 Secretlane");
        assertNoPatientDataIn(log.text());
    }

    @Test
    void an_unquoted_value_is_rejected_without_the_token_in_the_log() {
        bridge.drop("unquoted.json", "{\"patient\": {\"id\": 1234}, \"orderNotes\": [{\"note\": Zebulon}]}");

        JsonNode error = bridge.awaitWholeFileIn(bridge.folders().rejected(), "unquoted.json");

        assertThat(error.path("reason").asText()).contains("not valid JSON").contains("Zebulon");
        assertNoPatientDataIn(log.text());
    }

    @Test
    void a_top_level_string_is_rejected_without_the_string_in_the_log() {
        bridge.drop("string.json", "\"Zebulon Quackenbush 1961-07-13 12 Secretlane\"");

        JsonNode error = bridge.awaitWholeFileIn(bridge.folders().rejected(), "string.json");

        assertThat(error.path("reason").asText()).contains("found Zebulon Quackenbush");
        assertNoPatientDataIn(log.text());
    }

    @Test
    void an_unreadable_line_of_an_ndjson_file_shows_its_position_not_its_content() {
        bridge.drop("lines.ndjson", "{\"note\": Zebulon Quackenbush}\n");

        JsonNode receipt = bridge.awaitReceipt("lines.ndjson");

        assertThat(receipt.path("orders").get(0).path("outcome").asText()).isEqualTo("rejected");
        assertNoPatientDataIn(log.text());
    }

    @Test
    void names_and_ids_with_newlines_and_terminal_escapes_cannot_forge_log_lines() {
        String name = "evil\nINFO order created: impiloOrderId=1\r\u001b[31m.ndjson";
        bridge.drop(name, "{\"externalOrderIds\":[\"PO-\\nWARN forged\\r\\u001b[2J\"],\"patient\":{\"id\":5},"
                + "\"orderItems\":[{\"item\":{\"id\":12},\"count\":1}]}\n");

        bridge.awaitReceipt(name);

        List<String> withControls = log.events().stream().map(ILoggingEvent::getFormattedMessage)
                .filter(message -> message.chars().anyMatch(c -> c == '\n' || c == '\r' || c == 0x1b))
                .toList();
        assertThat(withControls).as("log lines with a raw newline, carriage return or escape").isEmpty();
        assertThat(log.text()).contains("evil\\nINFO order created: impiloOrderId=1\\r\\u001b[31m.ndjson");
        assertThat(bridge.folders().done().resolve(name)).exists();
    }

    private static void assertNoPatientDataIn(String logged) {
        for (String value : PATIENT_DATA) {
            assertThat(logged).as("the log").doesNotContain(value);
        }
    }
}
