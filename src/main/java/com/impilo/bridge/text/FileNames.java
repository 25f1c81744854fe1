package com.impilo.bridge.text;

import java.io.File;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * File names as Java sees them. A name on disk is a sequence of bytes; Java reads it as text in this machine's
 * file-name encoding ({@code sun.jnu.encoding}, from {@code LANG}/{@code LC_ALL}). A name whose bytes are not valid in
 * that encoding (a Latin-1 {@code M\xfcller.json} under UTF-8, any non-ASCII name under {@code LANG=C}) comes back
 * with replacement characters and names no file: such a name is <em>unreadable</em>, and is shown with its bytes
 * percent-escaped ({@code Bestellung-M%FCller.json}).
 */
public final class FileNames {

    private static final char REPLACEMENT = '\uFFFD';

    private FileNames() {
    }

    /** The encoding this JVM reads and writes file names in. */
    public static Charset platformEncoding() {
        String name = System.getProperty("sun.jnu.encoding");
        try {
            return name == null ? Charset.defaultCharset() : Charset.forName(name);
        } catch (IllegalArgumentException unknown) {
            return Charset.defaultCharset();
        }
    }

    /** True when this JVM reads file names as UTF-8, so that every valid UTF-8 name can be picked up. */
    public static boolean platformIsUtf8() {
        return platformEncoding().equals(StandardCharsets.UTF_8);
    }

    /** True when the name, as listed by {@link File#listFiles()}, does not name the file it was listed for. */
    public static boolean unreadable(File listed) {
        try {
            Path path = listed.toPath();
            return listed.getName().indexOf(REPLACEMENT) >= 0 && !Files.exists(path, LinkOption.NOFOLLOW_LINKS);
        } catch (InvalidPathException notInThePlatformEncoding) {
            return true;
        }
    }

    /** True when the entry of a directory listing cannot be named again from its name's text. */
    public static boolean unreadable(Path entry) {
        try {
            return !entry.equals(entry.resolveSibling(entry.getFileName().toString()));
        } catch (InvalidPathException notInThePlatformEncoding) {
            return true;
        }
    }

    /** True when this JVM can write a file of that name (for a remote file that is downloaded under its name). */
    public static boolean representable(String name) {
        return name.indexOf(REPLACEMENT) < 0 && platformEncoding().newEncoder().canEncode(name);
    }

    /**
     * A name as it can stand in a log line whatever the console's encoding: each character outside printable ASCII,
     * and '%', written as its UTF-8 bytes, {@code %XX} each (as in a URI).
     */
    public static String escaped(String name) {
        StringBuilder out = new StringBuilder(name.length() + 16);
        name.codePoints().forEach(c -> {
            if (c > ' ' && c < 0x7f && c != '%') {
                out.append((char) c);
            } else {
                for (byte b : new String(Character.toChars(c)).getBytes(StandardCharsets.UTF_8)) {
                    out.append('%').append(String.format("%02X", b & 0xff));
                }
            }
        });
        return out.toString();
    }

    /** The entry's name as it can stand in a log line: itself when readable, else its bytes percent-escaped. */
    public static String readable(Path entry) {
        if (!unreadable(entry)) {
            return LogText.of(entry.getFileName());
        }
        // a file: URI holds the name's bytes, each one outside ASCII as %XX
        String uri = entry.toAbsolutePath().toUri().getRawPath();
        String trimmed = uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri;
        return trimmed.substring(trimmed.lastIndexOf('/') + 1);
    }
}
