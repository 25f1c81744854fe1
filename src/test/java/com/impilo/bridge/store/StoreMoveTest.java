package com.impilo.bridge.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.impilo.bridge.support.TestStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Moving an embedded store into PostgreSQL: every durable table, all or nothing, into an empty store only. */
class StoreMoveTest {

    /** What lives only while instances run, and what the target store has of its own. */
    // what only running instances need (claims, leases, replays asked of them), and what a store has of its own
    private static final List<String> NOT_MOVED = List.of("file_claims", "bridge_instances", "leader_leases",
            "replay_requests", "bridge_installation", "flyway_schema_history");

    @TempDir
    Path data;

    @Test
    void every_table_of_the_schema_is_moved_unless_it_lives_only_while_instances_run() throws Exception {
        StateStore store = StateStore.open(null, data, null, null);
        List<String> tables = new ArrayList<>();
        try (Connection c = store.dataSource().getConnection(); Statement sql = c.createStatement();
             ResultSet rs = sql.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table'"
                     + " AND name NOT LIKE 'sqlite_%'")) {
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
        } finally {
            store.stop();
        }

        assertThat(tables).as("a new durable table must be added to StoreMove.TABLES")
                .containsExactlyInAnyOrderElementsOf(concat(StoreMove.TABLES, NOT_MOVED));
    }

    @Test
    void moves_the_rows_of_every_durable_table_and_refuses_another_installation() throws Exception {
        StateStore from = StateStore.open(null, data.resolve("a"), null, null, "install-a");
        new X12Interchanges(from.dataSource(), Clock.systemUTC()).nextControlNumber("acme");
        new ProcessedFiles(from.dataSource(), "acme", Clock.systemUTC()).add("orders.csv-10-1");
        new FeedState(from.dataSource(), Clock.systemUTC()).emitted(1001, "acme", "f1", "shipped");
        TestStore.Location postgres = TestStore.POSTGRESQL.fresh(data.resolve("pg"));
        StateStore to = StateStore.open(postgres.url(), data.resolve("pg"), postgres.user(), postgres.password(),
                "install-a");
        StateStore other = StateStore.open(null, data.resolve("b"), null, null, "install-b");
        try {
            Map<String, Integer> moved = StoreMove.move(from, to);

            assertThat(moved).containsEntry("x12_control_numbers", 1).containsEntry("processed_file", 1)
                    .containsEntry("order_feed_state", 1).containsEntry("order_ledger", 0);
            assertThat(new FeedState(to.dataSource(), Clock.systemUTC()).lastEmitted(1001)).contains("f1");
            assertThat(new ProcessedFiles(to.dataSource(), "acme", Clock.systemUTC()).contains("orders.csv-10-1"))
                    .isTrue();
            assertThatThrownBy(() -> StoreMove.move(other, to)).isInstanceOf(StoreMove.RefusedException.class)
                    .hasMessageContaining("installation install-a");
        } finally {
            for (StateStore store : List.of(from, to, other)) {
                store.stop();
            }
        }
    }

    private static List<String> concat(List<String> first, List<String> second) {
        List<String> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }
}
