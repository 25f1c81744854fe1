package com.impilo.bridge.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.util.OptionalLong;

/** Checks that a stream is text in a given charset, naming the line of the first bad byte; memory stays flat. */
final class EncodedText {

    private static final int CHUNK = 64 * 1024;

    private EncodedText() {
    }

    /** The 1-based line of the first byte that is not text in {@code charset}, or empty when all of it is. */
    static OptionalLong firstBadLine(InputStream in, Charset charset) throws IOException {
        CharsetDecoder decoder = charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer bytes = ByteBuffer.allocate(CHUNK);
        CharBuffer chars = CharBuffer.allocate(CHUNK);
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
