package com.impilo.bridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.impilo.bridge.outcome.AuditTrail;
import com.impilo.bridge.support.BridgeHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The audit trail tells each order's story, {@code trace} prints it, and it holds ids only. */
class TraceCommandTest {

    private static final String PATIENT = "\"patient\":{\"id\":44,\"firstName\":\"Zelda\",\"lastName\":\"Quartermaine\","
            + "\"dateOfBirth\":\"1961-04-09\",\"address\":{\"lineOne\":\"17 Juniper Lane\",\"city\":\"Springfield\"}}";

    @TempDir
    Path data;

    private final StringWriter out = new StringWriter();

    @Test
    void tells_the_story_of_a_rejected_a_retried_and_a_created_order() throws Exception {
        // one order at a time, so that the planned 503 meets the first line
        try (BridgeHarness bridge = BridgeHarness.start(data, Map.of("bridge.http.max-concurrency", "1"))) {
            bridge.sandbox().faults().failNext(1, 503);
            bridge.drop("story.ndjson", String.join("\n",
                    "{\"externalOrderIds\":[\"story-retried\"]," + PATIENT + ",\"orderItems\":[{\"item\":{\"id\":1},\"count\":1}]}",
                    "{\"externalOrderIds\":[\"story-rejected\"]," + PATIENT + ",\"orderItems\":[{\"item\":{\"id\":1},\"count\":0}]}",
                    "{\"externalOrderIds\":[\"story-created\"]," + PATIENT + ",\"orderItems\":[{\"item\":{\"id\":2},\"count\":1}]}",
                    ""));
            bridge.awaitReceipt("story.ndjson");
        }

        assertThat(trace("story-retried")).isZero();
        assertThat(events()).containsExactly("received", "validated", "posted", "retried", "posted", "created");
        assertThat(out.toString()).contains("HTTP=503").contains("story.ndjson line 1");

        assertThat(trace("story-rejected")).isZero();
        assertThat(events()).containsExactly("received", "rejected");
        assertThat(out.toString()).contains("the order breaks the Impilo order rules");

        assertThat(trace("story.ndjson")).isZero();
        assertThat(events()).hasSize(12);

        List<Path> days = AuditTrail.files(data.resolve("audit"));
        assertThat(days).hasSize(1);
        String audit = Files.readString(days.get(0));
        assertThat(audit).doesNotContain("Zelda", "Quartermaine", "1961-04-09", "Juniper", "Springfield", "test-key-");
    }

    // Until 2026-12-06 (a fresh-user review) an Impilo id found only the events that carry it, "created" and the
    // feed's, so the order's story by the id an on-call engineer is given began at its end.
    @Test
    void finds_an_order_by_its_impilo_id_with_its_whole_story_and_says_when_nothing_matches() throws Exception {
        long impiloId;
        try (BridgeHarness bridge = BridgeHarness.start(data, Map.of("bridge.feed.enabled", "true",
                "bridge.feed.interval", "0"))) {
            bridge.drop("one.json", "{\"externalOrderIds\":[\"by-id\"],\"site\":{\"id\":3},"
                    + "\"orderKits\":[{\"kit\":{\"id\":1000},\"count\":1}]}");
            impiloId = bridge.awaitReceipt("one.json").at("/orders/0/impiloOrderId").asLong();
            bridge.pollFeed();
        }

        assertThat(trace(Long.toString(impiloId))).isZero();
        assertThat(events()).containsExactly("received", "validated", "posted", "created", "status-changed");
        assertThat(out.toString().lines().filter(line -> line.contains("status-changed")))
                .singleElement().asString().contains("status-changed inbox impiloOrderId=" + impiloId
                        + " status=orderPlaced").doesNotContain("key=");
        assertThat(trace("by-id")).isZero();
        assertThat(events()).containsExactly("received", "validated", "posted", "created", "status-changed");

        assertThat(trace("no-such-order")).isEqualTo(TraceCommand.EXIT_NOT_FOUND);
        assertThat(out.toString()).contains("nothing in the audit trail");
    }

    private int trace(String wanted) {
        out.getBuffer().setLength(0);
        return new CommandLine(new TraceCommand()).setOut(new PrintWriter(out))
                .execute("--data-dir", data.toString(), wanted);
    }

    private List<String> events() {
        return out.toString().lines().filter(line -> line.startsWith("20"))
                .map(line -> line.split("\\s+")[1]).toList();
    }
}
