package com.impilo.bridge.ingest.ndjson;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.impilo.bridge.ingest.BoundedLines;
import com.impilo.bridge.ingest.Envelope;
import com.impilo.bridge.ingest.OrderFormat;
import com.impilo.bridge.ingest.OrderIterator;
import com.impilo.bridge.ingest.OrderMapping;
import com.impilo.bridge.ingest.ParsedOrder;
import com.impilo.bridge.ingest.Position;
import com.impilo.bridge.ingest.ReadOptions;
import com.impilo.bridge.ingest.TextFiles;
import com.impilo.bridge.ingest.UnreadableFileException;
import com.impilo.bridge.validate.Violation;

/**
 * NDJSON files ({@code .ndjson}, {@code .jsonl}): one order per line; a line that is not an order costs only that
 * line. UTF-8 only.
 */
public final class NdjsonFormat extends OrderFormat {

    public NdjsonFormat() {
        super("ndjson", "JSON orders", ".ndjson", ".jsonl");
    }

    @Override
    public Envelope check(Path file, ReadOptions options) throws IOException, UnreadableFileException {
        TextFiles.checkUtf8(file);
        checkNdjsonText(file);
        return Envelope.NONE;
    }

    @Override
    public OrderIterator orders(Path file, ReadOptions options) throws IOException {
        return new NdjsonOrders(file.getFileName().toString(), TextFiles.utf8Reader(Files.newInputStream(file)));
    }

    // Bad JSON on one line only costs that line.
    private static void checkNdjsonText(Path file) throws IOException, UnreadableFileException {
        boolean content = false;
        try (BoundedLines lines = new BoundedLines(TextFiles.utf8Reader(Files.newInputStream(file)), TextFiles.MAX_ORDER_BYTES)) {
            BoundedLines.Line line;
            while (!content && (line = lines.next()) != null) {
                content = line.tooLong() || !line.text().isBlank() && !line.text().equals(TextFiles.BOM);
            }
        }
        if (!content) {
            throw new UnreadableFileException("the file holds only blank lines");
        }
    }

    /** One order per non-blank line; a line that is not JSON becomes an unreadable order, the others go on. */
    private static final class NdjsonOrders extends OrderIterator {
        // what the dead letter of a line beyond the size limit keeps of it, so that the engineer can tell which it was
        private static final int KEPT_OF_LONG_LINE = 1_000;

        private final String fileName;
        private final BoundedLines lines;
        private long lineNumber;

        NdjsonOrders(String fileName, BufferedReader reader) {
            this.fileName = fileName;
            this.lines = new BoundedLines(reader, TextFiles.MAX_ORDER_BYTES);
        }

        @Override
        protected ParsedOrder advance() throws IOException {
            BoundedLines.Line next;
            while ((next = lines.next()) != null) {
                lineNumber++;
                String line = next.text();
                if (lineNumber == 1 && line.startsWith(TextFiles.BOM)) {
                    line = line.substring(1);
                }
                if (next.tooLong()) {
                    return tooLong(line);
                }
                if (!line.isBlank()) {
                    return parse(line);
                }
            }
            return null;
        }

        private ParsedOrder tooLong(String start) {
            int kept = Math.min(start.length(), KEPT_OF_LONG_LINE);
            if (kept > 0 && Character.isHighSurrogate(start.charAt(kept - 1))) {
                kept--;
            }
            return ParsedOrder.unreadable(fileName, Position.line(lineNumber), null, start.substring(0, kept),
                    List.of(new Violation("$", "beyond the read limits: the line is longer than " + TextFiles.MAX_ORDER_BYTES
                            + " bytes; its dead letter keeps only its first " + kept
                            + " characters, the original file all of it")));
        }

        private ParsedOrder parse(String line) throws IOException {
            Position position = Position.line(lineNumber);
            try (JsonParser parser = TextFiles.READER.createParser(line)) {
                JsonNode order = TextFiles.READER.readTree(parser);
                // reading stops after the first value: a second order on the line would be dropped without a word
                if (parser.nextToken() != null) {
                    return ParsedOrder.unreadable(fileName, position, null, line, List.of(new Violation("$",
                            "unexpected content after the end of the order (column "
                                    + parser.currentTokenLocation().getColumnNr() + ")")));
                }
                return OrderMapping.map(fileName, position, order);
            } catch (StreamConstraintsException e) {
                return ParsedOrder.unreadable(fileName, position, null, line,
                        List.of(new Violation("$", TextFiles.beyondLimits(e))));
            } catch (JsonProcessingException e) {
                return ParsedOrder.unreadable(fileName, position, null, line,
                        List.of(new Violation("$", "not valid JSON: " + e.getOriginalMessage())));
            }
        }

        @Override
        protected void release() throws IOException {
            lines.close();
        }
    }
}
