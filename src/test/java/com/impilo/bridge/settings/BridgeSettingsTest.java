package com.impilo.bridge.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import com.impilo.bridge.settings.FeedCoverage;
import com.impilo.bridge.feed.FeedScope;
import com.impilo.bridge.ingest.reader.OrderFormats;
import com.impilo.bridge.support.BridgeHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The feed and webhook settings as read and checked at start: defaults, and one line per mistake. */
class BridgeSettingsTest {

    private static final Set<String> FORMATS = OrderFormats.names();

    @TempDir
    Path data;

    @Test
    void reads_the_feed_and_webhook_defaults_of_the_shipped_configuration() throws Exception {
        BridgeSettings settings = BridgeSettings.from(lookup(Map.of()), FORMATS);

        assertThat(settings.feed()).isEqualTo(new BridgeSettings.Feed(false, 60_000, 250, FeedCoverage.BRIDGE, "rw-r-----"));
        assertThat(settings.webhook().enabled()).isFalse();
        assertThat(settings.once()).isFalse();
    }

    @Test
    void reports_each_feed_and_webhook_mistake_on_its_own_line() {
        BridgeConfigException error = catchThrowableOfType(BridgeConfigException.class, () -> BridgeSettings.from(
                lookup(Map.of("bridge.feed.enabled", "yes", "bridge.feed.page-size", "251",
                        "bridge.feed.scope", "everything", "bridge.feed.interval", "-1",
                        "bridge.feed.outbox-mode", "u+rw", "bridge.webhook.enabled", "true",
                        "bridge.http.port", "70000")), FORMATS));

        assertThat(error.problems()).containsExactlyInAnyOrder(
                "bridge.feed.interval must be a whole number of at least 0, got \"-1\"",
                "bridge.feed.enabled must be true or false, got \"yes\"",
                "bridge.feed.page-size must be a whole number from 1 to 250 (the API's largest page), got \"251\"",
                "bridge.feed.scope must be bridge or account, got \"everything\"",
                "bridge.feed.outbox-mode must be an octal file mode such as 0640, got \"u+rw\"",
                "bridge.http.port must be a port number from 0 to 65535, got \"70000\"",
                "bridge.webhook.secret (env BRIDGE_WEBHOOK_SECRET) is not set: the webhook receiver needs the secret"
                        + " configured for the webhook at Impilo");
    }

    // Found 2026-12-06 by a fresh-user review: a value from a file also named the variable, "(... line 3) (env ...)",
    // and one from the variable named it twice; one from the command line named a variable the user never set.
    @Test
    void a_wrong_value_names_where_it_was_set_and_the_variable_only_when_nothing_of_the_users_set_it()
            throws Exception {
        Path file = Files.writeString(data.resolve("vals.properties"), "# scope\nbridge.feed.scope = everything\n");
        Map<String, String> commandLine = new HashMap<>(BridgeHarness.testSettings(data, "http://127.0.0.1:1", "key"));
        commandLine.put("bridge.feed.outbox-mode", "u+rw");
        PropertyLookup everywhere = Configuration.load(file, commandLine,
                Map.of("BRIDGE_HTTP_PORT", "70000"), new Properties(), data.resolve("no-config"));

        BridgeConfigException error = catchThrowableOfType(BridgeConfigException.class,
                () -> BridgeSettings.from(everywhere, FORMATS));

        assertThat(error.problems()).containsExactlyInAnyOrder(
                "bridge.feed.scope (" + file + " line 2) must be bridge or account, got \"everything\"",
                "bridge.http.port (environment variable BRIDGE_HTTP_PORT) must be a port number from 0 to 65535,"
                        + " got \"70000\"",
                "bridge.feed.outbox-mode must be an octal file mode such as 0640, got \"u+rw\"");
    }

    @Test
    void refuses_api_calls_without_a_deadline() {
        BridgeConfigException error = catchThrowableOfType(BridgeConfigException.class, () -> BridgeSettings.from(
                lookup(Map.of("bridge.http.total-timeout", "0")), FORMATS));

        assertThat(error.problems()).containsExactly(
                "bridge.http.total-timeout must be at least 1 ms: every call to the API needs a deadline");
    }

    // Issue found 2026-12-06: these keys were read only after the check, so an unset variable gave the default in
    // silence: with the order key's prefix, orders without ids got other keys, and could be created twice.
    @Test
    void a_placeholder_without_a_value_is_a_mistake_in_every_setting_never_its_default() {
        Map<String, String> unresolved = new HashMap<>();
        for (String key : List.of("bridge.idempotency.prefix", "bridge.store.user", "bridge.store.password",
                "bridge.user-routes.dir", "bridge.http.host", "bridge.http.tls.key-store-password")) {
            unresolved.put(key, "{{env:IMPILO_TEST_UNSET_VARIABLE}}");
        }

        BridgeConfigException error = catchThrowableOfType(BridgeConfigException.class,
                () -> BridgeSettings.from(lookup(unresolved), FORMATS));

        assertThat(error).as("every unresolved setting stops the start").isNotNull();
        assertThat(error.problems()).containsExactlyInAnyOrderElementsOf(unresolved.keySet().stream()
                .map(key -> key + " cannot be resolved: the placeholder {{env:IMPILO_TEST_UNSET_VARIABLE}} has no value"
                        + " and no default")
                .toList());
    }

    // Found 2026-12-06 by a fresh-user review: a number that cannot be resolved was also reported as not a number.
    @Test
    void a_setting_that_cannot_be_resolved_is_one_line_not_also_a_wrong_value() {
        BridgeConfigException error = catchThrowableOfType(BridgeConfigException.class, () -> BridgeSettings.from(
                lookup(Map.of("bridge.retry.max-redeliveries", "{{env:IMPILO_TEST_UNSET_VARIABLE}}",
                        "bridge.http.port", "{{env:IMPILO_TEST_UNSET_VARIABLE}}")), FORMATS));

        assertThat(error.problems()).containsExactlyInAnyOrder(
                "bridge.retry.max-redeliveries cannot be resolved: the placeholder {{env:IMPILO_TEST_UNSET_VARIABLE}}"
                        + " has no value and no default",
                "bridge.http.port cannot be resolved: the placeholder {{env:IMPILO_TEST_UNSET_VARIABLE}} has no value"
                        + " and no default");
    }

    @Test
    void never_shows_the_webhook_secret() throws Exception {
        BridgeSettings settings = BridgeSettings.from(lookup(Map.of("bridge.webhook.enabled", "true",
                "bridge.webhook.secret", "hook-s3cret")), FORMATS);

        assertThat(settings.webhook().secret()).isEqualTo("hook-s3cret");
        assertThat(settings.toString()).doesNotContain("hook-s3cret");
    }

    // The shipped defaults with the test settings and the overrides given as the command line gives them.
    private PropertyLookup lookup(Map<String, String> overrides) throws BridgeConfigException {
        Map<String, String> commandLine = new HashMap<>(BridgeHarness.testSettings(data, "http://127.0.0.1:1", "key"));
        commandLine.putAll(overrides);
        return Configuration.load(null, commandLine, Map.of(), new Properties(), data.resolve("no-config"));
    }
}
