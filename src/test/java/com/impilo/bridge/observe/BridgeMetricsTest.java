package com.impilo.bridge.observe;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.stream.Stream;

import com.impilo.bridge.support.RawNames;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BridgeMetricsTest {

    private static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");

    @TempDir
    Path inbox;

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void a_file_whose_name_cannot_be_read_still_counts_as_waiting_and_its_age_is_a_number() throws Exception {
        RawNames.write(inbox, "Bestellung-M\\374ller.json", "{}");
        try (Stream<Path> files = Files.list(inbox)) {
            Files.setLastModifiedTime(files.findFirst().orElseThrow(), FileTime.from(NOW.minusSeconds(90)));
        }
        Files.writeString(inbox.resolve(".hidden"), "{}");

        new BridgeMetrics(registry, Clock.fixed(NOW, ZoneOffset.UTC)).watchFolder("inbox", inbox);

        assertThat(gauge("impilo.bridge.inbox.files")).isEqualTo(1.0);
        assertThat(gauge("impilo.bridge.inbox.oldest.age.seconds")).isEqualTo(90.0);
    }

    @Test
    void an_empty_folder_has_no_waiting_file_and_age_zero() {
        new BridgeMetrics(registry, Clock.fixed(NOW, ZoneOffset.UTC)).watchFolder("inbox", inbox);

        assertThat(gauge("impilo.bridge.inbox.files")).isZero();
        assertThat(gauge("impilo.bridge.inbox.oldest.age.seconds")).isZero();
    }

    private double gauge(String name) {
        return registry.get(name).tag("partner", "inbox").gauge().value();
    }
}
