package com.impilo.bridge.ingest;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * One kind of partner file: which files it is, how the whole file is checked before any of its orders is sent, and
 * how its orders are read, lazily. Each format lives in a package of its own and is registered in
 * {@code ingest.reader.OrderFormats}.
 */
public abstract class OrderFormat {

    private final String name;
    private final String kind;
    private final List<String> extensions;

    /**
     * @param name       the name sources list in {@code bridge.sources.<name>.formats}: lower case, e.g. {@code ndjson}
     * @param kind       what its files hold, for messages that list the formats: e.g. {@code JSON orders}
     * @param extensions what its file names end with, lower case: e.g. {@code .ndjson} and {@code .jsonl}
     */
    protected OrderFormat(String name, String kind, String... extensions) {
        this.name = name;
        this.kind = kind;
        this.extensions = List.of(extensions);
    }

    public final String name() {
        return name;
    }

    public final List<String> extensions() {
        return extensions;
    }

    public final String kind() {
        return kind;
    }

    /** Whether a file of this name is of this format: by default, when it ends with one of its extensions. */
    public boolean recognises(String fileName) {
        String lower = fileName.toLowerCase(Locale.ROOT);
        return extensions.stream().anyMatch(lower::endsWith);
    }

    /**
     * Whether the file's first bytes say it is of this format, whatever its name (X12's {@code ISA}); by default
     * never: the name tells.
     */
    public boolean recognisesContent(Path file) {
        return false;
    }

    /**
     * Reads the whole file once, streamed, so that a file that cannot be read is dead-lettered whole before any of
     * its orders is sent rather than failing half-way.
     *
     * @return what the pass learnt that the orders and the answers to the partner need: X12's interchange, else
     *         {@link Envelope#NONE}
     */
    public abstract Envelope check(Path file, ReadOptions options) throws IOException, UnreadableFileException;

    /** The orders of the file, read lazily; closing the iterator releases the file. */
    public abstract OrderIterator orders(Path file, ReadOptions options) throws IOException, UnreadableFileException;

    /**
     * The orders of a file whose {@link #check} found {@code envelope}: by default as {@link #orders(Path,
     * ReadOptions)}; X12 uses it not to read the file a third time.
     */
    public OrderIterator orders(Path file, ReadOptions options, Envelope envelope)
            throws IOException, UnreadableFileException {
        return orders(file, options);
    }
}
