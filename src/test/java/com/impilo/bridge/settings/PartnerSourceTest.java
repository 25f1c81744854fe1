package com.impilo.bridge.settings;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import com.impilo.bridge.ingest.reader.OrderFormats;
import com.impilo.bridge.settings.CsvField;
import com.impilo.bridge.settings.CsvLayout;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.spi.PropertiesSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Partner sources come from configuration alone, and every mistake in them stops the start with a line of its own. */
class PartnerSourceTest {

    @TempDir
    Path dir;

    private DefaultCamelContext context;
    private final Map<String, String> settings = new HashMap<>();
    private Path keyFile;
    private Path knownHosts;

    @BeforeEach
    void setUp() throws IOException {
        context = new DefaultCamelContext();
        settings.put("impilo.api.key", "key");
        settings.put("bridge.data.dir", dir.resolve("data").toString());
        keyFile = Files.writeString(dir.resolve("id_ed25519"), "key");
        knownHosts = Files.writeString(dir.resolve("known_hosts"), "[sftp.acme.example]:2222 ssh-ed25519 AAAA");
    }

    @AfterEach
    void tearDown() throws IOException {
        context.close();
    }

    @Test
    void the_inbox_is_the_one_source_by_default() throws Exception {
        List<PartnerSource> sources = settings().sources();

        assertThat(sources).singleElement().satisfies(inbox -> {
            assertThat(inbox.name()).isEqualTo("inbox");
            assertThat(inbox.type()).isEqualTo(PartnerSource.Type.LOCAL);
            assertThat(inbox.routeId()).isEqualTo("pickup-inbox");
            assertThat(inbox.formats()).containsExactlyInAnyOrder("json", "ndjson", "csv");
            assertThat(inbox.key("poll-delay")).isEqualTo("bridge.pickup.poll-delay");
        });
    }

    @Test
    void the_inbox_can_be_turned_off() throws Exception {
        settings.put("bridge.sources.inbox.enabled", "false");

        assertThat(settings().sources()).isEmpty();
    }

    @Test
    void reads_a_local_and_an_sftp_source_beside_the_inbox() throws Exception {
        settings.put("bridge.sources.clinic.type", "local");
        settings.put("bridge.sources.clinic.path", Files.createDirectories(dir.resolve("clinic")).toString());
        settings.put("bridge.sources.clinic.formats", "ndjson");
        settings.put("bridge.sources.clinic.poll-delay", "5000");
        sftp("acme");
        settings.put("bridge.sources.acme.after", "delete");
        settings.put("bridge.sources.acme.outbox-folder", "status");

        List<PartnerSource> sources = settings().sources();

        assertThat(sources).extracting(PartnerSource::name).containsExactly("acme", "clinic", "inbox");
        PartnerSource acme = sources.get(0);
        assertThat(acme.type()).isEqualTo(PartnerSource.Type.SFTP);
        assertThat(acme.location()).isEqualTo("sftp://impilo@sftp.acme.example:2222/outbox");
        assertThat(acme.verifiesHostKeys()).isTrue();
        assertThat(acme.after()).isEqualTo(PartnerSource.After.DELETE);
        assertThat(acme.doneFolder()).isEqualTo(".done");
        assertThat(acme.rejectedFolder()).isEqualTo(".rejected");
        assertThat(acme.uploadsFeed()).isTrue();
        assertThat(acme.key("min-age")).isEqualTo("bridge.sftp.min-age");
        assertThat(acme.key("private-key-file")).isEqualTo("bridge.sources.acme.private-key-file");
        assertThat(acme.has("private-key-passphrase")).as("{{env:NAME:}} with NAME unset is no passphrase").isFalse();
        PartnerSource clinic = sources.get(1);
        assertThat(clinic.formats()).containsExactly("ndjson");
        assertThat(clinic.key("poll-delay")).isEqualTo("bridge.sources.clinic.poll-delay");
        assertThat(clinic.key("min-age")).isEqualTo("bridge.pickup.min-age");
        assertThat(clinic.uploadsFeed()).isFalse();
    }

    @Test
    void turning_host_key_checking_off_takes_an_explicit_setting() throws Exception {
        sftp("acme");
        settings.remove("bridge.sources.acme.known-hosts-file");
        settings.put("bridge.sources.acme.strict-host-key-checking", "no");

        assertThat(settings().sources().get(0).verifiesHostKeys()).isFalse();
    }

    // Found 2026-12-06 by a fresh-user review: a misspelt type only said that the type was not set.
    @Test
    void a_misspelt_type_is_named_with_the_setting_it_means() throws Exception {
        settings.put("bridge.sources.acme.typ", "local");
        settings.put("bridge.sources.acme.path", Files.createDirectories(dir.resolve("acme")).toString());
        settings.put("bridge.sources.bare.path", Files.createDirectories(dir.resolve("bare")).toString());

        assertThat(problems()).containsExactlyInAnyOrder(
                "bridge.sources.acme.typ is not a source setting: did you mean bridge.sources.acme.type?",
                "bridge.sources.bare.type is not set: local or sftp");
    }

    @Test
    void reports_each_mistake_in_a_source_on_a_line_of_its_own() {
        settings.put("bridge.sources.ftp-partner.type", "ftp");
        settings.put("bridge.sources.bare.type", "sftp");
        sftp("keyless");
        settings.remove("bridge.sources.keyless.private-key-file");
        sftp("lost-key");
        settings.put("bridge.sources.lost-key.private-key-file", dir.resolve("missing_key").toString());
        sftp("typo");
        settings.put("bridge.sources.typo.hots", "sftp.acme.example");
        sftp("loop");
        settings.put("bridge.sources.loop.outbox-folder", "outbox/");

        List<String> problems = problems();

        assertThat(problems).containsExactlyInAnyOrder(
                "bridge.sources.ftp-partner.type must be local or sftp, got \"ftp\"",
                "bridge.sources.bare.host is not set: the SFTP server's host name",
                "bridge.sources.bare.user is not set: the user to log in as",
                "bridge.sources.bare.path is not set: the remote folder, relative to the login folder",
                "bridge.sources.bare needs a private-key-file or a password to log in",
                "bridge.sources.bare.known-hosts-file is not set: the server's host key is checked against it"
                        + " (ssh-keyscan -p PORT HOST > FILE writes one)",
                "bridge.sources.keyless needs a private-key-file or a password to log in",
                "bridge.sources.lost-key.private-key-file " + dir.resolve("missing_key") + " is not a readable file",
                "bridge.sources.typo.hots is not a setting of a sftp source: did you mean bridge.sources.typo.host?",
                "bridge.sources.loop.outbox-folder must not be the folder orders are picked up from"
                        + " (bridge.sources.loop.path)");
    }

    @Test
    void reports_bad_values_of_source_settings() throws IOException {
        settings.put("bridge.sources.Acme Corp.type", "local");
        settings.put("bridge.sources.nameless.path", "/srv");
        settings.put("bridge.sources.clinic.type", "local");
        settings.put("bridge.sources.clinic.path", dir.resolve("no-such-folder").toString());
        settings.put("bridge.sources.clinic.formats", "json,xml");
        settings.put("bridge.sources.clinic.host", "sftp.example");
        settings.put("bridge.sources.clinic.x12.ack", "998");
        settings.put("bridge.sources.clinic.x12.send-855", "yes");
        settings.put("bridge.sources.clinic.x12.send-856", "0");
        sftp("acme");
        settings.put("bridge.sources.acme.path", "/outbox");
        settings.put("bridge.sources.acme.outbox-folder", "/status");
        settings.put("bridge.sources.acme.port", "70000");
        settings.put("bridge.sources.acme.poll-delay", "soon");
        settings.put("bridge.sources.acme.after", "keep");
        settings.put("bridge.sources.acme.strict-host-key-checking", "maybe");
        settings.put("bridge.sources.acme.password", "{{env:IMPILO_TEST_UNSET_PASSWORD}}");
        settings.put("bridge.sftp.poll-delay", "-1");

        assertThat(problems()).containsExactlyInAnyOrder(
                "bridge.sources.Acme Corp: a source name uses lower-case letters, digits and dashes only,"
                        + " got \"Acme Corp\"",
                "bridge.sources.nameless.type is not set: local or sftp",
                "bridge.sources.clinic.host is not a setting of a local source",
                "bridge.sources.clinic.formats: unknown format \"xml\" (known: json, ndjson, csv, x12)",
                "bridge.sources.clinic.x12.ack must be 997, 999 or none, got \"998\"",
                "bridge.sources.clinic.x12.send-855 must be true or false, got \"yes\"",
                "bridge.sources.clinic.x12.send-856 must be true or false, got \"0\"",
                "bridge.sources.clinic.path " + dir.resolve("no-such-folder")
                        + " is not a folder the bridge can read and write",
                "bridge.sources.acme.path must be relative to the login folder, got \"/outbox\"",
                "bridge.sources.acme.outbox-folder must be relative to the login folder, got \"/status\"",
                "bridge.sources.acme.port must be a port number (1-65535), got \"70000\"",
                "bridge.sources.acme.poll-delay must be a whole number of at least 0, got \"soon\"",
                "bridge.sources.acme.after must be move or delete, got \"keep\"",
                "bridge.sources.acme.strict-host-key-checking must be yes or no, got \"maybe\"",
                "bridge.sources.acme.password = {{env:IMPILO_TEST_UNSET_PASSWORD}} cannot be resolved"
                        + " (is the environment variable set?)",
                "bridge.sftp.poll-delay must be a whole number of at least 0, got \"-1\"");
    }

    @Test
    void gives_each_source_its_own_csv_layout_over_the_bridge_wide_one() throws Exception {
        settings.put("bridge.csv.delimiter", "|");
        settings.put("bridge.csv.charset", "ISO-8859-1");
        settings.put("bridge.sources.clinic.type", "local");
        settings.put("bridge.sources.clinic.path", Files.createDirectories(dir.resolve("clinic")).toString());
        settings.put("bridge.sources.clinic.csv.delimiter", ";");
        settings.put("bridge.sources.clinic.csv.columns.count", "Qty");

        List<PartnerSource> sources = settings().sources();

        CsvLayout clinic = sources.get(0).csvLayout();
        assertThat(clinic.delimiter()).isEqualTo(';');
        assertThat(clinic.column(CsvField.COUNT)).isEqualTo("Qty");
        assertThat(clinic.charset()).as("not set for the source: the bridge-wide value").isEqualTo(ISO_8859_1);
        CsvLayout inbox = sources.get(1).csvLayout();
        assertThat(inbox.delimiter()).isEqualTo('|');
        assertThat(inbox.column(CsvField.COUNT)).isEqualTo("count");
    }

    @Test
    void reports_csv_layout_mistakes_by_the_key_that_holds_them_once_each() throws Exception {
        settings.put("bridge.csv.charset", "UTF-99");
        settings.put("bridge.sources.clinic.type", "local");
        settings.put("bridge.sources.clinic.path", Files.createDirectories(dir.resolve("clinic")).toString());
        settings.put("bridge.sources.clinic.csv.delimiter", ";;");
        settings.put("bridge.sources.clinic.csv.delimitter", ";");

        assertThat(problems()).containsExactlyInAnyOrder(
                "bridge.csv.charset must name a charset this Java knows (e.g. UTF-8, ISO-8859-1, windows-1252),"
                        + " got \"UTF-99\"",
                "bridge.sources.clinic.csv.delimiter must be one character (or tab), got \";;\"",
                "bridge.sources.clinic.csv.delimitter is not a setting of a local source: did you mean"
                        + " bridge.sources.clinic.csv.delimiter?");
    }

    @Test
    void finds_sources_in_a_host_property_source_that_only_answers_lookups_when_they_are_named() throws Exception {
        // as camel-spring-boot hands Spring's Environment to Camel: each key can be looked up, none can be listed
        Map<String, String> host = Map.of(
                "bridge.source-names", "clinic",
                "bridge.sources.clinic.type", "local",
                "bridge.sources.clinic.path", Files.createDirectories(dir.resolve("clinic")).toString(),
                "bridge.sources.clinic.formats", "csv",
                "bridge.sources.inbox.enabled", "false");
        PropertiesComponent properties = properties();
        properties.addPropertiesSource(new PropertiesSource() {
            @Override
            public String getName() {
                return "host";
            }

            @Override
            public String getProperty(String name) {
                return host.get(name);
            }
        });

        List<PartnerSource> sources = BridgeSettings.from(new CamelPropertyLookup(properties), OrderFormats.names()).sources();

        assertThat(sources).singleElement().satisfies(clinic -> {
            assertThat(clinic.name()).isEqualTo("clinic");
            assertThat(clinic.type()).isEqualTo(PartnerSource.Type.LOCAL);
            assertThat(clinic.formats()).containsExactly("csv");
        });
    }

    // A host's properties read no environment variables of the bridge's: a wrong value does not point at one.
    @Test
    void a_hosts_wrong_value_names_no_environment_variable() {
        settings.put("bridge.http.port", "70000");

        assertThat(problems()).containsExactly("bridge.http.port must be a port number from 0 to 65535, got \"70000\"");
    }

    private void sftp(String name) {
        String prefix = "bridge.sources." + name + ".";
        settings.put(prefix + "type", "sftp");
        settings.put(prefix + "host", "sftp.acme.example");
        settings.put(prefix + "port", "2222");
        settings.put(prefix + "user", "impilo");
        settings.put(prefix + "path", "outbox");
        settings.put(prefix + "known-hosts-file", knownHosts.toString());
        settings.put(prefix + "private-key-file", keyFile.toString());
        settings.put(prefix + "private-key-passphrase", "{{env:IMPILO_TEST_UNSET_PASSPHRASE:}}");
    }

    private BridgeSettings settings() throws BridgeConfigException {
        return BridgeSettings.from(new CamelPropertyLookup(properties()), OrderFormats.names());
    }

    private List<String> problems() {
        return catchThrowableOfType(BridgeConfigException.class, this::settings).problems();
    }

    // The shipped defaults, overridden as the command line does.
    private PropertiesComponent properties() {
        PropertiesComponent properties = context.getPropertiesComponent();
        properties.setLocation("classpath:impilo-order-bridge/application.properties");
        Properties overrides = new Properties();
        overrides.putAll(settings);
        properties.setOverrideProperties(overrides);
        return properties;
    }
}
