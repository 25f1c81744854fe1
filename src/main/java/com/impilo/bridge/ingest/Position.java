package com.impilo.bridge.ingest;

/**
 * Where an order sits in its file: the line of an NDJSON or CSV file, the index in a JSON array (0 for a single
 * object), or the number of an X12 transaction set.
 */
public record Position(Kind kind, long value) {

    /** How the position is counted. */
    public enum Kind {
        /** 1-based line number of an NDJSON or CSV file. */
        LINE("line"),
        /** 0-based index in a JSON array; a single-order file is index 0. */
        INDEX("index"),
        /** 1-based number of an X12 transaction set in its file. */
        SET("set");

        // spelled once: the name lower-cased at every use cost each order several strings, and in a Turkish locale
        // INDEX would have become "ındex"
        private final String word;

        Kind(String word) {
            this.word = word;
        }
    }

    public static Position line(long line) {
        return new Position(Kind.LINE, line);
    }

    public static Position index(long index) {
        return new Position(Kind.INDEX, index);
    }

    public static Position set(long number) {
        return new Position(Kind.SET, number);
    }

    /** A compact form for file names: {@code line7}, {@code index2}. */
    public String slug() {
        return kind.word + value;
    }

    @Override
    public String toString() {
        return kind.word + " " + value;
    }
}
