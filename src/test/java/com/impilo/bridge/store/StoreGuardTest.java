package com.impilo.bridge.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.impilo.bridge.support.CapturedLog;
import com.impilo.bridge.support.MovingClock;
import com.impilo.bridge.support.PostgresServer;
import org.apache.camel.Processor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A store that cannot be reached is told from a statement that failed, on a real PostgreSQL that is stopped. */
class StoreGuardTest {

    private static final long RECHECK = 1000;

    @TempDir
    Path data;

    private PostgresServer postgres;
    private StateStore store;
    private final MovingClock clock = new MovingClock(Instant.parse("2026-12-05T08:00:00Z"));
    private final List<String> onceEnded = new ArrayList<>();
    private StoreGuard guard;

    @BeforeEach
    void open() {
        postgres = PostgresServer.startPrivate();
        store = StateStore.open(postgres.newDatabase(), data, postgres.user(), postgres.password(), null);
        guard = new StoreGuard(store.dataSource(), "PostgreSQL under test", RECHECK, clock, onceEnded::add);
    }

    @AfterEach
    void close() throws Exception {
        store.close();
        postgres.close();
    }

    @Test
    void a_statement_that_fails_on_a_store_that_answers_is_not_an_outage() {
        SQLException refused = new SQLException("duplicate key value violates unique constraint", "23505");

        assertThat(guard.unreachable(new OrderLedger.LedgerException("cannot record order k1", refused))).isFalse();
        assertThat(guard.unreachable(new IllegalArgumentException("not the store's"))).isFalse();
        assertThat(guard.available()).isTrue();
        assertThat(guard.problem()).isEmpty();
        assertThat(onceEnded).isEmpty();
    }

    @Test
    void a_store_away_is_said_once_ends_a_once_run_and_is_checked_again_after_the_interval() throws Exception {
        postgres.stopServer();
        try (CapturedLog log = CapturedLog.attach()) {
            RuntimeException failure = new IllegalStateException("cannot update the claim",
                    new SQLException("An I/O error occurred while sending to the backend", "08006"));

            assertThat(guard.unreachable(failure)).isTrue();
            assertThat(guard.unreachable(failure)).as("known away: no second check").isTrue();
            assertThat(guard.unreachable(new IllegalArgumentException("not the store's"))).isFalse();
            assertThat(guard.available()).isFalse();
            assertThat(guard.problem()).isPresent();
            assertThat(log.text()).containsOnlyOnce("THE STATE STORE (PostgreSQL under test) CANNOT BE REACHED");
            assertThat(onceEnded).hasSize(1).first().asString()
                    .startsWith("the state store (PostgreSQL under test) cannot be reached");
        }

        postgres.startServer();
        assertThat(guard.available()).as("not checked again before the interval").isFalse();
        clock.advance(Duration.ofMillis(RECHECK));
        assertThat(guard.available()).isTrue();
        assertThat(guard.problem()).isEmpty();
    }

    @Test
    void a_store_back_after_a_quick_restart_answers_though_the_pool_still_holds_connections_from_before()
            throws Exception {
        // Hikari hands out a connection used within its alive-bypass window (500 ms) without checking it, as it does
        // under order traffic; raised for this pool, so that every connection from before the restart is one such
        String bypass = "com.zaxxer.hikari.aliveBypassWindowMs";
        System.setProperty(bypass, "600000");
        try (StateStore busy = StateStore.open(postgres.newDatabase(), data.resolve("busy"), postgres.user(),
                postgres.password(), null)) {
            StoreGuard busyGuard = new StoreGuard(busy.dataSource(), "PostgreSQL under test", RECHECK, clock,
                    onceEnded::add);
            List<Connection> inUse = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                inUse.add(busy.dataSource().getConnection());
            }
            for (Connection connection : inUse) {
                connection.close();
            }
            postgres.stopServer();
            assertThat(busyGuard.unreachable(new IllegalStateException("cannot record order k1",
                    new SQLException("An I/O error occurred while sending to the backend", "08006")))).isTrue();

            postgres.startServer();
            clock.advance(Duration.ofMillis(RECHECK));
            assertThat(busyGuard.available()).as("back, though every pooled connection was from before the restart")
                    .isTrue();
            try (Connection connection = busy.dataSource().getConnection();
                 Statement statement = connection.createStatement()) {
                assertThat(statement.execute("SELECT 1")).as("the pool's next connection is a live one").isTrue();
            }
        } finally {
            System.clearProperty(bypass);
        }
    }

    @Test
    void a_step_of_a_file_that_fails_because_the_store_is_away_leaves_the_file_for_later() throws Exception {
        Processor step = exchange -> new OrderLedger(store.dataSource(), clock).find("k1");
        postgres.stopServer();

        assertThatThrownBy(() -> guard.guarded(step).process(null)).isInstanceOf(StoreUnavailableException.class)
                .hasMessageStartingWith("the state store (PostgreSQL under test) cannot be reached");
        Processor own = exchange -> {
            throw new IllegalArgumentException("the file's own problem");
        };
        assertThatThrownBy(() -> guard.guarded(own).process(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
