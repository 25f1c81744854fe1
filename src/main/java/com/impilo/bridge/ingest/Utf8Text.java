package com.impilo.bridge.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.OptionalLong;

/** Checks that a stream is UTF-8 text, naming the exact line of the first bad byte; reads in chunks, memory stays flat. */
final class Utf8Text {

    private static final int CHUNK = 64 * 1024;

    private Utf8Text() {
    }

    /** The 1-based line of the first byte that is not UTF-8, or empty when all of it is. */
    static OptionalLong firstBadLine(InputStream in) throws IOException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
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
            int start = bytes.position();
            CoderResult result;
            do {
                chars.clear();
                result = decoder.decode(bytes, chars, end);
            } while (result.isOverflow());
            if (result.isError()) {
                return OptionalLong.of(line + newlines(bytes, start, bytes.position()));
            }
            line += newlines(bytes, start, bytes.position());
            bytes.compact();
        }
        chars.clear();
        return decoder.flush(chars).isError() ? OptionalLong.of(line) : OptionalLong.empty();
    }

    private static long newlines(ByteBuffer bytes, int from, int to) {
        long count = 0;
        for (int i = from; i < to; i++) {
            if (bytes.get(i) == '\n') {
                count++;
            }
        }
        return count;
    }
}
