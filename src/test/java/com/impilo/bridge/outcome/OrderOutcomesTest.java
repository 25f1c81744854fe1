package com.impilo.bridge.outcome;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.impilo.bridge.ingest.OrderMapping;
import com.impilo.bridge.ingest.ParsedOrder;
import com.impilo.bridge.ingest.Position;
import com.impilo.bridge.model.ImpiloJson;
import com.impilo.bridge.model.Order;
import com.impilo.bridge.store.FileClaims;
import com.impilo.bridge.store.IdempotencyKeys;
import com.impilo.bridge.store.LedgerEntry.State;
import com.impilo.bridge.store.OrderLedger;
import com.impilo.bridge.store.StateStore;
import com.impilo.bridge.support.Orders;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the bridge records of an order, without Camel: the ledger row, the receipt line, the audit trail, the dead
 * letter, and what a listener (the metrics) hears. A real state store and real folders.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class OrderOutcomesTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T09:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path data;

    private StateStore store;
    private OrderLedger ledger;
    private DataFolders folders;
    private FileOutcomes files;
    private OrderOutcomes outcomes;
    private final List<String> heard = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void open() {
        folders = new DataFolders(data).create();
        store = StateStore.open(null, data, null, null, "test-install");
        ledger = new OrderLedger(store.dataSource(), CLOCK);
        OutcomeListener listener = new OutcomeListener() {
            @Override
            public void order(String event, String source) {
                heard.add(event + " " + source);
            }

            @Override
            public void retried(String source) {
                heard.add("retried " + source);
            }
        };
        RunStats stats = new RunStats();
        outcomes = new OrderOutcomes(ledger, new IdempotencyKeys(store.installationId(), "derived"), folders, stats,
                CLOCK, new AuditTrail(data.resolve("audit"), 30, CLOCK), listener);
        files = new FileOutcomes(folders, stats, CLOCK, Map.of(), new ProgressLog(Duration.ofMinutes(1), CLOCK),
                new ArchiveWatch(folders.done(), Duration.ZERO, CLOCK), PartnerReplies.NONE, ledger);
    }

    @AfterEach
    void close() {
        store.stop();
    }

    @Test
    void a_created_order_is_in_the_ledger_the_receipt_and_the_audit_trail_and_the_listener_heard_it()
            throws Exception {
        FileRun run = files.open(new PickedFile("clinic", "orders.ndjson", null, -1, -1, null));
        OrderContext order = outcomes.begin(parsed("orders.ndjson", "PO-1"), run, 0);
        outcomes.request(order, order.parsed().order());
        order.attempt();
        outcomes.posting(order);
        outcomes.created(order, impiloOrder(9001, "PO-1", order.key(), 1234));
        order.done();
        files.complete(run, new PickedFile("clinic", "orders.ndjson", null, -1, -1, null));

        assertThat(order.key()).isEqualTo("bridge:test-install:clinic:PO-1");
        // in the store itself once its file is done, not only in this ledger's memory
        assertThat(new OrderLedger(store.dataSource(), CLOCK).find(order.key())).hasValueSatisfying(entry -> {
            assertThat(entry.state()).isEqualTo(State.CREATED);
            assertThat(entry.impiloOrderId()).isEqualTo(9001L);
            assertThat(entry.source()).isEqualTo("clinic");
        });
        JsonNode receipt = json(folders.done().resolve("orders.ndjson.receipt.json"));
        assertThat(receipt.path("orders").get(0).path("outcome").asText()).isEqualTo("created");
        assertThat(receipt.path("orders").get(0).path("impiloOrderId").asLong()).isEqualTo(9001);
        assertThat(receipt.path("summary").path("created").asInt()).isEqualTo(1);
        assertThat(auditEvents()).containsExactly("received", "validated", "posted", "created");
        assertThat(heard).containsExactly("received clinic", "created clinic");
    }

    @Test
    void a_second_copy_in_the_same_file_is_a_duplicate_of_the_first_before_the_first_is_committed() {
        FileRun run = files.open(new PickedFile("clinic", "orders.ndjson", null, -1, -1, null));
        OrderContext first = outcomes.begin(parsed("orders.ndjson", "PO-3"), run, 0);
        outcomes.request(first, first.parsed().order());
        outcomes.created(first, impiloOrder(79, "PO-3", first.key(), 1234));
        first.done();

        OrderContext again = outcomes.begin(parsed("orders.ndjson", "PO-3"), run, 1);
        again.done();

        assertThat(again.duplicateOf()).isEqualTo(79L);
        assertThat(again.unsure()).as("not looked for at Impilo").isFalse();
    }

    @Test
    void a_file_left_at_its_source_still_has_its_created_orders_committed() {
        PickedFile picked = new PickedFile("clinic", "orders.ndjson", null, -1, -1, null);
        FileRun run = files.open(picked);
        OrderContext order = outcomes.begin(parsed("orders.ndjson", "PO-4"), run, 0);
        outcomes.request(order, order.parsed().order());
        outcomes.created(order, impiloOrder(80, "PO-4", order.key(), 1234));
        order.done();

        files.abandon(run, "clinic", "orders.ndjson", FileRun.Stop.API_KEY_REFUSED);

        assertThat(new OrderLedger(store.dataSource(), CLOCK).find(order.key())).hasValueSatisfying(entry -> {
            assertThat(entry.state()).isEqualTo(State.CREATED);
            assertThat(entry.impiloOrderId()).isEqualTo(80L);
        });
    }

    @Test
    void the_request_keeps_the_partner_ids_and_adds_the_bridge_stamp_last() {
        OrderContext order = outcomes.begin(parsed("a.json", "PO-7"), null, 0);
        outcomes.request(order, order.parsed().order());
        order.done();

        assertThat(order.source()).isEqualTo("direct");
        assertThat(order.request().externalOrderIds()).containsExactly("PO-7", "bridge:test-install:direct:PO-7");
    }

    @Test
    void the_same_order_after_its_creation_is_a_duplicate_of_it_and_is_not_sent_again() {
        OrderContext first = outcomes.begin(parsed("a.json", "PO-2"), null, 0);
        outcomes.request(first, first.parsed().order());
        outcomes.created(first, impiloOrder(77, "PO-2", first.key(), 1234));
        first.done();

        OrderContext again = outcomes.begin(parsed("b.json", "PO-2"), null, 0);
        outcomes.duplicate(again);
        again.done();

        assertThat(again.isDuplicate()).isTrue();
        assertThat(again.duplicateOf()).isEqualTo(77L);
        assertThat(ledger.find(again.key())).hasValueSatisfying(entry -> {
            assertThat(entry.state()).isEqualTo(State.CREATED);
            assertThat(entry.impiloOrderId()).isEqualTo(77L);
        });
        assertThat(heard).endsWith("received direct", "duplicate direct");
    }

    @Test
    void an_order_seen_before_but_not_known_as_created_is_looked_for_at_impilo_before_it_is_created() {
        OrderContext fresh = outcomes.begin(parsed("a.json", "PO-3"), null, 0);
        fresh.attempt();
        assertThat(outcomes.mayAlreadyExist(fresh)).isFalse();
        fresh.attempt();
        assertThat(outcomes.mayAlreadyExist(fresh)).as("a retry may follow a lost answer").isTrue();
        fresh.done();

        // the first run crashed with the order in flight
        OrderContext afterCrash = outcomes.begin(parsed("a.json", "PO-3"), null, 0);
        afterCrash.attempt();
        afterCrash.done();

        assertThat(outcomes.mayAlreadyExist(afterCrash)).isTrue();
    }

    @Test
    void an_order_found_by_its_stamp_is_adopted_only_for_the_same_patient() {
        OrderContext order = outcomes.begin(parsed("a.json", "PO-4"), null, 0);
        outcomes.request(order, order.parsed().order());

        order.found(impiloOrder(500, "PO-4", order.key(), 1234));
        assertThatNoException().isThrownBy(() -> outcomes.checkFound(order));

        order.found(impiloOrder(501, "PO-4", order.key(), 78));
        assertThatThrownBy(() -> outcomes.checkFound(order))
                .isInstanceOf(ConflictingOrderException.class)
                .hasMessageContaining("Impilo order 501 carries this order's key " + order.key())
                .hasMessageContaining("is for patient 78, while this order is for patient 1234");
        order.done();
    }

    @Test
    void a_rejected_order_goes_to_rejected_with_its_reason_and_stays_rejected_in_the_ledger() throws Exception {
        FileRun run = files.open(new PickedFile("clinic", "batch.ndjson", null, -1, -1, null));
        OrderContext order = outcomes.begin(parsed("batch.ndjson", "PO-5"), run, 0);
        outcomes.rejected(order, new OrderFailure("the order breaks the Impilo order rules (1 problem(s))",
                "invalid-order", List.of("orderItems[0].count: must be at least 1"), null, null, "invalid"));
        order.done();

        Path errorFile = folders.rejected().resolve("batch.index0.json.error.json");
        assertThat(folders.rejected().resolve("batch.index0.json")).isRegularFile();
        JsonNode error = json(errorFile);
        assertThat(error.path("reason").asText()).isEqualTo("the order breaks the Impilo order rules (1 problem(s))");
        assertThat(error.path("violations").get(0).asText()).isEqualTo("orderItems[0].count: must be at least 1");
        assertThat(error.path("idempotencyKey").asText()).isEqualTo(order.key());
        assertThat(error.path("replay").asText()).contains("replay --data-dir");
        assertThat(ledger.find(order.key())).hasValueSatisfying(entry ->
                assertThat(entry.state()).isEqualTo(State.REJECTED));
        assertThat(heard).containsExactly("received clinic", "rejected clinic");
    }

    @Test
    void an_undelivered_order_counts_its_attempts_and_its_retries_are_in_the_audit_trail() throws Exception {
        OrderContext order = outcomes.begin(parsed("a.json", "PO-6"), null, 0);
        outcomes.request(order, order.parsed().order());
        order.attempt();
        outcomes.retrying(order, 503, null);
        order.attempt();
        outcomes.retrying(order, 0, "ConnectException: Connection refused");
        order.attempt();
        outcomes.undelivered(order, new OrderFailure("not delivered after 3 attempt(s): HTTP 503", "undelivered",
                null, 503, "{\"message\":\"busy\"}", "HTTP 503 after 3 attempt(s)"));
        order.done();

        JsonNode error = json(folders.undelivered().resolve("a.index0.json.error.json"));
        assertThat(error.path("attempts").asInt()).isEqualTo(3);
        assertThat(error.path("httpStatus").asInt()).isEqualTo(503);
        assertThat(auditEvents()).containsExactly("received", "validated", "retried", "retried", "undelivered");
        assertThat(auditLines()).anySatisfy(line -> assertThat(line)
                .contains("\"event\":\"retried\"").contains("\"attempt\":1").contains("\"httpStatus\":503"));
        assertThat(auditLines()).anySatisfy(line -> assertThat(line)
                .contains("\"attempt\":2").contains("\"reason\":\"ConnectException: Connection refused\""));
        assertThat(heard).containsExactly("received direct", "retried direct", "retried direct",
                "undelivered direct");
    }

    @Test
    void a_second_copy_of_an_order_waits_until_the_first_is_done_then_finds_it_created() throws Exception {
        OrderContext first = outcomes.begin(parsed("a.json", "PO-8"), null, 0);
        CompletableFuture<OrderContext> second = CompletableFuture.supplyAsync(
                () -> outcomes.begin(parsed("b.json", "PO-8"), null, 0));
        outcomes.request(first, first.parsed().order());
        outcomes.created(first, impiloOrder(88, "PO-8", first.key(), 1234));
        assertThat(second).isNotDone();

        first.done();

        assertThat(second.get(30, TimeUnit.SECONDS).duplicateOf()).isEqualTo(88L);
        second.get().done();
    }

    @Test
    void in_a_shared_store_an_orders_claim_is_taken_with_its_entry_and_released_with_its_outcome() throws Exception {
        FileClaims claims = new FileClaims(store.dataSource(), "a", Duration.ofSeconds(30), CLOCK);
        OrderOutcomes shared = new OrderOutcomes(ledger, new IdempotencyKeys(store.installationId(), "derived"), folders,
                new RunStats(), CLOCK, new AuditTrail(data.resolve("audit"), 30, CLOCK), OutcomeListener.NONE, claims);
        FileRun run = files.open(new PickedFile("clinic", "orders.ndjson", null, -1, -1, null));

        OrderContext created = shared.begin(parsed("orders.ndjson", "PO-10"), run, 0);
        assertThat(claims.all()).extracting(FileClaims.Claim::fileKey).containsExactly(created.key());
        shared.request(created, created.parsed().order());
        shared.created(created, impiloOrder(910, "PO-10", created.key(), 1234));
        assertThat(claims.all()).as("released by the creation's write, before the order is done").isEmpty();
        assertThat(new OrderLedger(store.dataSource(), CLOCK).find(created.key())).as("committed, not held back")
                .hasValueSatisfying(entry -> assertThat(entry.state()).isEqualTo(State.CREATED));
        created.done();

        OrderContext rejected = shared.begin(parsed("orders.ndjson", "PO-11"), run, 1);
        shared.rejected(rejected, new OrderFailure("the order breaks the Impilo order rules (1 problem(s))",
                "invalid-order", List.of("orderItems[0].count: must be at least 1"), null, null, "invalid"));
        assertThat(claims.all()).as("released by the dead letter's write").isEmpty();
        rejected.done();

        OrderContext again = shared.begin(parsed("orders.ndjson", "PO-10"), run, 2);
        assertThat(again.duplicateOf()).isEqualTo(910L);
        assertThat(claims.all()).extracting(FileClaims.Claim::fileKey).containsExactly(again.key());
        again.done();
        assertThat(claims.all()).as("a duplicate writes no outcome: released when it is done").isEmpty();
    }

    @Test
    void an_order_that_failed_before_it_began_is_named_by_its_key_in_its_dead_letter() throws Exception {
        OrderContext order = outcomes.unbegun(parsed("a.json", "PO-9"), null, 0);
        outcomes.undelivered(order, new OrderFailure("the data folder is full", "undelivered", null, null, null,
                "full"));

        assertThat(json(folders.undelivered().resolve("a.index0.json.error.json")).path("idempotencyKey").asText())
                .isEqualTo("bridge:test-install:direct:PO-9");
    }

    private static ParsedOrder parsed(String file, String externalId) {
        try {
            return OrderMapping.map(file, Position.index(0), ImpiloJson.mapper().readTree(
                    Orders.patientOrder(externalId)));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Order impiloOrder(long id, String externalId, String stamp, long patient) {
        try {
            return ImpiloJson.mapper().readValue("""
                    {"id": %d, "externalOrderIds": ["%s", "%s"], "patient": {"id": %d}, "currentStatus": "orderPlaced",
                     "orderItems": [{"item": {"id": 12}, "count": 10}]}""".formatted(id, externalId, stamp, patient),
                    Order.class);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode json(Path file) throws IOException {
        return ImpiloJson.mapper().readTree(file.toFile());
    }

    private List<String> auditLines() throws IOException {
        List<String> lines = new ArrayList<>();
        for (Path file : AuditTrail.files(data.resolve("audit"))) {
            lines.addAll(Files.readAllLines(file));
        }
        return lines;
    }

    private List<String> auditEvents() throws IOException {
        List<String> events = new ArrayList<>();
        for (String line : auditLines()) {
            events.add(ImpiloJson.mapper().readTree(line).path("event").asText());
        }
        return events;
    }
}
