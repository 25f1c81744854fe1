package com.impilo.bridge.feed;

import java.util.Optional;
import java.util.concurrent.Semaphore;

import com.impilo.bridge.api.ApiFailures;
import com.impilo.bridge.outcome.AuditTrail;
import com.impilo.bridge.store.FeedState;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.InvalidPayloadException;
import org.apache.camel.Message;
import com.impilo.bridge.outcome.OrderLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Change detection of the order feed, shared by the poll and the webhook: whether an order is in scope and differs
 * from the state last emitted for it, and recording an emission once it succeeded. An order is claimed while it is
 * compared and emitted, so that a poll and a webhook carrying the same change cannot both emit it.
 */
public final class FeedChanges {

    /** Exchange property: the {@link FeedOrder} being compared. */
    public static final String ORDER = "bridgeFeedOrder";
    /** Exchange property: the partner the order belongs to. */
    public static final String PARTNER = "bridgeFeedPartner";
    /** Exchange property: true when the order is in scope and differs from what was last emitted. */
    public static final String CHANGED = "bridgeFeedChanged";
    /** Exchange property: how the order arrived, {@code poll} or {@code webhook}. */
    public static final String VIA = "bridgeFeedVia";
    /** Exchange property: true when the order's emission failed. */
    public static final String FAILED = "bridgeFeedFailed";

    /** Header of the messages on the feed endpoint: the Impilo order id. */
    public static final String HEADER_ORDER_ID = "ImpiloOrderId";
    /** Header of the messages on the feed endpoint: the order's currentStatus. */
    public static final String HEADER_STATUS = "ImpiloOrderStatus";
    /** Header of the messages on the feed endpoint: the partner (ledger source, or _account). */
    public static final String HEADER_PARTNER = "ImpiloPartner";
    /** Header of the messages on the feed endpoint: {@code poll} or {@code webhook}. */
    public static final String HEADER_VIA = "ImpiloFeedVia";

    private static final String FINGERPRINT = "bridgeFeedFingerprint";
    private static final String CLAIM = "bridgeFeedClaim";
    private static final int STRIPES = 64;
    private static final Logger LOG = LoggerFactory.getLogger(FeedChanges.class);

    private final FeedScope scope;
    private final FeedState state;
    private final AuditTrail audit;
    private final Semaphore[] stripes = new Semaphore[STRIPES];

    public FeedChanges(FeedScope scope, FeedState state, AuditTrail audit) {
        this.scope = scope;
        this.state = state;
        this.audit = audit;
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new Semaphore(1);
        }
    }

    /** Waits until no other exchange is comparing or emitting this order; {@link #release} ends the claim. */
    public void claim(Exchange exchange) throws InterruptedException, InvalidPayloadException {
        FeedOrder order = exchange.getMessage().getMandatoryBody(FeedOrder.class);
        exchange.setProperty(ORDER, order);
        Semaphore stripe = stripes[Math.floorMod(Long.hashCode(order.id()), STRIPES)];
        stripe.acquire();
        exchange.setProperty(CLAIM, stripe);
    }

    public void release(Exchange exchange) {
        Semaphore stripe = exchange.getProperty(CLAIM, Semaphore.class);
        if (stripe != null) {
            exchange.removeProperty(CLAIM);
            stripe.release();
        }
    }

    /** Sets {@link #PARTNER} and {@link #CHANGED}: whether the order is in scope and not yet emitted as it is now. */
    public void detect(@ExchangeProperty(ORDER) FeedOrder found, Exchange exchange) {
        Optional<String> partner = scope.partnerOf(found);
        if (partner.isEmpty()) {
            LOG.debug("order feed: Impilo order {} was not created by this bridge; not in scope", found.id());
            exchange.setProperty(CHANGED, false);
            return;
        }
        // from here on, the order as the partner knows it: the outbox, the feed endpoint and the audit see that
        FeedOrder order = found.forPartner();
        exchange.setProperty(ORDER, order);
        exchange.getMessage().setBody(order);
        String fingerprint = OrderFingerprint.of(order.tree());
        boolean changed = !state.lastEmitted(order.id()).map(fingerprint::equals).orElse(false);
        exchange.setProperty(PARTNER, partner.get());
        exchange.setProperty(FINGERPRINT, fingerprint);
        exchange.setProperty(CHANGED, changed);
    }

    /** The message for the feed endpoint: the order's JSON as the API returned it, with id, status and partner. */
    public void message(@ExchangeProperty(ORDER) FeedOrder order, Exchange exchange) {
        Message message = exchange.getMessage();
        message.setBody(order.json());
        message.setHeader(HEADER_ORDER_ID, order.id());
        message.setHeader(HEADER_STATUS, order.currentStatus());
        message.setHeader(HEADER_PARTNER, exchange.getProperty(PARTNER, String.class));
        message.setHeader(HEADER_VIA, exchange.getProperty(VIA, String.class));
    }

    /** Every sink took the change: it is remembered, so that it is not emitted again. */
    public void emitted(@ExchangeProperty(ORDER) FeedOrder order, Exchange exchange) {
        String partner = exchange.getProperty(PARTNER, String.class);
        state.emitted(order.id(), partner, exchange.getProperty(FINGERPRINT, String.class), order.currentStatus());
        FeedWalk walk = exchange.getProperty(FeedPolls.WALK, FeedWalk.class);
        if (walk != null) {
            walk.emitted();
        }
        audit.record("status-changed", partner, null, null, null, order.externalOrderIds(), order.id(), null, null,
                order.currentStatus(), "via " + exchange.getProperty(VIA, String.class));
        OrderLog.LOG.info("order feed: impiloOrderId={} status={} partner={} via={}", order.id(), order.currentStatus(),
                partner, exchange.getProperty(VIA, String.class));
    }

    /** The emission failed: nothing is remembered, so the next poll (or webhook) offers the order again. */
    public void failed(Exchange exchange) {
        FeedOrder order = exchange.getProperty(ORDER, FeedOrder.class);
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        exchange.setProperty(FAILED, true);
        FeedWalk walk = exchange.getProperty(FeedPolls.WALK, FeedWalk.class);
        if (walk != null) {
            walk.orderFailed();
        }
        LOG.warn("order feed: impiloOrderId={} not emitted ({}); it is offered again on the next poll",
                order == null ? null : order.id(),
                ApiFailures.describe(failure));
    }
}
