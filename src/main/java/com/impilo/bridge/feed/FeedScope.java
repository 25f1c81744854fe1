package com.impilo.bridge.feed;

import java.util.Optional;

import com.impilo.bridge.settings.FeedCoverage;
import com.impilo.bridge.store.IdempotencyKeys;
import com.impilo.bridge.store.LedgerEntry;
import com.impilo.bridge.store.OrderLedger;

/**
 * Which orders the feed covers and whose they are: an order that carries this bridge's stamp goes to the partner
 * source the stamp names, one the ledger has as created by this bridge (before stamps) to the source it came from;
 * with scope {@code account}, every other order of the account goes to {@value #ACCOUNT_PARTNER}. An order is never
 * given to a partner because it carries that partner's order id: anyone can create an order with any id.
 */
public final class FeedScope {

    /** The partner of orders the ledger does not know, with scope {@code account}. */
    public static final String ACCOUNT_PARTNER = "_account";

    private final OrderLedger ledger;
    private final IdempotencyKeys keys;
    private final FeedCoverage mode;

    public FeedScope(OrderLedger ledger, IdempotencyKeys keys, FeedCoverage mode) {
        this.ledger = ledger;
        this.keys = keys;
        this.mode = mode;
    }

    /** The partner the order belongs to, empty when it is outside the feed's scope. */
    public Optional<String> partnerOf(FeedOrder order) {
        Optional<String> source = order.externalOrderIds().stream().map(keys::sourceOf).flatMap(Optional::stream)
                .findFirst()
                .or(() -> ledger.findCreated(order.id()).map(LedgerEntry::source));
        if (source.isPresent() || mode == FeedCoverage.BRIDGE) {
            return source;
        }
        return Optional.of(ACCOUNT_PARTNER);
    }
}
