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

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.ObjectMapper;
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
     * One line of the trail, its fields in this order, those without a value left out. {@code deadLetter} is where a rejected or undelivered order went (relative to the data
     * folder), or for a replay where it went back to; {@code errorFile} where a replayed order's error file is kept.
     */
    public record Event(String time, String event, String source, String file, String position, String key,
                        List<String> externalOrderIds, Long impiloOrderId, Integer attempt, Integer httpStatus,
                        String outcome, String reason, String deadLetter, String errorFile) {

        /** An event of an order as read from a partner file: its ids and where it came from, nothing more. */
        public static Event ofOrder(String source, ParsedOrder parsed, String key, String event, Long impiloOrderId,
                                    Integer attempt, Integer httpStatus, String outcome, String reason) {
            return new Event(null, event, source, parsed.fileName(), parsed.position().toString(), key,
                    parsed.externalOrderIds(), impiloOrderId, attempt, httpStatus, outcome, reason, null, null);
        }

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
    private final List<Line> pending = new ArrayList<>();
    private long appended;
    private long written;
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
        record(Event.ofOrder(source, parsed, key, event, impiloId, attempt, httpStatus, outcome, reason));
    }

    /**
     * Appends one event, stamped with the current time; the line is written through to the file when this returns
     * (it survives the process being killed). Lines that orders side by side append at the same moment are written
     * together, in the order they were appended.
     */
    public void record(Event event) {
        long mine = add(event);
        synchronized (this) {
            // a thread that held the lock before may have written this line with its own
            if (written < mine) {
                writePending();
            }
        }
    }

    /**
     * Appends one event, stamped with the current time, to be written with the next line that is {@linkplain
     * #record(Event) recorded} (by any order) or when the trail stops: for the events of an order's way inside the
     * process, whose next line is recorded before anything outside it sees the order's next step (its POST).
     */
    public void append(Event event) {
        add(event);
    }

    // the line, queued in the order of the calls, and copied for the other instances; its number in the queue
    private long add(Event event) {
        Instant now = Instant.now(clock);
        byte[] line;
        try {
            line = line(event.at(now), shared == null ? null : instance);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write an audit line: " + e.getMessage(), e);
        }
        long mine;
        synchronized (pending) {
            pending.add(new Line(LocalDate.ofInstant(now, ZoneOffset.UTC), line));
            mine = ++appended;
        }
        if (shared != null) {
            shared.add(now, event.event(), event.key(), event.impiloOrderId(), event.file(),
                    event.externalOrderIds() == null ? null : ids(event.externalOrderIds()),
                    new String(line, 0, line.length - 1, StandardCharsets.UTF_8));
        }
        return mine;
    }

    // Every line appended so far, in one write, each in the file of its day. Lines that could not be written are
    // written by the next call (the one that failed says why): a failure may write a line twice, never lose one.
    private void writePending() {
        List<Line> lines;
        long last;
        synchronized (pending) {
            lines = new ArrayList<>(pending);
            pending.clear();
            last = appended;
        }
        boolean done = false;
        try {
            OutputStream stream = null;
            for (Line line : lines) {
                if (stream == null || !line.day().equals(day)) {
                    if (stream != null) {
                        stream.flush();
                    }
                    stream = streamFor(line.day());
                }
                stream.write(line.bytes());
            }
            if (stream != null) {
                stream.flush();
            }
            written = last;
            done = true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to the audit trail in " + dir + ": " + e.getMessage(), e);
        } finally {
            // whatever stopped the write (an I/O error, a day file that could not be opened or purged), the lines
            // wait for the next call: the callers whose lines they are find them unwritten
            if (!done) {
                synchronized (pending) {
                    pending.addAll(0, lines);
                }
            }
        }
    }

    /** A line waiting to be written, and the day whose file it belongs in. */
    private record Line(LocalDate day, byte[] bytes) {
    }

    // The event as one JSON line, its fields in the documented order and those without a value left out, written with
    // Jackson's generator: the same line databind would write, without reflecting on the record at every line. Its
    // UTF-8 output escapes what cannot be encoded (a lone surrogate in an external id as sent) where a Writer's
    // encoder would fail on it, and with it every later attempt at the order's file. With several instances, each
    // line says which one wrote it.
    private static byte[] line(Event event, String instance) throws IOException {
        ByteArrayBuilder bytes = new ByteArrayBuilder(256);
        try (JsonGenerator json = MAPPER.getFactory().createGenerator(bytes)) {
            json.writeStartObject();
            field(json, "time", event.time());
            field(json, "event", event.event());
            field(json, "source", event.source());
            field(json, "file", event.file());
            field(json, "position", event.position());
            field(json, "key", event.key());
            if (event.externalOrderIds() != null) {
                json.writeArrayFieldStart("externalOrderIds");
                for (String id : event.externalOrderIds()) {
                    json.writeString(id);
                }
                json.writeEndArray();
            }
            field(json, "impiloOrderId", event.impiloOrderId());
            field(json, "attempt", event.attempt());
            field(json, "httpStatus", event.httpStatus());
            field(json, "outcome", event.outcome());
            field(json, "reason", event.reason());
            field(json, "deadLetter", event.deadLetter());
            field(json, "errorFile", event.errorFile());
            field(json, "instance", instance);
            json.writeEndObject();
        }
        bytes.write('\n');
        return bytes.toByteArray();
    }

    // a field with a value: a number as a number, anything else as text
    private static void field(JsonGenerator json, String field, Object value) throws IOException {
        if (value instanceof Number number) {
            json.writeNumberField(field, number.longValue());
        } else if (value != null) {
            json.writeStringField(field, value.toString());
        }
    }

    private static String ids(List<String> externalOrderIds) {
        try {
            return MAPPER.writeValueAsString(externalOrderIds);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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

    // The day goes with its stream, so that a day file that then fails to open is opened again by the next line.
    private void closeStream() throws IOException {
        day = null;
        if (out != null) {
            OutputStream closing = out;
            out = null;
            closing.close();
        }
    }

    // lines appended and not yet written go out first
    @Override
    protected synchronized void doStop() throws IOException {
        try {
            writePending();
        } finally {
            closeStream();
        }
    }
}
