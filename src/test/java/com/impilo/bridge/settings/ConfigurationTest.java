package com.impilo.bridge.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one configuration of every command: its layers in order, where each value came from, and its mistakes. */
class ConfigurationTest {

    @TempDir
    Path dir;

    @Test
    void each_layer_wins_over_the_one_below_it() throws Exception {
        Path local = write("local.properties", "bridge.http.max-concurrency = 2\nbridge.feed.page-size = 10\n"
                + "bridge.feed.interval = 7\nbridge.retry.max-delay = 9\n");
        Path extra = write("extra.properties", "bridge.feed.page-size = 20\nbridge.feed.interval = 8\n"
                + "bridge.retry.max-delay = 10\n");
        Properties system = new Properties();
        system.setProperty("bridge.retry.max-delay", "11");
        system.setProperty("java.version", "not ours");

        Configuration configuration = Configuration.load(extra, Map.of("bridge.retry.max-delay", "12"),
                Map.of("BRIDGE_FEED_INTERVAL", "9", "BRIDGE_RETRY_MAX_DELAY", "13"), system, local);

        assertThat(configuration.get("bridge.csv.delimiter")).as("the defaults").contains(",");
        assertThat(configuration.get("bridge.http.max-concurrency")).as("./config").contains("2");
        assertThat(configuration.get("bridge.feed.page-size")).as("--config").contains("20");
        assertThat(configuration.get("bridge.feed.interval")).as("the environment").contains("9");
        assertThat(configuration.get("bridge.retry.max-delay")).as("the command line").contains("12");
        assertThat(configuration.get("java.version")).as("only the bridge's own system properties").isEmpty();
    }

    @Test
    void says_where_a_user_set_each_value_and_nothing_for_the_defaults_or_the_command_line() throws Exception {
        Path extra = write("extra.properties", "# comment\n\nbridge.feed.page-size = \\\n    20\n"
                + "bridge.feed.scope = bridge\n");

        Configuration configuration = Configuration.load(extra, Map.of("bridge.once", "true"),
                Map.of("BRIDGE_FEED_INTERVAL", "9"), new Properties(), dir.resolve("none"));

        assertThat(configuration.get("bridge.feed.page-size")).contains("20");
        assertThat(configuration.userOrigin("bridge.feed.page-size")).contains(extra + " line 3");
        assertThat(configuration.userOrigin("bridge.feed.scope")).contains(extra + " line 5");
        assertThat(configuration.userOrigin("bridge.feed.interval")).contains("environment variable BRIDGE_FEED_INTERVAL");
        assertThat(configuration.userOrigin("bridge.csv.delimiter")).isEmpty();
        assertThat(configuration.userOrigin("bridge.once")).isEmpty();
    }

    @Test
    void names_environment_variables_by_one_rule_and_offers_them_for_every_setting_of_a_named_source()
            throws Exception {
        Path extra = write("extra.properties", "bridge.sources.clinic-share.type = local\n");

        Configuration configuration = Configuration.load(extra, Map.of(),
                Map.of("BRIDGE_SOURCES_CLINIC_SHARE_PATH", "/srv/clinic"), new Properties(), dir.resolve("none"));

        assertThat(Configuration.environmentName("bridge.http.max-concurrency")).isEqualTo("BRIDGE_HTTP_MAX_CONCURRENCY");
        assertThat(configuration.get("bridge.sources.clinic-share.path")).contains("/srv/clinic");
    }

    @Test
    void resolves_the_placeholders_camel_resolves() throws Exception {
        Path extra = write("extra.properties", "bridge.csv.charset = {{partner.charset}}\npartner.charset = "
                + "{{env:PARTNER_CHARSET:ISO-8859-1}}\nbridge.sources.acme.password = {{env:ACME_PASSWORD}}\n");

        Configuration configuration = Configuration.load(extra, Map.of(), Map.of(), new Properties(),
                dir.resolve("none"));

        assertThat(configuration.get("bridge.csv.charset")).contains("ISO-8859-1");
        assertThat(configuration.raw("bridge.csv.charset")).contains("{{partner.charset}}");
        assertThat(catchThrowableOfType(IllegalArgumentException.class,
                () -> configuration.get("bridge.sources.acme.password")))
                .hasMessage("the placeholder {{env:ACME_PASSWORD}} has no value and no default");
    }

    @Test
    void reports_a_missing_file_a_folder_a_bad_escape_and_text_that_is_not_utf8() throws Exception {
        Path bad = write("bad.properties", "a = 1\nb = \\u12\n");
        Path latin1 = dir.resolve("latin1.properties");
        Files.write(latin1, "bridge.csv.delimiter = \u00e9\n".getBytes(StandardCharsets.ISO_8859_1));

        assertThat(problems(dir.resolve("missing.properties")))
                .containsExactly("--config " + dir.resolve("missing.properties") + ": no such file");
        assertThat(problems(dir)).containsExactly("--config " + dir + " is a folder, not a properties file");
        assertThat(problems(bad)).containsExactly(bad + " line 2: cannot be read: a \\u escape needs four hex digits");
        assertThat(problems(latin1)).containsExactly(latin1 + ": not UTF-8 text; save the file as UTF-8");
    }

    @Test
    void a_key_that_is_no_setting_names_where_it_was_set_and_the_closest_one() throws Exception {
        Path extra = write("extra.properties", "bridge.retry.max-redelivery = 3\nimpilo.api.kye = x\n"
                + "my.own.key = for a user route\nbridge.source-names = acme\n");

        Configuration configuration = Configuration.load(extra, Map.of("bridge.zzz", "1"), Map.of(),
                new Properties(), dir.resolve("none"));

        assertThat(KnownSettings.unknownKeys(configuration)).containsExactlyInAnyOrder(
                "bridge.retry.max-redelivery (" + extra + " line 1) is not a setting of the bridge: did you mean"
                        + " bridge.retry.max-redeliveries?",
                "impilo.api.kye (" + extra + " line 2) is not a setting of the bridge: did you mean impilo.api.key?",
                "bridge.zzz is not a setting of the bridge");
    }

    @Test
    void camel_settings_are_checked_against_camels_catalog_and_the_shipped_ones_pass() throws Exception {
        Path shipped = Path.of("config/application.properties");
        Path extra = write("extra.properties", "camel.main.shutdown-timout = 4\ncamel.component.http.conect-timeout = 1\n"
                + "camel.component.nosuch.option = 1\ncamel.main.name = fine\ncamel.beans.mine = #class:java.lang.Object\n"
                + "camel.server.prot = 1\ncamel.main.shutdown-timeout = soon\n");

        Configuration asShipped = Configuration.load(null, Map.of(), Map.of(), new Properties(), shipped);
        Configuration configuration = Configuration.load(extra, Map.of(), Map.of(), new Properties(),
                dir.resolve("none"));

        assertThat(CamelSettings.problems(asShipped)).isEmpty();
        assertThat(CamelSettings.problems(configuration)).containsExactlyInAnyOrder(
                "camel.main.shutdown-timout (" + extra + " line 1) is not a Camel setting: did you mean"
                        + " camel.main.shutdown-timeout?",
                "camel.component.http.conect-timeout (" + extra + " line 2) is not a Camel setting: did you mean"
                        + " camel.component.http.connect-timeout?",
                "camel.component.nosuch.option (" + extra + " line 3) is not a Camel setting: the bridge has no Camel"
                        + " component named \"nosuch\"",
                "camel.server.prot (" + extra + " line 6) is not a Camel setting: did you mean camel.server.port?",
                "camel.main.shutdown-timeout (" + extra + " line 7): Camel cannot take the value \"soon\", it needs a"
                        + " number");
    }

    private java.util.List<String> problems(Path configFile) {
        return catchThrowableOfType(BridgeConfigException.class, () -> Configuration.load(configFile, Map.of(),
                Map.of(), new Properties(), dir.resolve("none"))).problems();
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }
}
