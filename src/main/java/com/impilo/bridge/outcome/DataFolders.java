package com.impilo.bridge.outcome;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/** The data folder's layout: where partners drop files and where every outcome lands. */
public record DataFolders(Path root) {

    // A file name has at most 255 bytes (ext4, XFS, NTFS, APFS); the bridge adds at most 24 to the names it gives:
    // "-N" for a name in use, ".receipt.json.part" or ".error.json" + ".tmp", and a leading dot while writing.
    private static final int MAX_NAME_BYTES = 255 - 24;
    // what a shortened name keeps of its end: the extension, and the position of a dead letter ("...index12.json")
    private static final int KEPT_END = 40;

    public DataFolders {
        root = root.toAbsolutePath().normalize();
    }

    public Path inbox() {
        return root.resolve("inbox");
    }

    public Path done() {
        return root.resolve("done");
    }

    public Path rejected() {
        return root.resolve("rejected");
    }

    public Path undelivered() {
        return root.resolve("undelivered");
    }

    /** The order feed's outbox: {@code outbox/<partner>/<impilo-order-id>.json}; created when the feed first writes. */
    public Path outbox() {
        return root.resolve("outbox");
    }

    /** Creates every folder, so that a fresh install works and an unwritable data folder fails at start. */
    public DataFolders create() {
        for (Path dir : new Path[] {inbox(), done(), rejected(), undelivered()}) {
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create the folder " + dir + ": " + e.getMessage(), e);
            }
        }
        return this;
    }

    /**
     * Finds a name for {@code wanted} in {@code dir} that no file uses yet (see {@link #freeName}) and lets
     * {@code claim} write under it before any other caller looks: sources run side by side and may deliver files of the
     * same name. The claim must write the file, its receipt or its error file, so that the name is taken from then on.
     */
    static String claimName(Path dir, String wanted, Consumer<String> claim) {
        synchronized (DataFolders.class) {
            String free = freeName(dir, wanted);
            claim.accept(free);
            return free;
        }
    }

    /**
     * A name for {@code wanted} in {@code dir} that no file uses yet: the name itself, else {@code base-2.ext}, ...;
     * {@linkplain #fitted shortened} first if needed.
     */
    public static String freeName(Path dir, String wanted) {
        String name = fitted(wanted);
        if (unused(dir, name)) {
            return name;
        }
        int dot = name.lastIndexOf('.');
        String base = dot > 0 ? name.substring(0, dot) : name;
        String ext = dot > 0 ? name.substring(dot) : "";
        for (int n = 2; ; n++) {
            String candidate = base + "-" + n + ext;
            if (unused(dir, candidate)) {
                return candidate;
            }
        }
    }

    // The receipt and the error file count: they are written before the file itself arrives in the folder.
    private static boolean unused(Path dir, String name) {
        return !Files.exists(dir.resolve(name)) && !Files.exists(dir.resolve(name + ".error.json"))
                && !Files.exists(dir.resolve(name + ".receipt.json"));
    }

    /**
     * The name itself, or, when it is too long to take the bridge's suffixes within the file system's limit, its
     * start and its last {@value #KEPT_END} characters joined by "~" (the receipt and error file keep the full name).
     */
    static String fitted(String name) {
        if (utf8Length(name) <= MAX_NAME_BYTES) {
            return name;
        }
        int endLength = Math.min(KEPT_END, name.codePointCount(0, name.length()));
        int endStart = name.offsetByCodePoints(name.length(), -endLength);
        String end = name.substring(endStart);
        StringBuilder start = new StringBuilder();
        int budget = MAX_NAME_BYTES - 1 - utf8Length(end);
        for (int i = 0; i < endStart; i += Character.charCount(name.codePointAt(i))) {
            String next = new String(Character.toChars(name.codePointAt(i)));
            budget -= utf8Length(next);
            if (budget < 0) {
                break;
            }
            start.append(next);
        }
        return start + "~" + end;
    }

    private static int utf8Length(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }
}
