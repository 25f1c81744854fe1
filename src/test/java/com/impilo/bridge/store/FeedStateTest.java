package com.impilo.bridge.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import com.impilo.bridge.support.TestStore;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The feed state in a real state store, SQLite and PostgreSQL: the last emitted fingerprint per order, kept across
 * restarts.
 */
class FeedStateTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-03-01T09:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dataDir;

    @ParameterizedTest
    @EnumSource(TestStore.class)
    void knows_nothing_of_an_order_never_emitted(TestStore kind) {
        StateStore store = kind.fresh(dataDir).open();
        try {
            assertThat(new FeedState(store.dataSource(), CLOCK).lastEmitted(1001)).isEmpty();
        } finally {
            store.stop();
        }
    }

    @ParameterizedTest
    @EnumSource(TestStore.class)
    void remembers_the_last_emitted_fingerprint_across_a_restart(TestStore kind) {
        TestStore.Location location = kind.fresh(dataDir);
        StateStore store = location.open();
        FeedState state = new FeedState(store.dataSource(), CLOCK);
        state.emitted(1001, "clinic-a", "f1", "orderPlaced");
        state.emitted(1001, "clinic-a", "f2", "shipped");
        state.emitted(1002, "_account", "f3", null);
        store.stop();

        StateStore reopened = location.open();
        try {
            FeedState after = new FeedState(reopened.dataSource(), CLOCK);
            assertThat(after.lastEmitted(1001)).hasValue("f2");
            assertThat(after.lastEmitted(1002)).hasValue("f3");
        } finally {
            reopened.stop();
        }
    }
}
