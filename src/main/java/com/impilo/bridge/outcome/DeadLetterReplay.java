package com.impilo.bridge.outcome;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.impilo.bridge.model.ImpiloJson;

/**
 * Moves dead letters back into the inbox, with their content as it is now (an engineer may have corrected it in
 * place). Each error file is kept, out of the way, in {@code .replayed/} of its folder, as a record of what happened.
 */
public final class DeadLetterReplay {

    /** Which dead letters to replay: folders, and optionally a partner, a time and file names. */
    public record Selection(List<Path> folders, Optional<String> partner, Optional<Instant> since, List<String> names) {
    }

    /** One dead letter that was moved back: its old place and its new name in the inbox. */
    public record Replayed(Path from, String inboxName, String reason) {
    }

    private final DataFolders folders;
    private final AuditTrail audit;

    /**
     * @param audit where each replay is recorded, so that {@code trace} follows an order from its dead letter back
     *              into the inbox
     */
    public DeadLetterReplay(DataFolders folders, AuditTrail audit) {
        this.folders = folders;
        this.audit = audit;
    }

    /** Moves every selected dead letter into the inbox and returns what was moved, oldest first. */
    public List<Replayed> replay(Selection selection) throws IOException {
        List<Replayed> replayed = new ArrayList<>();
        for (Path folder : selection.folders()) {
            for (Path error : errorFiles(folder)) {
                Path deadLetter = folder.resolve(error.getFileName().toString().replaceFirst("\\.error\\.json$", ""));
                try {
                    JsonNode record = ImpiloJson.mapper().readTree(error.toFile());
                    if (Files.isRegularFile(deadLetter) && selected(selection, deadLetter, record)) {
                        replayed.add(moveBack(folder, deadLetter, error, record));
                    }
                } catch (NoSuchFileException takenMeanwhile) {
                    // another replay moved it back first: it is in the inbox once, which is all that matters
                }
            }
        }
        return replayed;
    }

    private static boolean selected(Selection selection, Path deadLetter, JsonNode record) {
        String name = deadLetter.getFileName().toString();
        boolean partner = selection.partner().map(p -> p.equals(record.path("source").asText())).orElse(true);
        boolean since = selection.since().map(s -> !Instant.parse(record.path("timestamp").asText()).isBefore(s))
                .orElse(true);
        boolean named = selection.names().isEmpty() || selection.names().contains(name);
        return partner && since && named;
    }

    private Replayed moveBack(Path folder, Path deadLetter, Path error, JsonNode record) throws IOException {
        // the error file is claimed first, by one rename: of two replays at once, only one moves this dead letter
        Path kept = Files.createDirectories(folder.resolve(".replayed"));
        Path keptError = kept.resolve(DataFolders.freeName(kept, error.getFileName().toString()));
        Files.move(error, keptError, StandardCopyOption.ATOMIC_MOVE);
        String inboxName = DataFolders.freeName(folders.inbox(), deadLetter.getFileName().toString());
        // written under a dotfile name, then renamed: the inbox never sees half a file
        Path staged = folders.inbox().resolve("." + inboxName + ".replay");
        Files.copy(deadLetter, staged, StandardCopyOption.REPLACE_EXISTING);
        Files.move(staged, folders.inbox().resolve(inboxName), StandardCopyOption.ATOMIC_MOVE);
        Files.delete(deadLetter);
        List<String> externalOrderIds = new ArrayList<>();
        record.path("externalOrderIds").forEach(id -> externalOrderIds.add(id.asText()));
        audit.record(new AuditTrail.Event(null, "replayed", text(record, "source"), text(record, "sourceFile"),
                text(record, "position"), text(record, "idempotencyKey"),
                externalOrderIds.isEmpty() ? null : externalOrderIds, null, null, null, null,
                "replayed from " + relative(deadLetter), "inbox/" + inboxName, relative(keptError)));
        return new Replayed(deadLetter, inboxName, record.path("reason").asText());
    }

    private String relative(Path file) {
        return folders.root().toAbsolutePath().relativize(file.toAbsolutePath()).toString();
    }

    private static String text(JsonNode record, String field) {
        return record.hasNonNull(field) ? record.get(field).asText() : null;
    }

    private static List<Path> errorFiles(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(file -> file.getFileName().toString().endsWith(".error.json"))
                    .filter(Files::isRegularFile)
                    .sorted((a, b) -> Long.compare(a.toFile().lastModified(), b.toFile().lastModified()))
                    .toList();
        }
    }
}
