package com.impilo.bridge.ingest.csv;

import com.impilo.bridge.settings.CsvLayout;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PushbackReader;
import java.nio.charset.CodingErrorAction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.dataformat.csv.CsvFactory;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import com.impilo.bridge.model.ImpiloJson;

/** A CSV file read row by row in a layout's delimiter, quote and charset; blank rows are skipped, memory stays flat. */
final class CsvRows implements Closeable {

    /** One row: the physical line it starts on (1-based), its cells as written, and its {@link #MAX_LENGTH length}. */
    record Row(long line, List<String> cells, long length) {
    }

    /**
     * The longest row, and the longest order (all of its rows), that a file may hold, counted in characters of values
     * and delimiters: the same number as the byte limit of a JSON order, for the same reason. Each is held whole while
     * it is read, so that a line of nothing but delimiters cannot fill the memory.
     */
    static final long MAX_LENGTH = ImpiloJson.MAX_ORDER_BYTES;

    // Editors on Windows save "UTF-8 with BOM"; the mark is not part of the first column's name.
    private static final int BOM = '\uFEFF';
    // The same bound on one value as for JSON files, so that a hostile file fails instead of exhausting memory.
    private static final CsvMapper MAPPER = new CsvMapper(CsvFactory.builder()
            .enable(CsvParser.Feature.SKIP_EMPTY_LINES)
            .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(1_000_000).build())
            .build());

    private final CsvParser parser;
    private final ObjectWriter rowWriter;
    private long rowStart;

    private CsvRows(CsvParser parser, CsvSchema schema) {
        this.parser = parser;
        this.rowWriter = MAPPER.writer(schema.withLineSeparator(""));
    }

    static CsvRows open(Path file, CsvLayout layout) throws IOException {
        PushbackReader reader = new PushbackReader(new InputStreamReader(Files.newInputStream(file),
                layout.charset().newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)));
        try {
            skipByteOrderMark(reader);
            CsvSchema schema = CsvSchema.emptySchema()
                    .withColumnSeparator(layout.delimiter())
                    .withQuoteChar(layout.quote());
            CsvParser parser = MAPPER.getFactory().createParser(reader);
            parser.setSchema(schema);
            return new CsvRows(parser, schema);
        } catch (IOException | RuntimeException e) {
            reader.close();
            throw e;
        }
    }

    private static void skipByteOrderMark(PushbackReader reader) throws IOException {
        int first = reader.read();
        if (first != BOM && first >= 0) {
            reader.unread(first);
        }
    }

    /**
     * The next row that holds a non-blank value, or null at the end of the file.
     *
     * @throws StreamConstraintsException when a value or the row is beyond the read limits
     */
    Row next() throws IOException {
        Row row;
        do {
            row = nextRow();
        } while (row != null && row.cells().stream().allMatch(String::isBlank));
        return row;
    }

    private Row nextRow() throws IOException {
        if (parser.nextToken() != JsonToken.START_ARRAY) {
            return null;
        }
        rowStart = parser.currentLocation().getLineNr();
        List<String> cells = new ArrayList<>();
        long length = 0;
        while (parser.nextToken() == JsonToken.VALUE_STRING) {
            String cell = parser.getText();
            length += cell.length() + 1;
            if (length > MAX_LENGTH) {
                throw new StreamConstraintsException("Row length exceeds the maximum allowed (" + MAX_LENGTH
                        + " characters)");
            }
            cells.add(cell);
        }
        return new Row(rowStart, cells, length);
    }

    /** The line where the row being read when a parse error struck starts, for messages that send the reader there. */
    long rowStart() {
        return rowStart;
    }

    /** A row written back as CSV in the file's layout, to show it in an error file. */
    String render(List<String> cells) {
        try {
            return rowWriter.writeValueAsString(cells);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a list of strings is always CSV", e);
        }
    }

    @Override
    public void close() throws IOException {
        parser.close();
    }
}
