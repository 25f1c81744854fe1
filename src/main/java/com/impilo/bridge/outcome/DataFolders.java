package com.impilo.bridge.outcome;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

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

    /** A name for {@code name} in {@code dir} that no file uses yet: the name itself, else {@code base-2.ext}, ... */
    public static String freeName(Path dir, String name) {
        if (!Files.exists(dir.resolve(name)) && !Files.exists(dir.resolve(name + ".error.json"))) {
            return name;
        }
        int dot = name.lastIndexOf('.');
        String base = dot > 0 ? name.substring(0, dot) : name;
        String ext = dot > 0 ? name.substring(dot) : "";
        for (int n = 2; ; n++) {
            String candidate = base + "-" + n + ext;
            if (!Files.exists(dir.resolve(candidate)) && !Files.exists(dir.resolve(candidate + ".error.json"))) {
                return candidate;
            }
        }
    }
}
