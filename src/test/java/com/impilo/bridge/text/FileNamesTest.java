package com.impilo.bridge.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FileNamesTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "plain.json | plain.json",
            "Bestellung-M\u00fcller.json | Bestellung-M%C3%BCller.json",
            "M\ufffdller.json | M%EF%BF%BDller.json",
            "100%.json | 100%25.json",
            "'two words.json' | two%20words.json",
            "'line\nbreak.json' | line%0Abreak.json",
    })
    void escaped_names_are_printable_ascii_with_each_other_byte_as_percent_hex(String name, String expected) {
        assertThat(FileNames.escaped(name)).isEqualTo(expected);
    }
}
