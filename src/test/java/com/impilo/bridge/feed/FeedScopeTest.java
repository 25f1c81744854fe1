package com.impilo.bridge.feed;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

import com.impilo.bridge.settings.FeedCoverage;
import com.impilo.bridge.model.ImpiloJson;
import com.impilo.bridge.store.IdempotencyKeys;
import com.impilo.bridge.store.LedgerEntry;
import com.impilo.bridge.store.OrderLedger;
import com.impilo.bridge.store.StateStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which orders the feed covers, and which partner each belongs to, from the ledger in a real state store. */
class FeedScopeTest {

    @TempDir
    Path dataDir;

    private static final IdempotencyKeys KEYS = new IdempotencyKeys("inst1", "bridge-");

    private StateStore store;
    private OrderLedger ledger;

    @BeforeEach
    void openStore() {
        store = StateStore.open(null, dataDir, null, null);
        ledger = new OrderLedger(store.dataSource(), Clock.systemUTC());
        ledger.record(new LedgerEntry("PO-1", List.of("PO-1"), "clinic-a", "a.json", "index 0",
                LedgerEntry.State.CREATED, 1001L, "orderPlaced", null));
        ledger.record(new LedgerEntry("PO-2", List.of("PO-2"), "pharmacy-b", "b.ndjson", "line 1",
                LedgerEntry.State.CREATED, null, null, null));
    }

    @AfterEach
    void closeStore() {
        store.stop();
    }

    @Test
    void routes_the_bridges_orders_to_the_partner_its_stamp_or_its_ledger_row_names() throws Exception {
        FeedScope scope = new FeedScope(ledger, KEYS, FeedCoverage.BRIDGE);

        assertThat(scope.partnerOf(order(1001, "[]"))).as("created before stamps").hasValue("clinic-a");
        assertThat(scope.partnerOf(order(1002, "[\"PO-2\", \"bridge:inst1:pharmacy-b:PO-2\"]"))).hasValue("pharmacy-b");
        assertThat(scope.partnerOf(order(1003, "[\"someone-else\"]"))).isEmpty();
    }

    @Test
    void never_gives_a_partner_an_order_for_carrying_its_order_id_or_another_installations_stamp() throws Exception {
        FeedScope scope = new FeedScope(ledger, KEYS, FeedCoverage.BRIDGE);

        assertThat(scope.partnerOf(order(1004, "[\"PO-2\"]"))).as("made outside the bridge with PO-2").isEmpty();
        assertThat(scope.partnerOf(order(1005, "[\"bridge:inst2:pharmacy-b:PO-2\"]"))).isEmpty();
    }

    @Test
    void with_account_scope_sends_the_other_orders_to_the_account_partner() throws Exception {
        FeedScope scope = new FeedScope(ledger, KEYS, FeedCoverage.ACCOUNT);

        assertThat(scope.partnerOf(order(1001, "[]"))).hasValue("clinic-a");
        assertThat(scope.partnerOf(order(1003, "[\"someone-else\"]"))).hasValue(FeedScope.ACCOUNT_PARTNER);
    }

    @Test
    void reads_the_scope_setting_ignoring_case() {
        assertThat(FeedCoverage.of(" Account ")).isEqualTo(FeedCoverage.ACCOUNT);
        assertThat(FeedCoverage.of("bridge")).isEqualTo(FeedCoverage.BRIDGE);
        assertThat(FeedCoverage.of("everything")).isNull();
    }

    private static FeedOrder order(long id, String externalIds) throws Exception {
        String json = "{\"id\": " + id + ", \"externalOrderIds\": " + externalIds + "}";
        return new FeedOrder(id, json, ImpiloJson.mapper().readTree(json));
    }
}
