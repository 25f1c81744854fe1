package com.impilo.bridge.outcome;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SequenceWriter;
import com.impilo.bridge.ingest.x12.PurchaseOrder;
import com.impilo.bridge.model.ImpiloJson;

/**
 * The outcome of each X12 purchase order of a file, kept on disk beside its partial receipt as the orders finish
 * (one JSON line each), so that the file's 855s are written once it is done without holding them in memory.
 */
final class PurchaseOrderJournal {

    /** One purchase order and what became of it. */
    record Entry(String key, PurchaseOrder purchaseOrder, OrderResult.Outcome outcome, Long impiloOrderId,
                 String reason) {
    }

    private static final ObjectMapper MAPPER = ImpiloJson.mapper();

    private final Path file;
    private SequenceWriter out;
    private long entries;

    PurchaseOrderJournal(Path file) {
        this.file = file;
    }

    synchronized void append(Entry entry) {
        try {
            if (out == null) {
                OutputStream stream = Files.newOutputStream(file);
                out = MAPPER.writer().withRootValueSeparator("\n").writeValues(stream);
            }
            out.write(entry);
            entries++;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    synchronized long size() {
        return entries;
    }

    /** Reads the entries back, in the order they were written, one at a time. */
    synchronized void forEach(Consumer<Iterator<Entry>> reader) throws IOException {
        if (out != null) {
            out.close();
            out = null;
        }
        if (entries == 0) {
            reader.accept(java.util.Collections.emptyIterator());
            return;
        }
        try (MappingIterator<Entry> read = MAPPER.readerFor(Entry.class).readValues(file.toFile())) {
            reader.accept(read);
        }
    }

    /** The journal is no longer needed: the answers are written, or the file will be read again. */
    synchronized void delete() {
        try {
            if (out != null) {
                out.close();
                out = null;
            }
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + file + ": " + e.getMessage(), e);
        }
    }
}
