package com.impilo.bridge.ingest;

import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import com.impilo.bridge.ingest.OrderFileReader.Format;

/** The file formats one source may send: a file of another format is rejected whole, like one of an unknown type. */
public record AcceptedFormats(String source, Set<Format> formats) {

    public AcceptedFormats {
        formats = Set.copyOf(formats);
    }

    /** Passes when the file's format is one the source may send. */
    public void check(String fileName) throws UnreadableFileException {
        Format format = Format.of(fileName);
        if (!formats.contains(format)) {
            throw new UnreadableFileException(name(format) + " files are not accepted from source " + source
                    + " (it sends " + formats.stream().sorted().map(AcceptedFormats::name)
                            .collect(Collectors.joining(", ")) + ")");
        }
    }

    private static String name(Format format) {
        return format.name().toLowerCase(Locale.ROOT);
    }
}
