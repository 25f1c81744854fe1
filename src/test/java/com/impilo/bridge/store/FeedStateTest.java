package com.impilo.bridge.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The feed state in a real SQLite state store: the last emitted fingerprint per order, kept across restarts. */
class FeedStateTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-03-01T09:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dataDir;

    @Test
    void knows_nothing_of_an_order_never_emitted() {
        StateStore store = StateStore.open(null, dataDir, null, null);
        try {
            assertThat(new FeedState(store.dataSource(), CLOCK).lastEmitted(1001)).isEmpty();
        } finally {
            store.stop();
        }
    }

    @Test
    void remembers_the_last_emitted_fingerprint_across_a_restart() {
        StateStore store = StateStore.open(null, dataDir, null, null);
        FeedState state = new FeedState(store.dataSource(), CLOCK);
        state.emitted(1001, "clinic-a", "f1", "orderPlaced");
        state.emitted(1001, "clinic-a", "f2", "shipped");
        state.emitted(1002, "_account", "f3", null);
        store.stop();

        StateStore reopened = StateStore.open(null, dataDir, null, null);
        try {
            FeedState after = new FeedState(reopened.dataSource(), CLOCK);
            assertThat(after.lastEmitted(1001)).hasValue("f2");
            assertThat(after.lastEmitted(1002)).hasValue("f3");
        } finally {
            reopened.stop();
        }
    }
}
