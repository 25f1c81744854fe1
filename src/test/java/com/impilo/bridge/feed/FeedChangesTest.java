package com.impilo.bridge.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.impilo.bridge.outcome.AuditTrail;
import com.impilo.bridge.settings.FeedCoverage;
import com.impilo.bridge.store.FeedState;
import com.impilo.bridge.store.FileClaims;
import com.impilo.bridge.store.IdempotencyKeys;
import com.impilo.bridge.store.OrderLedger;
import com.impilo.bridge.store.StateStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Change detection of the order feed, without Camel: in scope? changed? remembered once emitted, not before. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FeedChangesTest {

    private static final String CLINIC = "bridge:test-install:clinic:";
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T09:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path data;

    private StateStore store;
    private FeedChanges changes;

    @BeforeEach
    void open() {
        store = StateStore.open(null, data, null, null, "test-install");
        IdempotencyKeys keys = new IdempotencyKeys(store.installationId(), "derived");
        changes = new FeedChanges(new FeedScope(new OrderLedger(store.dataSource(), CLOCK), keys, FeedCoverage.BRIDGE),
                new FeedState(store.dataSource(), CLOCK), new AuditTrail(data.resolve("audit"), 30, CLOCK));
    }

    @AfterEach
    void close() {
        store.stop();
    }

    @Test
    void an_order_of_the_bridge_is_a_change_for_its_partner_without_the_bridge_stamp() {
        Optional<FeedChanges.Change> change = changes.detect(order(10, "shipped", "PO-1", CLINIC + "PO-1"));

        assertThat(change).hasValueSatisfying(found -> {
            assertThat(found.partner()).isEqualTo("clinic");
            assertThat(found.changed()).isTrue();
            assertThat(found.order().externalOrderIds()).containsExactly("PO-1");
        });
    }

    @Test
    void an_order_another_system_created_is_not_in_the_bridge_scope() {
        assertThat(changes.detect(order(11, "shipped", "PO-1", "crm:PO-1"))).isEmpty();
    }

    @Test
    void an_emitted_state_is_not_a_change_again_until_the_order_changes() throws Exception {
        FeedChanges.Change first = changes.detect(order(12, "shipped", "PO-2", CLINIC + "PO-2")).orElseThrow();
        changes.emitted(first, "poll");

        assertThat(changes.detect(order(12, "shipped", "PO-2", CLINIC + "PO-2")).orElseThrow().changed())
                .isFalse();
        assertThat(changes.detect(order(12, "delivered", "PO-2", CLINIC + "PO-2")).orElseThrow().changed())
                .isTrue();
        List<String> audit = Files.readAllLines(AuditTrail.files(data.resolve("audit")).get(0));
        assertThat(audit).singleElement().satisfies(line -> assertThat(line).contains("\"event\":\"status-changed\"")
                .contains("\"impiloOrderId\":12").contains("\"outcome\":\"shipped\"").contains("via poll")
                .doesNotContain("bridge:test-install"));
    }

    @Test
    void a_failed_emission_is_not_remembered_so_the_order_is_offered_again() {
        FeedOrder order = order(13, "shipped", "PO-3", CLINIC + "PO-3");
        changes.failed(changes.detect(order).orElseThrow().order(), "the outbox is not writable");

        assertThat(changes.detect(order).orElseThrow().changed()).isTrue();
    }

    @Test
    void a_poll_and_a_webhook_cannot_compare_the_same_order_at_the_same_time() throws Exception {
        Runnable pollClaim = changes.claim(14);
        CompletableFuture<Runnable> webhookClaim = CompletableFuture.supplyAsync(() -> {
            try {
                return changes.claim(14);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(webhookClaim).isNotDone();

        pollClaim.run();

        webhookClaim.get(30, TimeUnit.SECONDS).run();
        assertThat(webhookClaim).isCompleted();
    }

    private static FeedOrder order(long id, String status, String... externalIds) {
        String ids = String.join("\",\"", externalIds);
        return FeedPages.order("{\"id\":" + id + ",\"currentStatus\":\"" + status + "\",\"externalOrderIds\":[\""
                + ids + "\"],\"patient\":{\"id\":1234}}");
    }

    @Test
    void two_instances_sharing_a_store_compare_and_emit_one_order_one_at_a_time() throws Exception {
        FileClaims ofA = new FileClaims(store.dataSource(), "a", Duration.ofSeconds(30), Clock.systemUTC());
        FileClaims ofB = new FileClaims(store.dataSource(), "b", Duration.ofSeconds(30), Clock.systemUTC());
        FeedChanges a = new FeedChanges(scope(), new FeedState(store.dataSource(), CLOCK), audit(), ofA);
        FeedChanges b = new FeedChanges(scope(), new FeedState(store.dataSource(), CLOCK), audit(), ofB);
        Runnable heldByA = a.claim(12);

        CompletableFuture<Runnable> byB = CompletableFuture.supplyAsync(() -> {
            try {
                return b.claim(12);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Runnable otherOrder = b.claim(13);
        otherOrder.run();

        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> !byB.isDone());
        heldByA.run();
        byB.get(10, TimeUnit.SECONDS).run();
        assertThat(ofA.all()).as("no claim left once both are done").isEmpty();
    }

    private FeedScope scope() {
        return new FeedScope(new OrderLedger(store.dataSource(), CLOCK), new IdempotencyKeys(store.installationId(),
                "derived"), FeedCoverage.BRIDGE);
    }

    private AuditTrail audit() {
        return new AuditTrail(data.resolve("audit"), 30, CLOCK);
    }
}
