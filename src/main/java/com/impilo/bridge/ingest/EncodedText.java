package com.impilo.bridge.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.util.Arrays;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Checks that a stream is text in a given charset, naming the line of the first bad byte (memory stays flat), and
 * recognises UTF-16 and UTF-32 text by its first bytes.
 */
public final class EncodedText {

    /** How many of a text's first bytes {@link #wideEncoding} looks at. */
    public static final int HEAD_BYTES = 4;

    private static final int CHUNK = 64 * 1024;

    private EncodedText() {
    }

    /** The 1-based line of the first byte that is not text in {@code charset}, or empty when all of it is. */
    public static OptionalLong firstBadLine(InputStream in, Charset charset) throws IOException {
        return firstBadLine(in, charset, CHUNK);
    }

    /**
     * As {@link #firstBadLine(InputStream, Charset)}, for a stream of about {@code size} bytes: a small file gets small
     * buffers (a folder of single-order files would otherwise have each allocate and clear 192 KB).
     */
    public static OptionalLong firstBadLine(InputStream in, Charset charset, long size) throws IOException {
        CharsetDecoder decoder = charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        // at least a few characters of any charset at a time, whatever the size says
        int chunk = (int) Math.max(64, Math.min(CHUNK, size + 16));
        ByteBuffer bytes = ByteBuffer.allocate(chunk);
        CharBuffer chars = CharBuffer.allocate(chunk);
        long line = 1;
        boolean end = false;
        while (!end) {
            int read = in.read(bytes.array(), bytes.position(), bytes.remaining());
            end = read < 0;
            if (!end) {
                bytes.position(bytes.position() + read);
            }
            bytes.flip();
            CoderResult result;
            do {
                chars.clear();
                result = decoder.decode(bytes, chars, end);
                // lines are counted in the decoded text, so that the count holds for any charset
                line += newlines(chars);
            } while (result.isOverflow());
            if (result.isError()) {
                return OptionalLong.of(line);
            }
            bytes.compact();
        }
        chars.clear();
        return decoder.flush(chars).isError() ? OptionalLong.of(line) : OptionalLong.empty();
    }

    /**
     * The name of the UTF-16 or UTF-32 encoding that the first bytes of a JSON text reveal, by byte order mark or,
     * without one, by the zero bytes around its first ASCII characters (RFC 4627, section 3); empty for anything else.
     */
    public static Optional<String> wideEncoding(byte[] head) {
        int[] b = new int[HEAD_BYTES];
        for (int i = 0; i < b.length; i++) {
            b[i] = i < head.length ? head[i] & 0xFF : -1;
        }
        boolean bom16be = b[0] == 0xFE && b[1] == 0xFF;
        boolean bom16le = b[0] == 0xFF && b[1] == 0xFE;
        if (b[0] == 0x00 && b[1] == 0x00 && (b[2] == 0xFE && b[3] == 0xFF || b[2] == 0x00 && b[3] > 0x00)) {
            return Optional.of("UTF-32BE");
        }
        if (bom16le && b[2] == 0x00 && b[3] == 0x00 || b[0] > 0x00 && b[1] == 0x00 && b[2] == 0x00 && b[3] == 0x00) {
            return Optional.of("UTF-32LE");
        }
        if (bom16be || b[0] == 0x00 && b[1] > 0x00 && b[2] == 0x00 && b[3] > 0x00) {
            return Optional.of("UTF-16BE");
        }
        if (bom16le || b[0] > 0x00 && b[1] == 0x00 && b[2] > 0x00 && b[3] == 0x00) {
            return Optional.of("UTF-16LE");
        }
        return Optional.empty();
    }

    /** Whether ASCII text is the same bytes in {@code charset} (UTF-8, ISO-8859-1, windows-1252), unlike UTF-16. */
    public static boolean asciiBased(Charset charset) {
        return Arrays.equals("a,".getBytes(charset), new byte[] {'a', ','});
    }

    // Counts the newlines the last decode call wrote; on an error these are the ones before the bad byte.
    private static long newlines(CharBuffer chars) {
        long count = 0;
        for (int i = 0; i < chars.position(); i++) {
            if (chars.get(i) == '\n') {
                count++;
            }
        }
        return count;
    }
}
