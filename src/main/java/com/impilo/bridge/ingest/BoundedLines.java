package com.impilo.bridge.ingest;

import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;

/**
 * Reads text line by line as {@link java.io.BufferedReader#readLine()} does (a line ends at \n, \r or \r\n), but
 * keeps at most a bounded start of each line: a line of gigabytes costs no more memory than one at the limit.
 */
public final class BoundedLines implements Closeable {

    /** One line: its text, or only the start of it when it is longer than the limit. */
    public record Line(String text, boolean tooLong) {
    }

    private final Reader in;
    private final long maxBytes;
    private final char[] buffer = new char[8192];
    private int next;
    private int end;
    private boolean afterCr;

    /** @param maxBytes the longest line kept whole, counted in bytes of its UTF-8 form */
    public BoundedLines(Reader in, long maxBytes) {
        this.in = in;
        this.maxBytes = maxBytes;
    }

    /** The next line, or null at the end of the text. */
    public Line next() throws IOException {
        StringBuilder text = new StringBuilder();
        long bytes = 0;
        boolean started = false;
        while (true) {
            if (next == end) {
                end = in.read(buffer);
                next = 0;
                if (end < 0) {
                    end = 0;
                    return started ? new Line(text.toString(), bytes > maxBytes) : null;
                }
            }
            if (afterCr) {
                afterCr = false;
                if (buffer[next] == '\n') {
                    next++;
                    continue;
                }
            }
            started = true;
            // the run of the line in the buffer, up to its end or the buffer's, kept while within the limit
            int from = next;
            int keptTo = from;
            while (next < end) {
                char c = buffer[next];
                if (c == '\n' || c == '\r') {
                    break;
                }
                // UTF-8 length of the char; each half of a surrogate pair counts 2 of the pair's 4 bytes
                bytes += c < 0x80 ? 1 : c < 0x800 || Character.isSurrogate(c) ? 2 : 3;
                next++;
                if (bytes <= maxBytes) {
                    keptTo = next;
                }
            }
            text.append(buffer, from, keptTo - from);
            if (next < end) {
                afterCr = buffer[next++] == '\r';
                return new Line(text.toString(), bytes > maxBytes);
            }
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
