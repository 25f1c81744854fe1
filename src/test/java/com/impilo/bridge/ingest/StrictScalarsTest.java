package com.impilo.bridge.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;


import com.impilo.bridge.model.ImpiloJson;
import com.impilo.bridge.validate.Violation;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Numbers and booleans of a partner's order are what JSON says they are (issue 14, item 6): a whole number in ASCII
 * digits (also written as a string, as documented), true or false. A partner's mistake is rejected with its path,
 * never reinterpreted: full-width or Arabic-Indic digits, padded numbers, 1 or "true" for a boolean.
 */
class StrictScalarsTest {

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
        "orderItems[0].count | \"\uff11\uff10\" | expected a whole number, got \"\uff11\uff10\"",
        "orderItems[0].count | \"\u0661\u0660\" | expected a whole number, got \"\u0661\u0660\"",
        "orderItems[0].count | \" 10 \"       | expected a whole number, got \" 10 \"",
        "orderItems[0].count | \"10 \"        | expected a whole number, got \"10 \"",
        "orderItems[0].count | \"+10\"        | expected a whole number, got \"+10\"",
        "patient.id          | \"\uff11\uff12\uff13\uff14\" | expected a whole number, got \"\uff11\uff12\uff13\uff14\"",
        "emailLabel          | 1              | expected true or false",
        "emailLabel          | \"true\"       | expected true or false",
        "emailLabel          | \"false\"      | expected true or false",
        "emailLabel          | 0              | expected true or false",
    })
    void a_value_that_is_not_what_json_says_it_is_is_a_violation_at_its_path(String path, String json,
                                                                             String problem) throws IOException {
        ParsedOrder parsed = read(path, json);

        assertThat(parsed.readable()).isFalse();
        assertThat(parsed.problems()).containsExactly(new Violation(path, problem));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
        "orderItems[0].count | 10     | 10",
        "orderItems[0].count | \"10\" | 10",
        "patient.id          | \"1234\" | 1234",
        "emailLabel          | true   | true",
        "emailLabel          | false  | false",
    })
    void json_values_and_ascii_digit_strings_are_read(String path, String json, String expected) throws IOException {
        ParsedOrder parsed = read(path, json);

        assertThat(parsed.problems()).isEmpty();
        String value = switch (path) {
            case "orderItems[0].count" -> String.valueOf(parsed.order().orderItems().get(0).count());
            case "patient.id" -> String.valueOf(parsed.order().patient().id());
            default -> String.valueOf(parsed.order().emailLabel());
        };
        assertThat(value).isEqualTo(expected);
    }

    private static ParsedOrder read(String path, String json) throws IOException {
        String count = path.equals("orderItems[0].count") ? json : "1";
        String patient = path.equals("patient.id") ? json : "1234";
        String emailLabel = path.equals("emailLabel") ? json : "false";
        String order = "{\"externalOrderIds\":[\"PO-1\"],\"emailLabel\":" + emailLabel + ",\"patient\":{\"id\":"
                + patient + "},\"orderItems\":[{\"item\":{\"id\":12},\"count\":" + count + "}]}";
        return OrderMapping.map("strict.json", Position.index(0), ImpiloJson.mapper().readTree(order));
    }

}
