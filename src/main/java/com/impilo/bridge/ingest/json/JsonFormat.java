package com.impilo.bridge.ingest.json;

import java.io.IOException;
import java.nio.file.Path;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.impilo.bridge.ingest.Envelope;
import com.impilo.bridge.ingest.OrderFormat;
import com.impilo.bridge.ingest.OrderIterator;
import com.impilo.bridge.ingest.OrderMapping;
import com.impilo.bridge.ingest.ParsedOrder;
import com.impilo.bridge.ingest.Position;
import com.impilo.bridge.ingest.ReadOptions;
import com.impilo.bridge.ingest.TextFiles;
import com.impilo.bridge.ingest.UnreadableFileException;

/** JSON files ({@code .json}): one order object, or an array of orders read element by element. UTF-8 only. */
public final class JsonFormat extends OrderFormat {

    public JsonFormat() {
        super("json", "JSON orders", ".json");
    }

    @Override
    public Envelope check(Path file, ReadOptions options) throws IOException, UnreadableFileException {
        TextFiles.checkUtf8(file);
        checkJson(file);
        return Envelope.NONE;
    }

    @Override
    public OrderIterator orders(Path file, ReadOptions options) throws IOException {
        return new JsonOrders(file.getFileName().toString(), TextFiles.READER.createParser(file.toFile()));
    }

    private static void checkJson(Path file) throws IOException, UnreadableFileException {
        try (JsonParser parser = TextFiles.READER.createParser(file.toFile())) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new UnreadableFileException("the file holds no JSON value");
            }
            if (first != JsonToken.START_OBJECT && first != JsonToken.START_ARRAY) {
                String expected = "expected an order object or an array of orders, found ";
                String at = TextFiles.at(parser.currentTokenLocation());
                throw UnreadableFileException.quoting(expected + TextFiles.kindOf(first) + at,
                        expected + TextFiles.shorten(parser.getText()) + at);
            }
            try {
                readToEndOfValue(parser);
            } catch (StreamConstraintsException e) {
                throw new UnreadableFileException(TextFiles.beyondLimits(e) + TextFiles.at(parser.currentLocation()), e);
            }
            if (parser.nextToken() != null) {
                throw new UnreadableFileException("unexpected content after the end of the JSON value"
                        + TextFiles.at(parser.currentTokenLocation()));
            }
        } catch (StreamConstraintsException e) {
            throw new UnreadableFileException(TextFiles.beyondLimits(e), e);
        } catch (JsonProcessingException e) {
            throw UnreadableFileException.quoting("not valid JSON" + TextFiles.at(e.getLocation()),
                    "not valid JSON: " + TextFiles.readable(e.getOriginalMessage()) + TextFiles.at(e.getLocation()));
        }
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
            if (orderStart >= 0 && parser.currentLocation().getByteOffset() - orderStart > TextFiles.MAX_ORDER_BYTES) {
                throw new UnreadableFileException("beyond the read limits: the order at index " + index
                        + " is longer than " + TextFiles.MAX_ORDER_BYTES + " bytes" + TextFiles.at(parser.currentTokenLocation()));
            }
        }
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
                    return OrderMapping.map(fileName, Position.index(0), TextFiles.READER.readTree(parser));
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
            JsonNode element = TextFiles.READER.readTree(parser);
            return OrderMapping.map(fileName, Position.index(index++), element);
        }

        @Override
        protected void release() throws IOException {
            parser.close();
        }
    }
}
