package com.impilo.bridge.store;

import com.impilo.bridge.store.LedgerEntry.State;
import com.impilo.bridge.support.HookedDataSource;
import com.impilo.bridge.support.TestStore;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The order ledger in a real state store, SQLite and PostgreSQL: what became of each order, kept across restarts. */
@ParameterizedClass
@EnumSource(TestStore.class)
class OrderLedgerTest {

    @Parameter
    TestStore kind;

    private static final Instant T0 = Instant.parse("2025-03-01T09:00:00Z");
    private static final Duration LEASE = Duration.ofSeconds(30);

    @TempDir
    Path dataDir;

    private final List<StateStore> opened = new ArrayList<>();
    private TestStore.Location location;
    private StateStore store;
    private OrderLedger ledger;

    @BeforeEach
    void openStore() {
        location = kind.fresh(dataDir);
        store = open();
        ledger = ledgerAt(store, T0);
    }

    @AfterEach
    void closeStores() {
        opened.forEach(StateStore::stop);
    }

    @Test
    void keeps_an_embedded_database_under_the_data_folder_and_a_shared_one_out_of_it() {
        if (kind == TestStore.SQLITE) {
            assertThat(dataDir.resolve("state").resolve("bridge.db")).isRegularFile();
        } else {
            assertThat(dataDir.resolve("state")).doesNotExist();
        }
    }

    @Test
    void an_embedded_store_writes_in_wal_mode_and_reads_no_generated_key_back_after_a_write() throws SQLException {
        assumeTrue(kind == TestStore.SQLITE, "the SQLite driver's settings");
        try (Connection c = store.dataSource().getConnection(); Statement sql = c.createStatement();
             ResultSet mode = sql.executeQuery("PRAGMA journal_mode")) {
            assertThat(mode.next()).isTrue();
            assertThat(mode.getString(1)).isEqualToIgnoringCase("wal");
            // the driver would otherwise run a second query after every insert and update (bench/REPORT.md)
            assertThat(c.unwrap(org.sqlite.SQLiteConnection.class).getConnectionConfig().isGetGeneratedKeys())
                    .isFalse();
        }
    }

    @Test
    void records_an_order_in_flight_then_created_with_its_impilo_id_and_status() {
        LedgerEntry inFlight = entry("PO-1", State.IN_FLIGHT, List.of("PO-1", "PO-1-rev2", "crm:77"));
        ledger.record(inFlight);

        assertThat(ledger.find("PO-1")).hasValueSatisfying(found -> {
            assertThat(found.state()).isEqualTo(State.IN_FLIGHT);
            assertThat(found.impiloOrderId()).isNull();
        });

        ledger.record(inFlight.with(State.CREATED, 9001L, "orderPlaced", null));

        assertThat(ledger.find("PO-1")).hasValue(new LedgerEntry("PO-1", List.of("PO-1", "PO-1-rev2", "crm:77"),
                "clinic-a", "orders-2025-03-01.ndjson", "line 3", State.CREATED, 9001L, "orderPlaced", null));
    }

    @Test
    void keeps_an_order_without_external_ids_with_an_empty_id_list() {
        ledger.record(entry("derived-0a1b2c", State.REJECTED, List.of()).with(State.REJECTED, null, null,
                "patient.id: required"));

        assertThat(ledger.find("derived-0a1b2c")).hasValueSatisfying(found -> {
            assertThat(found.externalOrderIds()).isEmpty();
            assertThat(found.reason()).isEqualTo("patient.id: required");
        });
    }

    @Test
    void finds_nothing_for_an_unknown_key() {
        assertThat(ledger.find("PO-never-seen")).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(value = State.class, names = {"REJECTED", "UNDELIVERED", "IN_FLIGHT"})
    void never_downgrades_a_created_order_when_a_later_copy_fails(State later) {
        LedgerEntry created = entry("PO-2", State.CREATED, List.of("PO-2")).with(State.CREATED, 9002L, "orderPlaced", null);
        ledger.record(created);

        ledgerAt(store, T0.plusSeconds(60)).record(
                entry("PO-2", later, List.of("PO-2")).with(later, null, null, "a later copy failed"));

        assertThat(ledger.find("PO-2")).hasValue(created);
    }

    @Test
    void turns_a_rejected_order_into_created_when_the_fixed_order_is_replayed() {
        ledger.record(entry("PO-3", State.REJECTED, List.of("PO-3")).with(State.REJECTED, null, null,
                "orderItems[0].count: expected a whole number, got \"ten\""));

        ledgerAt(store, T0.plusSeconds(60)).record(
                entry("PO-3", State.CREATED, List.of("PO-3")).with(State.CREATED, 9003L, "orderPlaced", null));

        assertThat(ledger.find("PO-3")).hasValueSatisfying(found -> {
            assertThat(found.state()).isEqualTo(State.CREATED);
            assertThat(found.impiloOrderId()).isEqualTo(9003L);
            assertThat(found.reason()).isNull();
        });
    }

    @Test
    void follows_the_latest_outcome_of_an_order_not_yet_created() {
        ledger.record(entry("PO-4", State.IN_FLIGHT, List.of("PO-4")));
        ledger.record(entry("PO-4", State.UNDELIVERED, List.of("PO-4")).with(State.UNDELIVERED, null, null,
                "Impilo answered 503 after 3 attempts"));

        assertThat(ledger.find("PO-4")).hasValueSatisfying(found -> {
            assertThat(found.state()).isEqualTo(State.UNDELIVERED);
            assertThat(found.reason()).isEqualTo("Impilo answered 503 after 3 attempts");
        });
    }

    @Test
    void lists_every_order_oldest_first() {
        ledgerAt(store, T0.plusSeconds(2)).record(entry("PO-c", State.IN_FLIGHT, List.of("PO-c")));
        ledgerAt(store, T0).record(entry("PO-a", State.REJECTED, List.of("PO-a")));
        ledgerAt(store, T0.plusSeconds(1)).record(entry("PO-b", State.CREATED, List.of("PO-b")));
        // a later update does not move an order up the list: it was first seen earlier
        ledgerAt(store, T0.plusSeconds(3)).record(entry("PO-a", State.CREATED, List.of("PO-a")));

        assertThat(ledger.all()).extracting(LedgerEntry::idempotencyKey).containsExactly("PO-a", "PO-b", "PO-c");
        assertThat(ledger.all()).extracting(LedgerEntry::state)
                .containsExactly(State.CREATED, State.CREATED, State.IN_FLIGHT);
    }

    @Test
    void lists_nothing_in_a_new_store() {
        assertThat(ledger.all()).isEmpty();
    }

    @Test
    void keeps_its_orders_when_the_store_is_closed_and_reopened() {
        LedgerEntry created = entry("PO-5", State.CREATED, List.of("PO-5", "PO-5-b")).with(State.CREATED, 9005L,
                "orderPlaced", null);
        ledger.record(created);
        ledger.record(entry("PO-6", State.REJECTED, List.of("PO-6")).with(State.REJECTED, null, null, "site.id: required"));
        store.stop();

        OrderLedger reopened = ledgerAt(open(), T0.plusSeconds(3600));

        assertThat(reopened.find("PO-5")).hasValue(created);
        assertThat(reopened.all()).extracting(LedgerEntry::idempotencyKey).containsExactly("PO-5", "PO-6");
    }

    @Test
    void opens_the_same_store_twice_without_harm_to_schema_or_rows() {
        ledger.record(entry("PO-7", State.IN_FLIGHT, List.of("PO-7")));

        StateStore second = open();
        ledgerAt(second, T0.plusSeconds(1)).record(entry("PO-8", State.IN_FLIGHT, List.of("PO-8")));

        assertThat(ledger.all()).extracting(LedgerEntry::idempotencyKey).containsExactly("PO-7", "PO-8");
    }

    @Test
    void finds_a_created_order_by_its_impilo_id_and_nothing_else() {
        ledger.record(entry("PO-9", State.CREATED, List.of("PO-9")).with(State.CREATED, 9009L, "orderPlaced", null));
        ledger.record(entry("PO-10", State.UNDELIVERED, List.of("PO-10")).with(State.UNDELIVERED, 9010L, null, null));

        assertThat(ledger.findCreated(9009L)).hasValueSatisfying(found -> {
            assertThat(found.idempotencyKey()).isEqualTo("PO-9");
            assertThat(found.source()).isEqualTo("clinic-a");
        });
        assertThat(ledger.findCreated(9010L)).as("not created").isEmpty();
        assertThat(ledger.findCreated(9011L)).isEmpty();
    }

    @Test
    void keeps_recording_and_finding_when_the_pool_replaces_its_connections() {
        ledger.record(entry("PO-11", State.IN_FLIGHT, List.of("PO-11")));
        assertThat(ledger.find("PO-11")).isPresent();

        // what the pool does to a connection past its lifetime or found broken: statements kept on it go with it
        ((HikariDataSource) store.dataSource()).getHikariPoolMXBean().softEvictConnections();

        ledger.record(entry("PO-11", State.CREATED, List.of("PO-11")).with(State.CREATED, 9011L, "orderPlaced", null));
        ledger.record(entry("PO-12", State.IN_FLIGHT, List.of("PO-12")));
        assertThat(ledger.find("PO-11")).hasValueSatisfying(found -> assertThat(found.impiloOrderId()).isEqualTo(9011L));
        assertThat(ledger.find("PO-12")).hasValueSatisfying(found -> assertThat(found.state()).isEqualTo(State.IN_FLIGHT));
    }

    @Test
    void a_creation_held_back_is_found_at_once_and_committed_with_the_next_entry() {
        ledger.record(entry("PO-13", State.IN_FLIGHT, List.of("PO-13")));
        LedgerEntry created = entry("PO-13", State.CREATED, List.of("PO-13")).with(State.CREATED, 9013L,
                "orderPlaced", null);
        ledger.recordWithNext(created);

        assertThat(ledger.find("PO-13")).as("this ledger, before the commit").hasValue(created);
        assertThat(ledger.findCreated(9013L)).hasValue(created);
        OrderLedger elsewhere = ledgerAt(store, T0);
        assertThat(elsewhere.find("PO-13")).as("the store, before the commit").hasValueSatisfying(
                found -> assertThat(found.state()).isEqualTo(State.IN_FLIGHT));

        ledger.record(entry("PO-14", State.IN_FLIGHT, List.of("PO-14")));
        assertThat(elsewhere.find("PO-13")).as("the store, after the next entry").hasValue(created);
    }

    @Test
    void a_creation_held_back_is_committed_by_a_flush_and_when_the_ledger_stops() {
        LedgerEntry first = entry("PO-15", State.CREATED, List.of("PO-15")).with(State.CREATED, 9015L, null, null);
        ledger.recordWithNext(first);
        ledger.flush();
        LedgerEntry second = entry("PO-16", State.CREATED, List.of("PO-16")).with(State.CREATED, 9016L, null, null);
        ledger.recordWithNext(second);
        ledger.start();
        ledger.stop();
        store.stop();

        OrderLedger reopened = ledgerAt(open(), T0);
        assertThat(reopened.find("PO-15")).hasValue(first);
        assertThat(reopened.find("PO-16")).hasValue(second);
    }

    @Test
    void a_creation_held_back_that_the_store_cannot_take_waits_for_the_next_commit() {
        ledger.record(entry("PO-17", State.IN_FLIGHT, List.of("PO-17")));
        LedgerEntry created = entry("PO-17", State.CREATED, List.of("PO-17")).with(State.CREATED, 9017L, null, null);
        ledger.recordWithNext(created);
        store.stop();

        assertThatThrownBy(ledger::flush).isInstanceOf(OrderLedger.LedgerException.class)
                .hasMessageContaining("PO-17");
        assertThat(ledger.find("PO-17")).as("still held back").hasValue(created);
    }

    @Test
    void an_order_that_begins_is_in_flight_and_hears_of_no_earlier_entry() {
        LedgerEntry inFlight = entry("PO-18", State.IN_FLIGHT, List.of("PO-18"));

        assertThat(ledger.begin(inFlight)).isEmpty();
        assertThat(ledgerAt(store, T0).find("PO-18")).as("committed").hasValue(inFlight);
    }

    @Test
    void an_order_that_begins_again_hears_of_its_earlier_entry_and_a_created_one_stays_created() {
        LedgerEntry rejected = entry("PO-19", State.REJECTED, List.of("PO-19")).with(State.REJECTED, null, null,
                "site.id: required");
        ledger.record(rejected);
        LedgerEntry created = entry("PO-20", State.CREATED, List.of("PO-20")).with(State.CREATED, 9020L, null, null);
        ledger.record(created);

        OrderLedger later = ledgerAt(store, T0.plusSeconds(60));
        assertThat(later.begin(entry("PO-19", State.IN_FLIGHT, List.of("PO-19")))).hasValue(rejected);
        assertThat(later.begin(entry("PO-20", State.IN_FLIGHT, List.of("PO-20")))).hasValue(created);

        assertThat(later.find("PO-19")).hasValueSatisfying(found -> assertThat(found.state()).isEqualTo(State.IN_FLIGHT));
        assertThat(later.find("PO-20")).hasValue(created);
    }

    @Test
    void an_order_that_begins_hears_of_a_creation_held_back_and_commits_it() {
        LedgerEntry created = entry("PO-21", State.CREATED, List.of("PO-21")).with(State.CREATED, 9021L, null, null);
        ledger.recordWithNext(created);

        assertThat(ledger.begin(entry("PO-21", State.IN_FLIGHT, List.of("PO-21")))).hasValue(created);
        assertThat(ledgerAt(store, T0).find("PO-21")).as("the store").hasValue(created);
    }

    @Test
    void an_order_begins_although_other_connections_commit_before_and_while_it_is_written() throws Exception {
        // what the X12 stores and the file claims do at any moment: commit on a connection of their own
        AtomicInteger others = new AtomicInteger();
        HookedDataSource.Step commitElsewhere = () -> {
            try (Connection other = store.dataSource().getConnection();
                 PreparedStatement add = other.prepareStatement(
                         "INSERT INTO processed_file (source, file_key, processed_at) VALUES (?, ?, ?)")) {
                add.setString(1, "clinic-a");
                add.setString(2, "file-" + others.incrementAndGet());
                add.setString(3, T0.toString());
                add.executeUpdate();
            }
        };
        // while the order's transaction is open, from other threads (the order's own waits for none of them)
        List<CompletableFuture<Void>> meanwhile = new ArrayList<>();
        OrderLedger ledgerMeetingWriters = new OrderLedger(HookedDataSource.after(store.dataSource(), "executeUpdate",
                sql -> sql.contains("order_ledger"), () -> meanwhile.add(CompletableFuture.runAsync(() -> {
                    try {
                        commitElsewhere.run();
                    } catch (SQLException e) {
                        throw new IllegalStateException(e);
                    }
                }))), Clock.fixed(T0, ZoneOffset.UTC));
        ledger.record(entry("PO-24", State.REJECTED, List.of("PO-24")));
        // and since the store's connections last read
        commitElsewhere.run();

        assertThat(ledgerMeetingWriters.begin(entry("PO-24", State.IN_FLIGHT, List.of("PO-24"))))
                .hasValueSatisfying(before -> assertThat(before.state()).isEqualTo(State.REJECTED));
        commitElsewhere.run();
        assertThat(ledgerMeetingWriters.begin(entry("PO-25", State.IN_FLIGHT, List.of("PO-25")))).isEmpty();

        CompletableFuture.allOf(meanwhile.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        assertThat(meanwhile).as("commits met while an order was written").hasSizeGreaterThanOrEqualTo(2);
        assertThat(others.get()).as("every other commit went through").isEqualTo(2 + meanwhile.size());
        assertThat(ledger.find("PO-24")).hasValueSatisfying(found -> assertThat(found.state()).isEqualTo(State.IN_FLIGHT));
        assertThat(ledger.find("PO-25")).hasValueSatisfying(found -> assertThat(found.state()).isEqualTo(State.IN_FLIGHT));
    }

    @Test
    void an_order_that_begins_in_a_shared_store_takes_its_keys_claim_with_its_entry_and_its_outcome_releases_it() {
        FileClaims claims = new FileClaims(store.dataSource(), "a", LEASE, Clock.fixed(T0, ZoneOffset.UTC));
        FileClaims.KeyClaim claim = claims.keyClaim("#order", "PO-26");

        assertThat(ledger.beginClaiming(entry("PO-26", State.IN_FLIGHT, List.of("PO-26")), claim)).isEmpty();
        assertThat(claim.held()).isTrue();
        assertThat(claims.all()).extracting(FileClaims.Claim::fileKey, FileClaims.Claim::instance)
                .containsExactly(tuple("PO-26", "a"));
        assertThat(ledger.find("PO-26")).hasValueSatisfying(found -> assertThat(found.state()).isEqualTo(State.IN_FLIGHT));

        ledger.recordReleasing(entry("PO-26", State.CREATED, List.of("PO-26")).with(State.CREATED, 9026L, null, null),
                claim);
        assertThat(claim.held()).isFalse();
        assertThat(claims.all()).isEmpty();
        assertThat(ledgerAt(store, T0).find("PO-26")).hasValueSatisfying(found -> {
            assertThat(found.state()).isEqualTo(State.CREATED);
            assertThat(found.impiloOrderId()).isEqualTo(9026L);
        });
    }

    @Test
    void an_order_another_instance_holds_waits_for_its_outcome_and_then_hears_of_its_creation() throws Exception {
        Clock clock = Clock.fixed(T0, ZoneOffset.UTC);
        FileClaims claimsA = new FileClaims(store.dataSource(), "a", LEASE, clock);
        FileClaims claimsB = new FileClaims(store.dataSource(), "b", LEASE, clock);
        OrderLedger ledgerB = ledgerAt(store, T0);
        FileClaims.KeyClaim heldByA = claimsA.keyClaim("#order", "PO-27");
        ledger.beginClaiming(entry("PO-27", State.IN_FLIGHT, List.of("PO-27")), heldByA);

        CompletableFuture<Optional<LedgerEntry>> b = CompletableFuture.supplyAsync(() -> ledgerB.beginClaiming(
                entry("PO-27", State.IN_FLIGHT, List.of("PO-27")), claimsB.keyClaim("#order", "PO-27")));
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(() -> !b.isDone());
        assertThat(ledgerB.find("PO-27")).hasValueSatisfying(found -> assertThat(found.state()).isEqualTo(State.IN_FLIGHT));

        ledger.recordReleasing(entry("PO-27", State.CREATED, List.of("PO-27")).with(State.CREATED, 9027L, null, null),
                heldByA);
        assertThat(b.get(10, TimeUnit.SECONDS)).hasValueSatisfying(before -> {
            assertThat(before.state()).isEqualTo(State.CREATED);
            assertThat(before.impiloOrderId()).isEqualTo(9027L);
        });
        assertThat(claimsA.all()).extracting(FileClaims.Claim::fileKey, FileClaims.Claim::instance)
                .containsExactly(tuple("PO-27", "b"));
        assertThat(ledger.find("PO-27")).as("a created order stays created")
                .hasValueSatisfying(found -> assertThat(found.state()).isEqualTo(State.CREATED));
    }

    @Test
    void a_shared_stores_statements_see_what_was_committed_before_them_even_where_the_database_defaults_otherwise()
            throws Exception {
        assumeTrue(kind == TestStore.POSTGRESQL, "only a shared store has an isolation level to choose");
        try (Connection c = store.dataSource().getConnection(); Statement sql = c.createStatement()) {
            sql.execute("ALTER DATABASE " + c.getCatalog() + " SET default_transaction_isolation = 'repeatable read'");
        }

        // read after winning a key's claim, an order's earlier entry must be the one its last holder committed
        try (Connection c = open().dataSource().getConnection()) {
            assertThat(c.getTransactionIsolation()).isEqualTo(Connection.TRANSACTION_READ_COMMITTED);
        }
    }

    @Test
    void looks_orders_up_by_their_impilo_id_through_an_index_that_holds_no_orders_in_flight() throws Exception {
        ledger.record(entry("PO-22", State.IN_FLIGHT, List.of("PO-22")));
        ledger.record(entry("PO-23", State.CREATED, List.of("PO-23")).with(State.CREATED, 9023L, null, null));

        try (Connection c = store.dataSource().getConnection()) {
            String plan;
            if (kind == TestStore.SQLITE) {
                plan = plan(c, "EXPLAIN QUERY PLAN SELECT idempotency_key FROM order_ledger"
                        + " WHERE impilo_order_id = ? AND state = 'CREATED'");
                assertThat(plan).contains("USING INDEX order_ledger_impilo_id");
                assertThat(plan(c, "SELECT sql FROM sqlite_master WHERE name = 'order_ledger_impilo_id'"))
                        .endsWith("WHERE impilo_order_id IS NOT NULL");
            } else {
                // a table of two rows is read whole unless told otherwise; what matters is that the index can serve
                try (Statement settings = c.createStatement()) {
                    settings.execute("SET enable_seqscan = off");
                }
                plan = plan(c, "EXPLAIN SELECT idempotency_key FROM order_ledger"
                        + " WHERE impilo_order_id = ? AND state = 'CREATED'");
                assertThat(plan).contains("order_ledger_impilo_id");
                assertThat(plan(c, "SELECT indexdef FROM pg_indexes WHERE indexname = 'order_ledger_impilo_id'"))
                        .endsWith("WHERE (impilo_order_id IS NOT NULL)");
            }
        }
        assertThat(ledger.findCreated(9023L)).hasValueSatisfying(found ->
                assertThat(found.idempotencyKey()).isEqualTo("PO-23"));
        assertThat(ledger.highestImpiloOrderId()).isEqualTo(9023L);
    }

    // every row's last column, one line each; a statement's one parameter is an Impilo id
    private static String plan(Connection c, String sql) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            if (sql.contains("?")) {
                ps.setLong(1, 9023L);
            }
            StringBuilder rows = new StringBuilder();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.append(rows.length() == 0 ? "" : "\n").append(rs.getString(rs.getMetaData().getColumnCount()));
                }
            }
            return rows.toString();
        }
    }

    private StateStore open() {
        StateStore opening = location.open();
        opened.add(opening);
        return opening;
    }

    private static OrderLedger ledgerAt(StateStore store, Instant now) {
        return new OrderLedger(store.dataSource(), Clock.fixed(now, ZoneOffset.UTC));
    }

    private static LedgerEntry entry(String key, State state, List<String> externalIds) {
        return new LedgerEntry(key, externalIds, "clinic-a", "orders-2025-03-01.ndjson", "line 3", state,
                null, null, null);
    }
}
