package com.impilo.bridge.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.impilo.bridge.validate.Violation;
import org.junit.jupiter.api.Test;

/** A broken character (a lone UTF-16 surrogate) is named by the path to it, in a value or in a field name. */
class OrderMappingTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void names_the_path_to_a_broken_character_in_a_value_or_a_field_name() throws Exception {
        assertThat(brokenAt("{\"orderItems\":[{\"item\":{\"id\":3}},{\"note\":\"a\\ud800\"}]}"))
                .isEqualTo(new Violation("orderItems[1].note",
                        "holds a broken character (an unpaired UTF-16 surrogate \\ud800)"));
        assertThat(brokenAt("{\"patient\":{\"x\\udc00\":1}}"))
                .isEqualTo(new Violation("patient.x\udc00",
                        "the field name holds a broken character (an unpaired UTF-16 surrogate \\udc00)"));
        assertThat(brokenAt("{\"externalOrderIds\":[\"ok\",\"\\udc01\"]}").path()).isEqualTo("externalOrderIds[1]");
        assertThat(brokenAt("{\"[x\":{\"y\":\"\\ud801\"}}").path()).isEqualTo("[x.y");
    }

    private static Violation brokenAt(String order) throws Exception {
        ParsedOrder parsed = OrderMapping.map("orders.json", Position.index(0), JSON.readTree(order));
        assertThat(parsed.readable()).isFalse();
        assertThat(parsed.problems()).hasSize(1);
        return parsed.problems().get(0);
    }
}
