package com.impilo.bridge.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Files whose names are bytes Java cannot write: a name that is not valid in the JVM's file-name encoding can only
 * be given by another program, as a partner's Latin-1 machine would. The shell's printf writes the bytes.
 */
public final class RawNames {

    private RawNames() {
    }

    /**
     * Writes {@code content} to a file in {@code folder} named by {@code printfName}, a printf format whose octal
     * escapes are the name's bytes (e.g. {@code Bestellung-M\\374ller.json} for a Latin-1 "ü").
     */
    public static void write(Path folder, String printfName, String content) throws IOException, InterruptedException {
        Path plain = Files.writeString(Files.createTempFile(folder, "raw-", ".tmp"), content);
        Process mv = new ProcessBuilder("sh", "-c", "mv \"$1\" \"$(printf \"$2\")\"", "sh", plain.getFileName().toString(),
                printfName).directory(folder.toFile()).inheritIO().start();
        if (!mv.waitFor(10, TimeUnit.SECONDS) || mv.exitValue() != 0) {
            throw new IOException("cannot name a file " + printfName + " in " + folder);
        }
    }
}
