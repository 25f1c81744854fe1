package com.impilo.bridge.feed;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.Semaphore;

import com.impilo.bridge.outcome.AuditTrail;
import com.impilo.bridge.outcome.OrderLog;
import com.impilo.bridge.store.FeedState;
import com.impilo.bridge.store.FileClaims;
import com.impilo.bridge.store.IdempotencyKeys;
import com.impilo.bridge.text.LogText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Change detection of the order feed, shared by the poll and the webhook: whether an order is in scope and differs
 * from the state last emitted for it, and recording an emission once it succeeded. An order is claimed while it is
 * compared and emitted, so that a poll and a webhook carrying the same change cannot both emit it.
 */
public final class FeedChanges {

    /** Header of the messages on the feed endpoint: the Impilo order id. */
    public static final String HEADER_ORDER_ID = "ImpiloOrderId";
    /** Header of the messages on the feed endpoint: the order's currentStatus. */
    public static final String HEADER_STATUS = "ImpiloOrderStatus";
    /** Header of the messages on the feed endpoint: the partner (ledger source, or _account). */
    public static final String HEADER_PARTNER = "ImpiloPartner";
    /** Header of the messages on the feed endpoint: {@code poll} or {@code webhook}. */
    public static final String HEADER_VIA = "ImpiloFeedVia";

    private static final int STRIPES = 64;
    // the feed's claims of orders, beside the sources' claims of files; no source has a name with '#'
    private static final String CLAIMS = "#feed";
    private static final Logger LOG = LoggerFactory.getLogger(FeedChanges.class);

    /**
     * An order in the feed's scope: as its partner knows it (without the bridge's stamps), whose it is, what its
     * state looks like now, whether that differs from what was last emitted, and the bridge's stamps it carried (its
     * keys, for what the bridge keeps of it).
     */
    public record Change(FeedOrder order, String partner, String fingerprint, boolean changed, List<String> keys) {
    }

    private final FeedScope scope;
    private final FeedState state;
    private final AuditTrail audit;
    private final Semaphore[] stripes = new Semaphore[STRIPES];
    private final FileClaims acrossInstances;

    public FeedChanges(FeedScope scope, FeedState state, AuditTrail audit) {
        this(scope, state, audit, null);
    }

    /**
     * @param acrossInstances the claims of the store that several instances share, through which one instance at a
     *                        time compares and emits an order (the leader's poll and a webhook another instance
     *                        received may see the same change at once); null when the store is this instance's own
     */
    public FeedChanges(FeedScope scope, FeedState state, AuditTrail audit, FileClaims acrossInstances) {
        this.scope = scope;
        this.state = state;
        this.audit = audit;
        this.acrossInstances = acrossInstances;
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new Semaphore(1);
        }
    }

    /**
     * Waits until no one else, in this instance or another sharing the store, is comparing or emitting this order;
     * returns what ends the claim. Another instance's claim ends when it has emitted, or after its lease if it died.
     */
    public Runnable claim(long orderId) throws InterruptedException {
        Semaphore stripe = stripes[Math.floorMod(Long.hashCode(orderId), STRIPES)];
        stripe.acquire();
        if (acrossInstances == null) {
            return stripe::release;
        }
        return acrossInstances.holdAfter(stripe::release, CLAIMS, Long.toString(orderId));
    }

    /** Whether the order is in scope and, if it is, whose it is and whether it changed since the last emission. */
    public Optional<Change> detect(FeedOrder found) {
        Optional<String> partner = scope.partnerOf(found);
        if (partner.isEmpty()) {
            LOG.debug("order feed: Impilo order {} was not created by this bridge; not in scope", found.id());
            return Optional.empty();
        }
        // from here on, the order as the partner knows it: the outbox, the feed endpoint and the audit see that
        FeedOrder order = found.forPartner();
        String fingerprint = OrderFingerprint.of(order.tree());
        boolean changed = !state.lastEmitted(order.id()).map(fingerprint::equals).orElse(false);
        return Optional.of(new Change(order, partner.get(), fingerprint, changed,
                found.externalOrderIds().stream().filter(IdempotencyKeys::isStamp).toList()));
    }

    /** Every sink took the change: it is remembered, so that it is not emitted again. */
    public void emitted(Change change, String via) {
        FeedOrder order = change.order();
        state.emitted(order.id(), change.partner(), change.fingerprint(), order.currentStatus());
        audit.record("status-changed", change.partner(), null, null, null, order.externalOrderIds(), order.id(), null,
                null, order.currentStatus(), "via " + via);
        OrderLog.LOG.info("order feed: impiloOrderId={} status={} partner={} via={}", order.id(),
                LogText.of(order.currentStatus()), change.partner(), via);
    }

    /** The emission failed: nothing is remembered, so the next poll (or webhook) offers the order again. */
    public void failed(FeedOrder order, String why) {
        LOG.warn("order feed: impiloOrderId={} not emitted ({}); it is offered again on the next poll",
                order == null ? null : order.id(), LogText.of(why));
    }
}
