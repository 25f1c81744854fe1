package com.impilo.bridge.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import com.impilo.bridge.settings.BridgeConfigException;
import org.junit.jupiter.api.Test;

/** A CSV layout comes from configuration under any prefix, with the default for every key left unset. */
class CsvLayoutTest {

    @Test
    void is_the_default_layout_when_nothing_is_set() throws Exception {
        CsvLayout layout = CsvLayout.from(settings(Map.of("bridge.csv.delimiter", "", "other.key", "x")), "bridge.csv.");

        assertThat(layout).isEqualTo(CsvLayout.DEFAULT);
        assertThat(layout.column(CsvField.ITEM_ID)).isEqualTo("item_id");
        assertThat(layout.delimiter()).isEqualTo(',');
        assertThat(layout.quote()).isEqualTo('"');
        assertThat(layout.charset()).isEqualTo(StandardCharsets.UTF_8);
    }

    @Test
    void reads_columns_delimiter_quote_and_charset_under_any_prefix() throws Exception {
        CsvLayout layout = CsvLayout.from(settings(Map.of(
                "bridge.sources.acme.csv.columns.item_id", " ItemNo ",
                "bridge.sources.acme.csv.columns.external_order_id", "PO",
                "bridge.sources.acme.csv.delimiter", ";",
                "bridge.sources.acme.csv.quote", "'",
                "bridge.sources.acme.csv.charset", "windows-1252",
                "bridge.csv.delimiter", "|")), "bridge.sources.acme.csv.");

        assertThat(layout.column(CsvField.ITEM_ID)).isEqualTo("ItemNo");
        assertThat(layout.column(CsvField.EXTERNAL_ORDER_ID)).isEqualTo("PO");
        assertThat(layout.column(CsvField.COUNT)).isEqualTo("count");
        assertThat(layout.delimiter()).isEqualTo(';');
        assertThat(layout.quote()).isEqualTo('\'');
        assertThat(layout.charset().name()).isEqualTo("windows-1252");
    }

    @Test
    void takes_tab_as_a_delimiter_by_name_or_as_the_character() throws Exception {
        assertThat(CsvLayout.from(settings(Map.of("p.delimiter", "tab")), "p.").delimiter()).isEqualTo('\t');
        assertThat(CsvLayout.from(settings(Map.of("p.delimiter", "\t")), "p.").delimiter()).isEqualTo('\t');
    }

    @Test
    void reports_every_mistake_naming_its_key() {
        BridgeConfigException thrown = catchThrowableOfType(BridgeConfigException.class, () -> CsvLayout.from(
                settings(Map.of(
                        "bridge.csv.columns.kit_id", "Item",
                        "bridge.csv.columns.item_id", "item",
                        "bridge.csv.delimiter", ";;",
                        "bridge.csv.charset", "UTF-99")), "bridge.csv."));

        assertThat(thrown.problems()).containsExactly(
                "bridge.csv.columns.kit_id names the column \"Item\", which bridge.csv.columns.item_id already names",
                "bridge.csv.delimiter must be one character (or tab), got \";;\"",
                "bridge.csv.charset must name a charset this Java knows (e.g. UTF-8, ISO-8859-1, windows-1252),"
                        + " got \"UTF-99\"");
    }

    @Test
    void refuses_a_quote_that_is_also_the_delimiter() {
        BridgeConfigException thrown = catchThrowableOfType(BridgeConfigException.class, () -> CsvLayout.from(
                settings(Map.of("p.quote", ",")), "p."));

        assertThat(thrown.problems()).containsExactly("p.delimiter and p.quote must differ, both are ','");
    }

    private static Function<String, Optional<String>> settings(Map<String, String> values) {
        return key -> Optional.ofNullable(values.get(key));
    }
}
