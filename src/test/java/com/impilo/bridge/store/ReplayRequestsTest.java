package com.impilo.bridge.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.impilo.bridge.support.MovingClock;
import com.impilo.bridge.support.TestStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** A replay asked of an instance is taken by it once, answered, and kept a week after its answer. */
@ParameterizedClass
@EnumSource(TestStore.class)
class ReplayRequestsTest {

    @Parameter
    TestStore kind;

    @TempDir
    Path dataDir;

    private StateStore store;
    private final MovingClock clock = new MovingClock(Instant.parse("2026-12-05T08:00:00Z"));
    private ReplayRequests requests;

    @BeforeEach
    void open() {
        store = kind.fresh(dataDir).open();
        requests = new ReplayRequests(store.dataSource(), clock);
    }

    @AfterEach
    void close() {
        store.stop();
    }

    @Test
    void a_request_is_taken_once_by_the_instance_it_asks_and_its_answer_is_found() {
        String forA = requests.ask("a", "oncall@laptop", "{\"undelivered\":true}");
        String forB = requests.ask("b", "oncall@laptop", "{}");

        List<ReplayRequests.Request> taken = requests.take("a");

        assertThat(taken).extracting(ReplayRequests.Request::id).containsExactly(forA);
        assertThat(taken.get(0).selection()).isEqualTo("{\"undelivered\":true}");
        assertThat(taken.get(0).askedBy()).isEqualTo("oncall@laptop");
        assertThat(requests.take("a")).as("taken once").isEmpty();
        assertThat(requests.find(forA).orElseThrow().takenAt()).contains(clock.instant());
        assertThat(requests.find(forA).orElseThrow().answer()).isEmpty();
        assertThat(requests.find(forB).orElseThrow().takenAt()).as("another instance's").isEmpty();

        requests.answer(forA, "{\"moved\":[]}");
        assertThat(requests.find(forA).orElseThrow().answer()).contains("{\"moved\":[]}");
    }

    @Test
    void answered_requests_are_dropped_after_a_week_and_waiting_ones_are_kept() {
        String answered = requests.ask("a", "oncall@laptop", "{}");
        requests.take("a");
        requests.answer(answered, "{\"moved\":[]}");
        String waiting = requests.ask("gone", "oncall@laptop", "{}");

        clock.advance(Duration.ofDays(8));
        requests.take("a");

        assertThat(requests.find(answered)).isEmpty();
        assertThat(requests.find(waiting)).isPresent();
    }
}
