package com.impilo.bridge.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** Lines as BufferedReader.readLine() splits them, each kept up to a limit in UTF-8 bytes, however the text arrives. */
class BoundedLinesTest {

    @Test
    void splits_at_lf_cr_and_crlf_and_keeps_a_last_line_without_an_end() throws Exception {
        assertThat(lines("a\nb\r\nc\rd", 100, 8192)).containsExactly("a", "b", "c", "d");
        assertThat(lines("a\n\nb\n", 100, 8192)).containsExactly("a", "", "b");
        assertThat(lines("\r\n\r\n", 100, 8192)).containsExactly("", "");
        assertThat(lines("", 100, 8192)).isEmpty();
    }

    @Test
    void keeps_a_long_line_only_up_to_the_limit_in_utf8_bytes_and_says_so() throws Exception {
        // é is two bytes, € three, 😀 four (two chars of two each)
        BoundedLines lines = new BoundedLines(new StringReader("abé€😀z\nok"), 6);
        BoundedLines.Line first = lines.next();
        assertThat(first.text()).isEqualTo("abé");
        assertThat(first.tooLong()).isTrue();
        assertThat(lines.next()).isEqualTo(new BoundedLines.Line("ok", false));
        assertThat(lines.next()).isNull();
    }

    @Test
    void reads_the_same_lines_whatever_pieces_the_text_arrives_in() throws Exception {
        Random random = new Random(18);
        String[] pieces = {"a", "é", "€", "😀", "\n", "\r", "\r\n", "xyz", "{\"id\":1}"};
        for (int round = 0; round < 300; round++) {
            StringBuilder text = new StringBuilder();
            for (int i = random.nextInt(60); i > 0; i--) {
                text.append(pieces[random.nextInt(pieces.length)]);
            }
            int limit = 1 + random.nextInt(12);
            List<String> expected = expected(text.toString(), limit);
            for (int chunk : new int[] {1, 2, 3, 8192}) {
                assertThat(lines(text.toString(), limit, chunk)).as("%s, limit %d, %d chars a read", text, limit,
                        chunk).isEqualTo(expected);
            }
        }
    }

    // What readLine() returns, each line cut to the longest start within the limit (a surrogate half counts 2 bytes)
    private static List<String> expected(String text, int limit) {
        List<String> lines = new ArrayList<>();
        try (java.io.BufferedReader reader = new java.io.BufferedReader(new StringReader(text))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                int bytes = 0;
                int kept = 0;
                for (int i = 0; i < line.length(); i++) {
                    char c = line.charAt(i);
                    bytes += c < 0x80 ? 1 : c < 0x800 || Character.isSurrogate(c) ? 2 : 3;
                    if (bytes <= limit) {
                        kept = i + 1;
                    }
                }
                lines.add(line.substring(0, kept) + (bytes > limit ? "…" : ""));
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return lines;
    }

    private static List<String> lines(String text, long limit, int chunk) throws IOException {
        List<String> lines = new ArrayList<>();
        try (BoundedLines reader = new BoundedLines(new Trickle(new StringReader(text), chunk), limit)) {
            for (BoundedLines.Line line = reader.next(); line != null; line = reader.next()) {
                lines.add(line.text() + (line.tooLong() ? "…" : ""));
            }
        }
        return lines;
    }

    /** A reader that hands over at most {@code chunk} chars a read, as a slow pipe or network stream may. */
    private static final class Trickle extends Reader {
        private final Reader in;
        private final int chunk;

        Trickle(Reader in, int chunk) {
            this.in = in;
            this.chunk = chunk;
        }

        @Override
        public int read(char[] buffer, int offset, int length) throws IOException {
            return in.read(buffer, offset, Math.min(length, chunk));
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
