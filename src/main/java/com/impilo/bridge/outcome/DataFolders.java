package com.impilo.bridge.outcome;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/** The data folder's layout: where partners drop files and where every outcome lands. */
public record DataFolders(Path root) {

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
     * Finds a name for {@code name} in {@code dir} that no file uses yet (see {@link #freeName}) and lets {@code claim}
     * write under it before any other caller looks: sources run side by side and may deliver files of the same name.
     * The claim must write the file, its receipt or its error file, so that the name is taken from then on.
     */
    static String claimName(Path dir, String name, Consumer<String> claim) {
        synchronized (DataFolders.class) {
            String free = freeName(dir, name);
            claim.accept(free);
            return free;
        }
    }

    /** A name for {@code name} in {@code dir} that no file uses yet: the name itself, else {@code base-2.ext}, ... */
    public static String freeName(Path dir, String name) {
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
}
