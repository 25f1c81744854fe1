package com.impilo.bridge.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.impilo.bridge.support.HookedDataSource;
import com.impilo.bridge.support.MovingClock;
import com.impilo.bridge.support.TestStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Claims of partner files by instances sharing a store, on SQLite and PostgreSQL: one wins, the other loses cleanly;
 * a dead instance's claim is taken over after its lease; a released one at once.
 */
@ParameterizedClass
@EnumSource(TestStore.class)
class FileClaimsTest {

    private static final Instant T0 = Instant.parse("2026-12-05T04:00:00Z");
    private static final Duration LEASE = Duration.ofSeconds(30);

    @Parameter
    TestStore kind;

    @TempDir
    Path dataDir;

    private StateStore store;

    @BeforeEach
    void open() {
        store = kind.fresh(dataDir).open();
    }

    @AfterEach
    void close() {
        store.stop();
    }

    @Test
    void one_instance_wins_a_file_and_the_other_loses_without_an_error() {
        FileClaims a = claims("a", T0);
        FileClaims b = claims("b", T0);

        assertThat(a.claim("inbox", "orders.ndjson-120-1")).isTrue();
        assertThat(b.claim("inbox", "orders.ndjson-120-1")).isFalse();
        assertThat(a.claim("inbox", "orders.ndjson-120-1")).as("its holder may take it again").isTrue();
        assertThat(b.claim("inbox", "orders.ndjson-120-1")).isFalse();
        assertThat(b.claim("acme", "orders.ndjson-120-1")).as("another source's file").isTrue();
    }

    @Test
    void of_eight_instances_claiming_one_file_at_once_exactly_one_wins_and_none_fails() throws Exception {
        ExecutorService instances = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Boolean>> claims = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                FileClaims claimsOfOne = claims("instance-" + i, T0);
                claims.add(instances.submit(() -> {
                    start.await();
                    return claimsOfOne.claim("inbox", "contended.ndjson-1-1");
                }));
            }
            start.countDown();
            List<Boolean> won = new ArrayList<>();
            for (Future<Boolean> claim : claims) {
                won.add(claim.get(30, TimeUnit.SECONDS));
            }
            assertThat(won).containsOnlyOnce(true).hasSize(8);
        } finally {
            instances.shutdownNow();
        }
    }

    @Test
    void the_claim_of_an_instance_that_stopped_renewing_is_taken_over_after_its_lease() {
        claims("a", T0).claim("inbox", "f-1");

        assertThat(claims("b", T0.plus(LEASE).minusMillis(1)).claim("inbox", "f-1")).as("lease still running")
                .isFalse();
        FileClaims later = claims("b", T0.plus(LEASE).plusMillis(1));
        assertThat(later.claim("inbox", "f-1")).isTrue();
        assertThat(claims("a", T0.plusSeconds(31)).renew("inbox", "f-1")).as("no longer a's").isFalse();
        assertThat(later.renew("inbox", "f-1")).isTrue();
    }

    @Test
    void a_renewed_claim_holds_until_its_instance_stops_renewing_it() {
        FileClaims a = claims("a", T0.plusSeconds(20));
        claims("a", T0).claim("inbox", "f-2");
        assertThat(a.renew("inbox", "f-2")).isTrue();

        assertThat(claims("b", T0.plusSeconds(40)).claim("inbox", "f-2")).as("renewed until 50 s").isFalse();
        assertThat(claims("b", T0.plusSeconds(51)).claim("inbox", "f-2")).isTrue();
    }

    @Test
    void an_instance_renews_every_claim_it_holds_and_learns_which_it_lost() {
        MovingClock clock = new MovingClock(T0);
        FileClaims a = new FileClaims(store.dataSource(), "a", LEASE, clock);
        a.claim("inbox", "kept");
        a.claim("inbox", "lost");
        clock.advance(Duration.ofSeconds(31));
        assertThat(claims("b", T0.plusSeconds(31)).claim("inbox", "lost")).as("a stalled past its lease").isTrue();

        assertThat(a.renewHeld()).containsExactly(new FileClaims.FileRef("inbox", "lost"));

        assertThat(claims("b", T0.plusSeconds(60)).claim("inbox", "kept")).as("renewed at 31 s until 61 s").isFalse();
        assertThat(a.renewHeld()).as("the lost claim is not renewed again").isEmpty();
    }

    @Test
    void a_restarted_instance_gives_up_the_claims_of_its_previous_run_and_only_those() {
        claims("a", T0).claim("inbox", "f-4");
        claims("b", T0).claim("inbox", "f-5");

        assertThat(claims("a", T0.plusSeconds(1)).releaseLeftOver()).isEqualTo(1);

        assertThat(claims("c", T0.plusSeconds(1)).claim("inbox", "f-4")).isTrue();
        assertThat(claims("c", T0.plusSeconds(1)).claim("inbox", "f-5")).isFalse();
        assertThat(claims("c", T0.plusSeconds(1)).all()).extracting(FileClaims.Claim::instance)
                .containsExactlyInAnyOrder("b", "c");
    }

    @Test
    void a_file_released_unfinished_can_be_claimed_at_once() {
        FileClaims a = claims("a", T0);
        a.claim("inbox", "f-3");

        a.release("inbox", "f-3");

        assertThat(claims("b", T0).claim("inbox", "f-3")).isTrue();
    }

    @Test
    void a_claim_taken_again_while_its_renewal_finds_it_gone_stays_held_and_renewed() throws Exception {
        FileClaims[] a = new FileClaims[1];
        boolean[] retaken = {false};
        // right after a's renewal finds no row of f-6 (its earlier claim was released meanwhile), a takes f-6 again,
        // as the next copy of an order under the same key does
        a[0] = new FileClaims(HookedDataSource.after(store.dataSource(), "executeUpdate",
                sql -> sql.startsWith("UPDATE file_claims SET lease_until"), () -> {
                    if (!retaken[0]) {
                        retaken[0] = true;
                        assertThat(a[0].claim("inbox", "f-6")).isTrue();
                    }
                }), "a", LEASE, Clock.fixed(T0, ZoneOffset.UTC));
        a[0].claim("inbox", "f-6");
        try (Connection c = store.dataSource().getConnection(); Statement sql = c.createStatement()) {
            sql.executeUpdate("DELETE FROM file_claims WHERE file_key = 'f-6'");
        }

        a[0].renewHeld();

        assertThat(retaken[0]).isTrue();
        assertThat(a[0].heldFiles()).as("the claim taken again is still renewed").isEqualTo(1);
        assertThat(a[0].renewHeld()).isEmpty();
    }

    private FileClaims claims(String instance, Instant now) {
        return new FileClaims(store.dataSource(), instance, LEASE, Clock.fixed(now, ZoneOffset.UTC));
    }
}
