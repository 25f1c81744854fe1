package com.impilo.bridge.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.impilo.bridge.support.TestStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * An instance's name is its own among those sharing a store: a live instance of the same name elsewhere, or a twin on
 * the same host and path that still says it is alive, stops a start; its own killed or stopped run does not.
 */
@ParameterizedClass
@EnumSource(TestStore.class)
class InstancesTest {

    private static final Duration LEASE = Duration.ofMillis(900);

    @Parameter
    TestStore kind;

    @TempDir
    Path dataDir;

    private StateStore store;
    private final ScheduledExecutorService twin = Executors.newSingleThreadScheduledExecutor();

    @BeforeEach
    void open() {
        store = kind.fresh(dataDir).open();
    }

    @AfterEach
    void close() {
        twin.shutdownNow();
        store.stop();
    }

    @Test
    void a_live_instance_of_the_same_name_on_another_host_stops_a_start_at_once() {
        instances().started("host-a", "/data", "run-1");

        assertThatThrownBy(() -> instances().checkNameFree("host-b", "/data", LEASE))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("another instance named web-1 is running on host host-a with data folder /data");
    }

    @Test
    void a_twin_on_the_same_host_and_path_that_still_says_it_is_alive_stops_a_start() {
        Instances other = instances();
        other.started("host-a", "/data", "run-1");
        twin.scheduleAtFixedRate(other::alive, 50, LEASE.toMillis() / 3, TimeUnit.MILLISECONDS);

        assertThatThrownBy(() -> instances().checkNameFree("host-a", "/data", LEASE))
                .hasMessageContaining("give each instance its own bridge.instance.name");
    }

    @Test
    void its_own_run_killed_a_moment_ago_or_stopped_cleanly_does_not_stop_a_start() {
        instances().started("host-a", "/data", "run-1");

        assertThatCode(() -> instances().checkNameFree("host-a", "/data", LEASE)).as("killed: it says nothing more")
                .doesNotThrowAnyException();

        Instances again = instances();
        again.started("host-a", "/data", "run-2");
        again.stopped();
        long before = System.nanoTime();
        assertThatCode(() -> instances().checkNameFree("host-a", "/data", LEASE)).doesNotThrowAnyException();
        assertThat(Duration.ofNanos(System.nanoTime() - before)).as("a clean stop needs no wait")
                .isLessThan(LEASE.dividedBy(3));
    }

    private Instances instances() {
        return new Instances(store.dataSource(), "web-1", Clock.systemUTC());
    }
}
