package com.impilo.bridge.ingest;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.OptionalLong;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.impilo.bridge.model.ImpiloJson;
import com.impilo.bridge.validate.Violation;

/**
 * Reads partner order files as a lazy stream of {@link ParsedOrder}s: a JSON object, a JSON array of orders,
 * NDJSON (one order per line) or CSV (one row per order line, in a {@link CsvLayout}). Memory stays flat whatever
 * the file size.
 */
public final class OrderFileReader {

    /** The file formats this reader understands, chosen by file extension. */
    public enum Format {
        JSON, NDJSON, CSV;

        public static Format of(String fileName) throws UnreadableFileException {
            String lower = fileName.toLowerCase(Locale.ROOT);
            if (lower.endsWith(".json")) {
                return JSON;
            }
            if (lower.endsWith(".ndjson") || lower.endsWith(".jsonl")) {
                return NDJSON;
            }
            if (lower.endsWith(".csv")) {
                return CSV;
            }
            throw new UnreadableFileException("unsupported file type: " + fileName
                    + " (expected .json, .ndjson or .jsonl for JSON orders, .csv for flat files)");
        }
    }

    private static final ObjectReader READER = ImpiloJson.partnerFiles();
    private static final int MAX_ORDER_BYTES = ImpiloJson.MAX_ORDER_BYTES;
    // Editors on Windows save "UTF-8 with BOM"; the mark is not part of the first order.
    private static final String BOM = "\uFEFF";

    private final CsvLayout csvLayout;

    /** A reader of CSV files in the default layout. */
    public OrderFileReader() {
        this(CsvLayout.DEFAULT);
    }

    /** A reader of CSV files in the given layout (JSON and NDJSON have no layout). */
    public OrderFileReader(CsvLayout csvLayout) {
        this.csvLayout = csvLayout;
    }

    /**
     * Checks that the whole file can be read before any of its orders is sent, so that a broken file is
     * dead-lettered as a whole rather than half-processed. Streams through the file: memory stays flat.
     */
    public void checkReadable(File file) throws UnreadableFileException {
        // A link could point anywhere the bridge may read; a pipe would block the reader for good. Neither is opened.
        if (Files.isSymbolicLink(file.toPath())) {
            throw new UnreadableFileException(
                    "the file is a symbolic link; links are not followed: put the file itself in the folder");
        }
        if (!Files.isRegularFile(file.toPath(), LinkOption.NOFOLLOW_LINKS)) {
            throw new UnreadableFileException("not a regular file");
        }
        Format format = Format.of(file.getName());
        try {
            if (Files.size(file.toPath()) == 0) {
                throw new UnreadableFileException("the file is empty");
            }
            switch (format) {
                case JSON -> {
                    checkUtf8(file.toPath());
                    checkJson(file);
                }
                case NDJSON -> {
                    checkUtf8(file.toPath());
                    checkNdjsonText(file.toPath());
                }
                case CSV -> checkCsv(file);
            }
        } catch (IOException e) {
            throw new UnreadableFileException("cannot read the file: " + e.getMessage(), e);
        }
    }

    private static void checkJson(File file) throws IOException, UnreadableFileException {
        try (JsonParser parser = READER.createParser(file)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new UnreadableFileException("the file holds no JSON value");
            }
            if (first != JsonToken.START_OBJECT && first != JsonToken.START_ARRAY) {
                throw new UnreadableFileException("expected an order object or an array of orders, found "
                        + shorten(parser.getText()) + at(parser.currentTokenLocation()));
            }
            try {
                readToEndOfValue(parser);
            } catch (StreamConstraintsException e) {
                throw new UnreadableFileException(beyondLimits(e) + at(parser.currentLocation()), e);
            }
            if (parser.nextToken() != null) {
                throw new UnreadableFileException("unexpected content after the end of the JSON value"
                        + at(parser.currentTokenLocation()));
            }
        } catch (StreamConstraintsException e) {
            throw new UnreadableFileException(beyondLimits(e), e);
        } catch (JsonProcessingException e) {
            throw new UnreadableFileException("not valid JSON: " + readable(e.getOriginalMessage()) + at(e.getLocation()),
                    e);
        }
    }

    // The JSON (or CSV) is fine, only too big for the read limits; Jackson's message names its own API, the engineer
    // needs the limit: "Number value length (500) exceeds the maximum allowed (40)".
    static String beyondLimits(StreamConstraintsException e) {
        return "beyond the read limits: " + e.getOriginalMessage().replaceAll(", from `[^`]*`", "");
    }

    // Every token is read, not skipped, so that the read limits (string and number length, depth, size of an order)
    // are applied here as when the orders are read later: a file that passes this check cannot fail half-way.
    private static void readToEndOfValue(JsonParser parser) throws IOException, UnreadableFileException {
        boolean array = parser.currentToken() == JsonToken.START_ARRAY;
        long index = array ? -1 : 0;
        long orderStart = array ? -1 : parser.currentTokenLocation().getByteOffset();
        int depth = 1;
        while (depth > 0) {
            JsonToken token = parser.nextToken();
            if (token == null) {
                return;
            }
            if (array && depth == 1 && !token.isStructEnd()) {
                index++;
                orderStart = parser.currentTokenLocation().getByteOffset();
            }
            if (token.isStructStart()) {
                depth++;
            } else if (token.isStructEnd()) {
                depth--;
            } else if (token == JsonToken.VALUE_STRING || token == JsonToken.FIELD_NAME) {
                parser.getText();
            } else if (token.isNumeric()) {
                parser.getNumberValue();
            }
            if (orderStart >= 0 && parser.currentLocation().getByteOffset() - orderStart > MAX_ORDER_BYTES) {
                throw new UnreadableFileException("beyond the read limits: the order at index " + index
                        + " is longer than " + MAX_ORDER_BYTES + " bytes" + at(parser.currentTokenLocation()));
            }
        }
    }

    // Jackson's messages name the source with a placeholder; the engineer wants only the line and column.
    private static String readable(String message) {
        return message.replaceAll("\\(start marker at \\[Source: [^;]*; line: (\\d+), column: (\\d+)\\]\\)",
                "(opened at line $1, column $2)");
    }

    private static String shorten(String text) {
        return text == null ? "nothing" : text.length() > 40 ? text.substring(0, 40) + "..." : text;
    }

    // JSON and NDJSON are UTF-8 only, as RFC 8259 asks of JSON between systems (CSV is read in its layout's charset).
    // Jackson would decode a UTF-16 or UTF-32 .json file, but it replaces broken characters in them without a word; an
    // NDJSON file would split into garbage lines. Text that is not UTF-8 makes every order of the file suspect.
    private static void checkUtf8(Path file) throws IOException, UnreadableFileException {
        Optional<String> wide = wideEncoding(file);
        if (wide.isPresent()) {
            throw new UnreadableFileException("the file is " + wide.get()
                    + " text; orders are read as UTF-8 only: save it as UTF-8");
        }
        try (InputStream in = Files.newInputStream(file)) {
            OptionalLong badLine = EncodedText.firstBadLine(in, StandardCharsets.UTF_8);
            if (badLine.isPresent()) {
                throw new UnreadableFileException("the file is not UTF-8 text: line " + badLine.getAsLong()
                        + " holds a byte that is not UTF-8");
            }
        }
    }

    private static Optional<String> wideEncoding(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return EncodedText.wideEncoding(in.readNBytes(4));
        }
    }

    // Bad JSON on one line only costs that line.
    private static void checkNdjsonText(Path file) throws IOException, UnreadableFileException {
        boolean content = false;
        try (BoundedLines lines = new BoundedLines(utf8Reader(Files.newInputStream(file)), MAX_ORDER_BYTES)) {
            BoundedLines.Line line;
            while (!content && (line = lines.next()) != null) {
                content = line.tooLong() || !line.text().isBlank() && !line.text().equals(BOM);
            }
        }
        if (!content) {
            throw new UnreadableFileException("the file holds only blank lines");
        }
    }

    // A CSV file in a charset other than UTF-8 is read as such; only bytes that are not text in it make it unreadable.
    private void checkCsv(File file) throws IOException, UnreadableFileException {
        String charset = csvLayout.charset().name();
        // UTF-16 or UTF-32 text passes as UTF-8 or one-byte text (its zero bytes are characters there), to fail later
        // on a header of garbled names; its first bytes tell it apart from a charset where ASCII is one byte each
        Optional<String> wide = EncodedText.asciiBased(csvLayout.charset()) ? wideEncoding(file.toPath())
                : Optional.empty();
        if (wide.isPresent()) {
            throw new UnreadableFileException("the file is " + wide.get() + " text, not " + charset + " (the charset"
                    + " of its CSV layout): save it as " + charset + " or change the layout's charset");
        }
        try (InputStream in = Files.newInputStream(file.toPath())) {
            OptionalLong badLine = EncodedText.firstBadLine(in, csvLayout.charset());
            if (badLine.isPresent()) {
                throw new UnreadableFileException("the file is not " + charset + " text (the charset of its CSV layout):"
                        + " line " + badLine.getAsLong() + " holds a byte that is not " + charset);
            }
        }
        CsvOrders.check(file, csvLayout);
    }

    /** The orders of a file, read lazily; close the iterator to release the file. */
    public OrderIterator orders(File file) throws IOException, UnreadableFileException {
        String name = file.getName();
        return switch (Format.of(name)) {
            case JSON -> new JsonOrders(name, READER.createParser(file));
            case NDJSON -> new NdjsonOrders(name, utf8Reader(Files.newInputStream(file.toPath())));
            case CSV -> CsvOrders.open(file, csvLayout);
        };
    }

    private static BufferedReader utf8Reader(InputStream in) {
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)));
    }

    private static String at(JsonLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return "";
        }
        return " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }

    /** A lazy, closeable stream of orders; Camel's streaming splitter closes it when done. */
    public abstract static class OrderIterator implements Iterator<ParsedOrder>, Closeable {
        private ParsedOrder next;
        private boolean closed;

        /** The next order, or null at the end. */
        protected abstract ParsedOrder advance() throws IOException;

        @Override
        public boolean hasNext() {
            if (closed) {
                return false;
            }
            if (next == null) {
                try {
                    next = advance();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            return next != null;
        }

        @Override
        public ParsedOrder next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            ParsedOrder current = next;
            next = null;
            return current;
        }

        /** Releases the file; the splitter may still ask {@link #hasNext()} afterwards, which then answers false. */
        @Override
        public void close() throws IOException {
            closed = true;
            release();
        }

        protected abstract void release() throws IOException;
    }

    /** A single object (one order) or an array of orders, element by element. */
    private static final class JsonOrders extends OrderIterator {
        private final String fileName;
        private final JsonParser parser;
        private boolean array;
        private boolean started;
        private long index;

        JsonOrders(String fileName, JsonParser parser) {
            this.fileName = fileName;
            this.parser = parser;
        }

        @Override
        protected ParsedOrder advance() throws IOException {
            if (!started) {
                started = true;
                JsonToken first = parser.nextToken();
                if (first == JsonToken.START_OBJECT) {
                    return OrderMapping.map(fileName, Position.index(0), READER.readTree(parser));
                }
                array = first == JsonToken.START_ARRAY;
            }
            if (!array) {
                return null;
            }
            JsonToken token = parser.nextToken();
            if (token == null || token == JsonToken.END_ARRAY) {
                array = false;
                return null;
            }
            JsonNode element = READER.readTree(parser);
            return OrderMapping.map(fileName, Position.index(index++), element);
        }

        @Override
        protected void release() throws IOException {
            parser.close();
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
            this.lines = new BoundedLines(reader, MAX_ORDER_BYTES);
        }

        @Override
        protected ParsedOrder advance() throws IOException {
            BoundedLines.Line next;
            while ((next = lines.next()) != null) {
                lineNumber++;
                String line = next.text();
                if (lineNumber == 1 && line.startsWith(BOM)) {
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
                    List.of(new Violation("$", "beyond the read limits: the line is longer than " + MAX_ORDER_BYTES
                            + " bytes; its dead letter keeps only its first " + kept
                            + " characters, the original file all of it")));
        }

        private ParsedOrder parse(String line) throws IOException {
            Position position = Position.line(lineNumber);
            try (JsonParser parser = READER.createParser(line)) {
                JsonNode order = READER.readTree(parser);
                // reading stops after the first value: a second order on the line would be dropped without a word
                if (parser.nextToken() != null) {
                    return ParsedOrder.unreadable(fileName, position, null, line, List.of(new Violation("$",
                            "unexpected content after the end of the order (column "
                                    + parser.currentTokenLocation().getColumnNr() + ")")));
                }
                return OrderMapping.map(fileName, position, order);
            } catch (StreamConstraintsException e) {
                return ParsedOrder.unreadable(fileName, position, null, line,
                        List.of(new Violation("$", beyondLimits(e))));
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
