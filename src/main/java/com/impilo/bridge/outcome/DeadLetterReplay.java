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
import java.util.function.Function;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.impilo.bridge.model.ImpiloJson;

/**
 * Moves dead letters back to be read again, with their content as it is now (an engineer may have corrected it in
 * place): a local source's into that source's own folder, so that they are read as that source's again (its order
 * keys among them: the same order id from two partners is two orders), every other into the inbox. Each error file is
 * kept, out of the way, in {@code .replayed/} of its folder, as a record of what happened.
 */
public final class DeadLetterReplay {

    /** Which dead letters to replay: folders, and optionally a partner, a time and file names. */
    public record Selection(List<Path> folders, Optional<String> partner, Optional<Instant> since, List<String> names) {
    }

    /** One dead letter that was moved back: its old place, and where it went (a folder's path and the new name). */
    public record Replayed(Path from, Path to, String reason) {
    }

    private final DataFolders folders;
    private final AuditTrail audit;
    private final Function<String, Optional<Path>> sourceFolders;

    /**
     * @param audit         where each replay is recorded, so that {@code trace} follows an order from its dead letter
     *                      back to where it is read again
     * @param sourceFolders the folder of each local source by name (empty: the inbox takes its dead letters)
     */
    public DeadLetterReplay(DataFolders folders, AuditTrail audit, Function<String, Optional<Path>> sourceFolders) {
        this.folders = folders;
        this.audit = audit;
        this.sourceFolders = sourceFolders;
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
        Path into = Optional.ofNullable(text(record, "source")).flatMap(sourceFolders).orElse(folders.inbox());
        String newName = DataFolders.freeName(into, deadLetter.getFileName().toString());
        // written under a dotfile name, then renamed: the folder never shows half a file
        Path staged = into.resolve("." + newName + ".replay");
        Files.copy(deadLetter, staged, StandardCopyOption.REPLACE_EXISTING);
        Path to = into.resolve(newName);
        Files.move(staged, to, StandardCopyOption.ATOMIC_MOVE);
        Files.delete(deadLetter);
        List<String> externalOrderIds = new ArrayList<>();
        record.path("externalOrderIds").forEach(id -> externalOrderIds.add(id.asText()));
        audit.record(new AuditTrail.Event(null, "replayed", text(record, "source"), text(record, "sourceFile"),
                text(record, "position"), text(record, "idempotencyKey"),
                externalOrderIds.isEmpty() ? null : externalOrderIds, null, null, null, null,
                "replayed from " + relative(deadLetter), shown(to), relative(keptError)));
        return new Replayed(deadLetter, to, record.path("reason").asText());
    }

    private String relative(Path file) {
        return folders.root().toAbsolutePath().relativize(file.toAbsolutePath()).toString();
    }

    /** Where a replayed file went: relative to the data folder when it is inside it (inbox/...), else in full. */
    public String shown(Path to) {
        Path absolute = to.toAbsolutePath().normalize();
        Path root = folders.root().toAbsolutePath().normalize();
        return absolute.startsWith(root) ? root.relativize(absolute).toString() : absolute.toString();
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
