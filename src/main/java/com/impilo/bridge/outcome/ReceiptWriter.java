package com.impilo.bridge.outcome;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.impilo.bridge.model.ImpiloJson;

/**
 * Streams a file's receipt to disk as its orders finish, so a file of a million orders needs no more memory than one,
 * and publishes it under its final name only when complete.
 */
final class ReceiptWriter implements AutoCloseable {

    private static final ObjectMapper MAPPER = ImpiloJson.mapper();
    // Written through the generator's buffer, not flushed after each order: the partial receipt is in done/, whose
    // changes the archive watch follows, and a write per order woke it (and the kernel) once per order. A crash loses
    // nothing by it: the file is read again and its receipt started anew.
    private static final ObjectWriter RESULTS = MAPPER.writerFor(OrderResult.class)
            .without(SerializationFeature.FLUSH_AFTER_WRITE_VALUE);

    private final Path partial;
    private final JsonGenerator json;
    private final Map<OrderResult.Outcome, Integer> counts = new EnumMap<>(OrderResult.Outcome.class);
    // Orders finish out of order when processed side by side; the receipt still lists them in file order. Only
    // results that wait for an earlier, slower order are held here.
    private final NavigableMap<Long, OrderResult> waiting = new TreeMap<>();
    private long nextSequence;

    ReceiptWriter(Path partial, String source, String fileName, Instant receivedAt) {
        this.partial = partial;
        try {
            // Jackson's UTF-8 output escapes what cannot be encoded (a lone surrogate in an id as sent) where a
            // Writer's encoder would fail on it, and with it every later attempt at this file's receipt.
            this.json = MAPPER.getFactory().createGenerator(Files.newOutputStream(partial), JsonEncoding.UTF8);
            json.useDefaultPrettyPrinter();
            json.writeStartObject();
            json.writeStringField("source", source);
            json.writeStringField("file", fileName);
            json.writeStringField("receivedAt", receivedAt.toString());
            json.writeArrayFieldStart("orders");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the receipt " + partial + ": " + e.getMessage(), e);
        }
        for (OrderResult.Outcome outcome : OrderResult.Outcome.values()) {
            counts.put(outcome, 0);
        }
    }

    /** Adds the result of the order at {@code sequence} (0-based, in file order). */
    synchronized void append(long sequence, OrderResult result) {
        waiting.put(sequence, result);
        counts.merge(result.outcome(), 1, Integer::sum);
        while (!waiting.isEmpty() && waiting.firstKey() == nextSequence) {
            write(waiting.pollFirstEntry().getValue());
            nextSequence++;
        }
    }

    private void write(OrderResult result) {
        try {
            RESULTS.writeValue(json, result);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the receipt " + partial + ": " + e.getMessage(), e);
        }
    }

    synchronized Map<OrderResult.Outcome, Integer> counts() {
        return Map.copyOf(counts);
    }

    /** Ends the receipt with its summary and moves it to its final name in one step. */
    synchronized void publish(Path target, Instant completedAt) {
        waiting.values().forEach(this::write);
        waiting.clear();
        try {
            json.writeEndArray();
            json.writeObjectFieldStart("summary");
            int total = counts.values().stream().mapToInt(Integer::intValue).sum();
            json.writeNumberField("orders", total);
            for (Map.Entry<OrderResult.Outcome, Integer> count : counts.entrySet()) {
                json.writeNumberField(count.getKey().name(), count.getValue());
            }
            json.writeEndObject();
            json.writeStringField("completedAt", completedAt.toString());
            json.writeEndObject();
            json.close();
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot publish the receipt " + target + ": " + e.getMessage(), e);
        }
    }

    /** Drops an unfinished receipt (the file was dead-lettered as a whole). */
    @Override
    public synchronized void close() {
        try {
            if (!json.isClosed()) {
                json.close();
            }
            Files.deleteIfExists(partial);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the unfinished receipt " + partial, e);
        }
    }
}
