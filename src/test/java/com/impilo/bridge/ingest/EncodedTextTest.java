package com.impilo.bridge.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;

/** The first line holding a byte that is not text: found whatever size the caller expects the stream to have. */
class EncodedTextTest {

    @Test
    void names_the_line_of_the_first_bad_byte_with_buffers_of_any_size() throws Exception {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        for (int line = 1; line <= 4; line++) {
            // two-, three- and four-byte characters, split across small buffers
            text.writeBytes(("{\"name\":\"Zoë € 😀 " + line + "\"}\n").getBytes(StandardCharsets.UTF_8));
        }
        text.writeBytes("{\"name\":\"".getBytes(StandardCharsets.UTF_8));
        text.write(0xC3);
        text.write('(');
        text.writeBytes("\"}\n".getBytes(StandardCharsets.UTF_8));
        byte[] bytes = text.toByteArray();

        for (long size : new long[] {0, 1, 10, bytes.length, 1_000_000}) {
            assertThat(EncodedText.firstBadLine(new ByteArrayInputStream(bytes), StandardCharsets.UTF_8, size))
                    .as("expecting %d bytes", size).isEqualTo(OptionalLong.of(5));
        }
    }

    @Test
    void finds_nothing_in_good_text_with_buffers_of_any_size() throws Exception {
        byte[] bytes = "{\"name\":\"Zoë € 😀\"}\n{\"id\":2}".getBytes(StandardCharsets.UTF_8);

        for (long size : new long[] {0, 3, bytes.length}) {
            assertThat(EncodedText.firstBadLine(new ByteArrayInputStream(bytes), StandardCharsets.UTF_8, size))
                    .as("expecting %d bytes", size).isEmpty();
        }
    }
}
