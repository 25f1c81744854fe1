package com.impilo.bridge.outcome;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.impilo.bridge.ingest.ParsedOrder;
import com.impilo.bridge.ingest.Position;
import com.impilo.bridge.model.ImpiloJson;

/**
 * Writes dead letters: the order as sent (ready to be fixed and moved back into the inbox) and, beside it,
 * {@code <name>.error.json} saying why it stopped.
 */
final class DeadLetters {

    private static final ObjectMapper MAPPER = ImpiloJson.mapper();

    private DeadLetters() {
    }

    /**
     * Writes one order of a file to {@code dir} and returns the file name used: an X12 transaction set as an
     * interchange of its own ({@code <file>.set3.x12}), any other order as its JSON.
     */
    static String writeOrder(Path dir, ParsedOrder parsed, ErrorRecord error) {
        boolean x12 = parsed.position().kind() == Position.Kind.SET && parsed.rawText() != null;
        String wanted = baseName(parsed.fileName()) + "." + parsed.position().slug() + (x12 ? ".x12" : ".json");
        return DataFolders.claimName(dir, wanted, name -> {
            try {
                byte[] content = !x12 && parsed.json() != null
                        ? MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(parsed.json())
                        : String.valueOf(parsed.rawText()).getBytes(StandardCharsets.UTF_8);
                writeAtomically(dir.resolve(name), content);
                writeError(dir, name, error);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the dead letter " + dir.resolve(name) + ": "
                        + e.getMessage(), e);
            }
        });
    }

    /** Writes {@code <name>.error.json} beside a dead-lettered file. */
    static void writeError(Path dir, String name, ErrorRecord error) {
        try {
            writeAtomically(dir.resolve(name + ".error.json"), MAPPER.writerWithDefaultPrettyPrinter()
                    .writeValueAsBytes(error.withReplay(dir, name)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir.resolve(name + ".error.json") + ": " + e.getMessage(), e);
        }
    }

    // Temp file then rename: whoever looks into the folder never sees half a file.
    private static void writeAtomically(Path target, byte[] content) throws IOException {
        Path temp = target.resolveSibling("." + target.getFileName() + ".tmp");
        Files.write(temp, content);
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static String baseName(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot > 0 ? fileName.substring(0, dot) : fileName;
    }
}
