package com.impilo.bridge.ingest;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.SequenceInputStream;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.ObjectReader;
import com.impilo.bridge.model.ImpiloJson;

/** What the text formats share: the JSON reader and its limits, UTF-8 checks, and messages that name a place. */
public final class TextFiles {

    /** The reader of partner JSON, with the bridge's read limits. */
    public static final ObjectReader READER = ImpiloJson.partnerFiles();
    /** The longest order, in bytes, that any format may hold. */
    public static final int MAX_ORDER_BYTES = ImpiloJson.MAX_ORDER_BYTES;
    /** Editors on Windows save "UTF-8 with BOM"; the mark is not part of the first order. */
    public static final String BOM = "\uFEFF";

    private TextFiles() {
    }

    /**
     * The JSON (or CSV) is fine, only too big for the read limits; Jackson's message names its own API, the engineer
     * needs the limit: "Number value length (500) exceeds the maximum allowed (40)".
     */
    public static String beyondLimits(StreamConstraintsException e) {
        return "beyond the read limits: " + e.getOriginalMessage().replaceAll(", from `[^`]*`", "");
    }

    /** Jackson's messages name the source with a placeholder; the engineer wants only the line and column. */
    public static String readable(String message) {
        return message.replaceAll("\\(start marker at \\[Source: [^;]*; line: (\\d+), column: (\\d+)\\]\\)",
                "(opened at line $1, column $2)");
    }

    /** What a JSON value is, without what it holds: "a string", "a number", "true", "null". */
    public static String kindOf(JsonToken token) {
        if (token == null) {
            return "nothing";
        }
        return switch (token) {
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE -> "true";
            case VALUE_FALSE -> "false";
            case VALUE_NULL -> "null";
            default -> token.asString() == null ? token.name() : token.asString();
        };
    }

    /** At most the first 40 characters of a text, for a message. */
    public static String shorten(String text) {
        return text == null ? "nothing" : text.length() > 40 ? text.substring(0, 40) + "..." : text;
    }

    /** " (line L, column C)" of a place in a file, or nothing when it is unknown. */
    public static String at(JsonLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return "";
        }
        return " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }

    /** A strict UTF-8 reader: bytes that are not UTF-8 are an error, never replaced. */
    public static BufferedReader utf8Reader(InputStream in) {
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)));
    }

    /**
     * JSON and NDJSON are UTF-8 only, as RFC 8259 asks of JSON between systems (CSV is read in its layout's charset).
     * Jackson would decode a UTF-16 or UTF-32 .json file, but it replaces broken characters in them without a word; an
     * NDJSON file would split into garbage lines. Text that is not UTF-8 makes every order of the file suspect.
     */
    public static void checkUtf8(Path file) throws IOException, UnreadableFileException {
        // one pass over the file for both checks: its first bytes, then all of it
        long size = Files.size(file);
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(EncodedText.HEAD_BYTES);
            Optional<String> wide = EncodedText.wideEncoding(head);
            if (wide.isPresent()) {
                throw new UnreadableFileException("the file is " + wide.get()
                        + " text; orders are read as UTF-8 only: save it as UTF-8");
            }
            OptionalLong badLine = EncodedText.firstBadLine(
                    new SequenceInputStream(new ByteArrayInputStream(head), in), StandardCharsets.UTF_8, size);
            if (badLine.isPresent()) {
                throw new UnreadableFileException("the file is not UTF-8 text: line " + badLine.getAsLong()
                        + " holds a byte that is not UTF-8");
            }
        }
    }

    /** UTF-16 or UTF-32, told by the file's first bytes; empty for anything else. */
    public static Optional<String> wideEncoding(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return EncodedText.wideEncoding(in.readNBytes(EncodedText.HEAD_BYTES));
        }
    }
}
