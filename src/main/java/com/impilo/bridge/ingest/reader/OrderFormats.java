package com.impilo.bridge.ingest.reader;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import com.impilo.bridge.text.Alternatives;
import com.impilo.bridge.ingest.OrderFormat;
import com.impilo.bridge.ingest.UnreadableFileException;
import com.impilo.bridge.ingest.csv.CsvFormat;
import com.impilo.bridge.ingest.json.JsonFormat;
import com.impilo.bridge.ingest.ndjson.NdjsonFormat;
import com.impilo.bridge.ingest.x12.X12Format;

/** Every format the bridge reads: a new format is a package of its own and one line here. */
public final class OrderFormats {

    private static final List<OrderFormat> ALL = List.of(
            new JsonFormat(),
            new NdjsonFormat(),
            new CsvFormat(),
            new X12Format());

    private OrderFormats() {
    }

    /** The names of every format, in the order above. */
    public static Set<String> names() {
        return ALL.stream().map(OrderFormat::name).collect(Collectors.toCollection(LinkedHashSet::new));
    }

    /** The format of this name, if the bridge reads it. */
    public static Optional<OrderFormat> named(String name) {
        return ALL.stream().filter(format -> format.name().equals(name)).findFirst();
    }

    /**
     * The format of a file: one of {@code formats} that its content announces (an X12 interchange, whatever its
     * name), else the one its name tells.
     */
    public static OrderFormat of(Path file, Set<String> formats) throws UnreadableFileException {
        // a link or a pipe is never opened here: the reader refuses them with their own reasons
        boolean readable = Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS);
        for (OrderFormat format : readable ? ALL : List.<OrderFormat>of()) {
            if (formats.contains(format.name()) && format.recognisesContent(file)) {
                return format;
            }
        }
        return of(file.getFileName().toString());
    }

    /** The format of a file, told by its name. */
    public static OrderFormat of(String fileName) throws UnreadableFileException {
        for (OrderFormat format : ALL) {
            if (format.recognises(fileName)) {
                return format;
            }
        }
        // e.g. "(expected .json, .ndjson or .jsonl for JSON orders, .csv for flat files)"
        Map<String, List<String>> extensionsOfKind = new LinkedHashMap<>();
        ALL.forEach(format -> extensionsOfKind.computeIfAbsent(format.kind(), kind -> new ArrayList<>())
                .addAll(format.extensions()));
        throw new UnreadableFileException("unsupported file type: " + fileName + " (expected "
                + extensionsOfKind.entrySet().stream().map(kind -> Alternatives.of(kind.getValue()) + " for " + kind.getKey())
                        .collect(Collectors.joining(", ")) + ")");
    }
}
