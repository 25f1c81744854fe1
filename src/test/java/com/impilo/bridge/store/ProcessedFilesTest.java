package com.impilo.bridge.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import com.impilo.bridge.support.TestStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** The processed remote files of each source, in a real state store, SQLite and PostgreSQL, kept across restarts. */
@ParameterizedClass
@EnumSource(TestStore.class)
class ProcessedFilesTest {

    @Parameter
    TestStore kind;

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-03-01T09:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dataDir;

    private TestStore.Location location;

    @BeforeEach
    void freshStore() {
        location = kind.fresh(dataDir);
    }

    @Test
    void remembers_a_file_key_across_a_restart() {
        StateStore first = location.open();
        assertThat(new ProcessedFiles(first.dataSource(), "acme", CLOCK).add("orders.json-120-1700000000000")).isTrue();
        first.stop();

        StateStore second = location.open();
        try {
            ProcessedFiles files = new ProcessedFiles(second.dataSource(), "acme", CLOCK);
            assertThat(files.contains("orders.json-120-1700000000000")).isTrue();
            assertThat(files.add("orders.json-120-1700000000000")).as("added once only").isFalse();
            assertThat(files.contains("orders.json-121-1700000000000")).as("another size").isFalse();
        } finally {
            second.stop();
        }
    }

    @Test
    void keeps_each_sources_files_apart_and_forgets_a_removed_key() {
        StateStore store = location.open();
        try {
            ProcessedFiles acme = new ProcessedFiles(store.dataSource(), "acme", CLOCK);
            ProcessedFiles clinic = new ProcessedFiles(store.dataSource(), "clinic", CLOCK);
            acme.add("orders.json-1-1");
            clinic.add("other.json-1-1");

            assertThat(clinic.contains("orders.json-1-1")).isFalse();
            assertThat(acme.remove("orders.json-1-1")).isTrue();
            assertThat(acme.contains("orders.json-1-1")).isFalse();
            clinic.clear();
            assertThat(clinic.contains("other.json-1-1")).isFalse();
        } finally {
            store.stop();
        }
    }
}
