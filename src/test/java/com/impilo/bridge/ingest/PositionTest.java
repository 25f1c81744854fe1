package com.impilo.bridge.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;

import com.impilo.bridge.validate.Violation;
import org.junit.jupiter.api.Test;

/** Where an order sits, as receipts, error files and logs write it, whatever the machine's language. */
class PositionTest {

    @Test
    void a_position_reads_the_same_in_a_turkish_locale() {
        Locale before = Locale.getDefault();
        try {
            Locale.setDefault(Locale.forLanguageTag("tr-TR"));

            assertThat(Position.index(2)).hasToString("index 2");
            assertThat(Position.line(7).slug()).isEqualTo("line7");
            assertThat(Position.set(1)).hasToString("set 1");
            List<Violation> problems = OrderMapping.map("f.json", Position.index(0),
                    com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.textNode("x")).problems();
            assertThat(problems).extracting(Violation::message).containsExactly("expected an order (a JSON object),"
                    + " found string");
        } finally {
            Locale.setDefault(before);
        }
    }
}
