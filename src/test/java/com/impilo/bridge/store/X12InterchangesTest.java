package com.impilo.bridge.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.LongStream;

import com.impilo.bridge.support.TestStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The X12 interchanges taken and the control numbers given, kept in the state store across restarts: on SQLite and
 * on PostgreSQL.
 */
class X12InterchangesTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-05T02:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dataDir;

    private StateStore store;

    @AfterEach
    void close() {
        store.stop();
    }

    private StateStore open(TestStore kind) {
        store = kind.fresh(dataDir).open();
        return store;
    }

    @ParameterizedTest
    @EnumSource(TestStore.class)
    void each_partner_counts_its_own_control_numbers_and_the_count_survives_a_restart(TestStore kind) {
        TestStore.Location location = kind.fresh(dataDir);
        store = location.open();
        X12Interchanges interchanges = new X12Interchanges(store.dataSource(), CLOCK);
        assertThat(LongStream.range(0, 3).map(i -> interchanges.nextControlNumber("inbox ZZ/ACME")).toArray())
                .containsExactly(1, 2, 3);
        assertThat(interchanges.nextControlNumber("inbox ZZ/OTHER")).isEqualTo(1);

        store.stop();
        store = location.open();

        assertThat(new X12Interchanges(store.dataSource(), CLOCK).nextControlNumber("inbox ZZ/ACME")).isEqualTo(4);
    }

    @ParameterizedTest
    @EnumSource(TestStore.class)
    void after_the_last_nine_digit_number_the_count_starts_again_at_one(TestStore kind) throws Exception {
        open(kind);
        X12Interchanges interchanges = new X12Interchanges(store.dataSource(), CLOCK);
        interchanges.nextControlNumber("inbox ZZ/ACME");
        try (var connection = store.dataSource().getConnection(); var statement = connection.createStatement()) {
            statement.executeUpdate("UPDATE x12_control_numbers SET last_number = "
                    + (X12Interchanges.LAST_CONTROL_NUMBER - 1));
        }

        assertThat(interchanges.nextControlNumber("inbox ZZ/ACME")).isEqualTo(X12Interchanges.LAST_CONTROL_NUMBER);
        assertThat(interchanges.nextControlNumber("inbox ZZ/ACME")).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(TestStore.class)
    void an_interchange_is_known_by_its_source_sender_and_control_number(TestStore kind) {
        open(kind);
        X12Interchanges interchanges = new X12Interchanges(store.dataSource(), CLOCK);
        interchanges.taken("inbox", "ZZ/ACME", "000000905", "po-1.x12", "po-1.x12 120 1764900000000");

        assertThat(interchanges.takenBefore("inbox", "ZZ/ACME", "000000905")).contains(new X12Interchanges.Taken(
                "po-1.x12", "2026-12-05T02:00:00Z", "po-1.x12 120 1764900000000"));
        assertThat(interchanges.takenBefore("inbox", "ZZ/OTHER", "000000905")).isEmpty();
        assertThat(interchanges.takenBefore("clinic", "ZZ/ACME", "000000905")).as("another source, another partner")
                .isEmpty();
        assertThat(interchanges.takenBefore("inbox", "ZZ/ACME", "000000906")).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(TestStore.class)
    void a_ship_notice_is_taken_once_and_can_be_given_back_when_it_could_not_be_written(TestStore kind) {
        open(kind);
        X12Interchanges interchanges = new X12Interchanges(store.dataSource(), CLOCK);
        interchanges.rememberPurchaseOrders(List.of(
                new X12Interchanges.PurchaseOrderRecord("k-1", "inbox", "{\"to\":1}", "{\"po\":1}"),
                new X12Interchanges.PurchaseOrderRecord("k-2", "inbox", "{\"to\":2}", "{\"po\":2}")).iterator());
        interchanges.rememberPurchaseOrders(List.of(
                new X12Interchanges.PurchaseOrderRecord("k-1", "other", "{}", "{}")).iterator());

        assertThat(interchanges.takeShipNotice("k-1")).as("remembered once: the first stays").contains(
                new X12Interchanges.PurchaseOrderRecord("k-1", "inbox", "{\"to\":1}", "{\"po\":1}"));
        assertThat(interchanges.takeShipNotice("k-1")).as("taken already").isEmpty();
        assertThat(interchanges.takeShipNotice("k-3")).as("not from an 850").isEmpty();

        interchanges.giveBackShipNotice("k-1");

        assertThat(interchanges.takeShipNotice("k-1")).isPresent();
        assertThat(interchanges.takeShipNotice("k-2")).isPresent();
    }
}
