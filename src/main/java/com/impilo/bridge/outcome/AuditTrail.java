package com.impilo.bridge.outcome;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.impilo.bridge.ingest.ParsedOrder;
import com.impilo.bridge.model.ImpiloJson;
import com.impilo.bridge.store.AuditEvents;
import org.apache.camel.support.service.ServiceSupport;

/**
 * The audit trail: one append-only JSON line per order event, in a file per day under {@code <data>/audit/}, kept for
 * the retention period. Ids only: never names, birth dates, addresses or the API key.
 */
public final class AuditTrail extends ServiceSupport {

    private static final ObjectMapper MAPPER = ImpiloJson.mapper();
    private static final Pattern DAY_FILE = Pattern.compile("audit-(\\d{4}-\\d{2}-\\d{2})\\.jsonl");

    /**
     * One line of the trail. {@code deadLetter} is where a rejected or undelivered order went (relative to the data
     * folder), or for a replay where it went back to; {@code errorFile} where a replayed order's error file is kept.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"time", "event", "source", "file", "position", "key", "externalOrderIds", "impiloOrderId",
            "attempt", "httpStatus", "outcome", "reason", "deadLetter", "errorFile"})
    public record Event(String time, String event, String source, String file, String position, String key,
                        List<String> externalOrderIds, Long impiloOrderId, Integer attempt, Integer httpStatus,
                        String outcome, String reason, String deadLetter, String errorFile) {

        /** The same event at another time. */
        Event at(Instant when) {
            return new Event(when.toString(), event, source, file, position, key, externalOrderIds, impiloOrderId,
                    attempt, httpStatus, outcome, reason, deadLetter, errorFile);
        }
    }

    private final Path dir;
    private final int retentionDays;
    private final Clock clock;
    private final AuditEvents shared;
    private final String instance;
    private LocalDate day;
    private OutputStream out;

    public AuditTrail(Path dir, int retentionDays, Clock clock) {
        this(dir, retentionDays, clock, null, null);
    }

    /**
     * @param shared   where the events are copied for the other instances sharing the store, or null
     * @param instance this instance's name, in each line when the events are shared
     */
    public AuditTrail(Path dir, int retentionDays, Clock clock, AuditEvents shared, String instance) {
        this.dir = dir;
        this.retentionDays = retentionDays;
        this.clock = clock;
        this.shared = shared;
        this.instance = instance;
    }

    /** Appends one event, stamped with the current time; the line is on disk when this returns. */
    public void record(String event, String source, String file, String position, String key,
                       List<String> externalOrderIds, Long impiloOrderId, Integer attempt, Integer httpStatus,
                       String outcome, String reason) {
        record(new Event(null, event, source, file, position, key, externalOrderIds, impiloOrderId, attempt,
                httpStatus, outcome, reason, null, null));
    }

    /** Appends one event of an order as read from a partner file: its ids and where it came from, nothing more. */
    public void record(String source, ParsedOrder parsed, String key, String event, Long impiloId, Integer attempt,
                       Integer httpStatus, String outcome, String reason) {
        record(event, source, parsed.fileName(), parsed.position().toString(), key, parsed.externalOrderIds(),
                impiloId, attempt, httpStatus, outcome, reason);
    }

    /** Appends one event, stamped with the current time; the line is on disk when this returns. */
    public synchronized void record(Event event) {
        Instant now = Instant.now(clock);
        try {
            OutputStream stream = streamFor(LocalDate.ofInstant(now, ZoneOffset.UTC));
            // Jackson's UTF-8 output escapes what cannot be encoded (a lone surrogate in an external id as sent) where
            // a Writer's encoder would fail on it, and with it every later attempt at the order's file.
            byte[] line = shared == null ? MAPPER.writeValueAsBytes(event.at(now)) : withInstance(event.at(now));
            stream.write(line);
            stream.write('\n');
            stream.flush();
            if (shared != null) {
                shared.add(now, event.event(), event.key(), event.impiloOrderId(), event.file(),
                        event.externalOrderIds() == null ? null : MAPPER.writeValueAsString(event.externalOrderIds()),
                        new String(line, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to the audit trail in " + dir + ": " + e.getMessage(), e);
        }
    }

    // With several instances, each line says which one wrote it.
    private byte[] withInstance(Event event) throws IOException {
        ObjectNode line = MAPPER.valueToTree(event);
        line.put("instance", instance);
        return MAPPER.writeValueAsBytes(line);
    }

    /** The day files of the trail, oldest first. */
    public static List<Path> files(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(file -> DAY_FILE.matcher(file.getFileName().toString()).matches()).sorted().toList();
        }
    }

    // A new day opens a new file, and is also when files past the retention period go.
    private OutputStream streamFor(LocalDate today) throws IOException {
        if (!today.equals(day)) {
            closeStream();
            Files.createDirectories(dir);
            out = new BufferedOutputStream(Files.newOutputStream(dir.resolve("audit-" + today + ".jsonl"),
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND));
            day = today;
            purgeBefore(today.minusDays(retentionDays));
        }
        return out;
    }

    private void purgeBefore(LocalDate oldestKept) throws IOException {
        List<Path> expired = new ArrayList<>();
        for (Path file : files(dir)) {
            Matcher name = DAY_FILE.matcher(file.getFileName().toString());
            if (name.matches() && LocalDate.parse(name.group(1)).isBefore(oldestKept)) {
                expired.add(file);
            }
        }
        for (Path file : expired) {
            Files.deleteIfExists(file);
        }
    }

    private void closeStream() throws IOException {
        if (out != null) {
            out.close();
            out = null;
        }
    }

    @Override
    protected synchronized void doStop() throws IOException {
        closeStream();
        day = null;
    }
}
