package com.impilo.bridge.ingest;

/** Where an order sits in its file: the line of an NDJSON file, or the index in a JSON array (0 for a single object). */
public record Position(Kind kind, long value) {

    /** How the position is counted. */
    public enum Kind {
        /** 1-based line number of an NDJSON or CSV file. */
        LINE,
        /** 0-based index in a JSON array; a single-order file is index 0. */
        INDEX
    }

    public static Position line(long line) {
        return new Position(Kind.LINE, line);
    }

    public static Position index(long index) {
        return new Position(Kind.INDEX, index);
    }

    /** A compact form for file names: {@code line7}, {@code index2}. */
    public String slug() {
        return kind.name().toLowerCase() + value;
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase() + " " + value;
    }
}
