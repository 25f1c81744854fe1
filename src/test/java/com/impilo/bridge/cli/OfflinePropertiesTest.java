package com.impilo.bridge.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import com.impilo.bridge.BridgeConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Offline commands see the configuration the running bridge would: same files, same overrides, same placeholders. */
class OfflinePropertiesTest {

    @TempDir
    Path dir;

    @Test
    void resolves_the_shipped_defaults_and_their_env_placeholders() throws Exception {
        OfflineProperties properties = OfflineProperties.load(null, Map.of());

        assertThat(properties.get("bridge.csv.delimiter"))
                .contains(System.getenv().getOrDefault("BRIDGE_CSV_DELIMITER", ","));
        assertThat(properties.get("camel.main.name")).contains("impilo-order-bridge");
        assertThat(properties.get("no.such.key")).isEmpty();
    }

    @Test
    void lets_the_config_file_override_the_defaults_and_d_options_override_both() throws Exception {
        Path config = Files.writeString(dir.resolve("extra.properties"),
                "bridge.csv.quote = '\nbridge.csv.charset = {{partner.charset}}\npartner.charset = ISO-8859-1\n"
                        + "bridge.csv.delimiter = |\n");

        OfflineProperties properties = OfflineProperties.load(config, Map.of("bridge.csv.delimiter", ";"));

        assertThat(properties.get("bridge.csv.quote")).contains("'");
        assertThat(properties.get("bridge.csv.charset")).contains("ISO-8859-1");
        assertThat(properties.get("bridge.csv.delimiter")).contains(";");
    }

    @Test
    void reports_a_config_file_that_does_not_exist() throws IOException {
        Path missing = dir.resolve("missing.properties");

        BridgeConfigException thrown = catchThrowableOfType(BridgeConfigException.class,
                () -> OfflineProperties.load(missing, Map.of()));

        assertThat(thrown.problems()).containsExactly("--config " + missing + " is not a file");
    }
}
