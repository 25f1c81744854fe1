package com.impilo.bridge.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** What the order feed emitted, as the audit trails of one or more instances' data folders say. */
public final class AuditLines {

    private AuditLines() {
    }

    /** The changes of orders the feed emitted in these data folders; to this status only, unless it is null. */
    public static long statusChanges(List<Path> dataDirs, String status) throws IOException {
        long changes = 0;
        for (Path data : dataDirs) {
            Path audit = data.resolve("audit");
            if (!Files.isDirectory(audit)) {
                continue;
            }
            try (Stream<Path> days = Files.list(audit)) {
                for (Path day : days.toList()) {
                    changes += Files.readAllLines(day).stream()
                            .filter(line -> line.contains("\"event\":\"status-changed\""))
                            .filter(line -> status == null || line.contains("\"outcome\":\"" + status + "\""))
                            .count();
                }
            }
        }
        return changes;
    }
}
