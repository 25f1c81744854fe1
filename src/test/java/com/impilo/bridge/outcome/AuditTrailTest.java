package com.impilo.bridge.outcome;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The audit trail's lines: what each says, and that orders side by side lose none and mix none. */
class AuditTrailTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-12-05T10:15:30Z");

    @TempDir
    Path dir;

    @Test
    void a_line_holds_the_events_fields_in_order_and_leaves_out_those_without_a_value() throws Exception {
        AuditTrail trail = new AuditTrail(dir, 30, Clock.fixed(NOW, ZoneOffset.UTC));

        trail.record("created", "inbox", "orders.ndjson", "line 3", "bridge:inbox:PO-1", List.of("PO-1", "\ud800"),
                42L, 1, 201, "created", null);
        trail.stop();

        List<String> lines = Files.readAllLines(dir.resolve("audit-2026-12-05.jsonl"));
        assertThat(lines).hasSize(1);
        JsonNode line = JSON.readTree(lines.get(0));
        List<String> fields = new ArrayList<>();
        line.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactly("time", "event", "source", "file", "position", "key", "externalOrderIds",
                "impiloOrderId", "attempt", "httpStatus", "outcome");
        assertThat(line.path("time").asText()).isEqualTo("2026-12-05T10:15:30Z");
        assertThat(line.path("impiloOrderId").asLong()).isEqualTo(42L);
        // a lone surrogate as sent is escaped, not a broken line
        assertThat(lines.get(0)).containsIgnoringCase("\"PO-1\",\"\\ud800\"");
    }

    @Test
    void a_line_that_could_not_be_written_is_written_with_the_next_one() throws Exception {
        Path trailDir = dir.resolve("audit");
        Files.writeString(trailDir, "a file where the trail's folder should be");
        AuditTrail trail = new AuditTrail(trailDir, 30, Clock.fixed(NOW, ZoneOffset.UTC));

        assertThatThrownBy(() -> trail.record("received", "inbox", "f.ndjson", "line 1", "k-1", List.of(), null, null,
                null, null, null)).isInstanceOf(java.io.UncheckedIOException.class);
        Files.delete(trailDir);
        trail.record("received", "inbox", "f.ndjson", "line 2", "k-2", List.of(), null, null, null, null, null);
        trail.stop();

        List<String> keys = new ArrayList<>();
        for (String line : Files.readAllLines(trailDir.resolve("audit-2026-12-05.jsonl"))) {
            keys.add(JSON.readTree(line).path("key").asText());
        }
        assertThat(keys).containsExactly("k-1", "k-2");
    }

    @Test
    void lines_of_orders_side_by_side_are_each_written_once_and_each_orders_in_its_order() throws Exception {
        AuditTrail trail = new AuditTrail(dir, 30, Clock.systemUTC());
        int threads = 8;
        int events = 500;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String key = "order-" + t;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < events; i++) {
                        trail.record("posted", "inbox", "f.ndjson", "line " + i, key, List.of(), null, i, null, null,
                                null);
                    }
                    return null;
                }));
            }
            for (Future<?> each : done) {
                each.get();
            }
        } finally {
            pool.shutdown();
        }
        trail.stop();

        List<String> lines = new ArrayList<>();
        for (Path file : AuditTrail.files(dir)) {
            lines.addAll(Files.readAllLines(file));
        }
        assertThat(lines).hasSize(threads * events);
        int[] next = new int[threads];
        for (String text : lines) {
            JsonNode line = JSON.readTree(text);
            int thread = Integer.parseInt(line.path("key").asText().substring("order-".length()));
            assertThat(line.path("attempt").asInt()).as("the next event of %s", line.path("key").asText())
                    .isEqualTo(next[thread]++);
        }
        assertThat(next).containsOnly(events);
    }

    @Test
    void an_appended_line_goes_out_with_the_next_recorded_one_in_its_order_or_when_the_trail_stops() throws Exception {
        AuditTrail trail = new AuditTrail(dir, 30, Clock.fixed(NOW, ZoneOffset.UTC));
        Path file = dir.resolve("audit-2026-12-05.jsonl");

        trail.append(event("received", "k-1"));
        trail.append(event("validated", "k-1"));
        assertThat(file).doesNotExist();
        trail.record(event("posted", "k-1"));
        assertThat(eventsIn(file)).containsExactly("received k-1", "validated k-1", "posted k-1");

        trail.append(event("received", "k-2"));
        trail.stop();
        assertThat(eventsIn(file)).containsExactly("received k-1", "validated k-1", "posted k-1", "received k-2");
    }

    private static AuditTrail.Event event(String event, String key) {
        return new AuditTrail.Event(null, event, "inbox", "f.ndjson", "line 1", key, List.of("PO-1"), null, null, null,
                null, null, null, null);
    }

    private static List<String> eventsIn(Path file) throws Exception {
        List<String> events = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            JsonNode json = JSON.readTree(line);
            events.add(json.path("event").asText() + " " + json.path("key").asText());
        }
        return events;
    }
}
