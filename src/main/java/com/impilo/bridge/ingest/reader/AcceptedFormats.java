package com.impilo.bridge.ingest.reader;

import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;

import com.impilo.bridge.ingest.UnreadableFileException;

/** The file formats one source may send: a file of another format is rejected whole, like one of an unknown type. */
public record AcceptedFormats(String source, Set<String> formats) {

    public AcceptedFormats {
        formats = Set.copyOf(formats);
    }

    /** Passes when the file's format (by its content or its name) is one the source may send. */
    public void check(Path file) throws UnreadableFileException {
        String format = OrderFormats.of(file, formats).name();
        if (!formats.contains(format)) {
            throw new UnreadableFileException(format + " files are not accepted from source " + source
                    + " (it sends " + String.join(", ", new TreeSet<>(formats)) + ")");
        }
    }
}
