package com.impilo.bridge.outcome;

import java.util.List;

import com.impilo.bridge.ingest.ParsedOrder;
import com.impilo.bridge.model.Order;
import com.impilo.bridge.model.ResolvedReference;
import com.impilo.bridge.store.FileClaims;

/**
 * One order on its way through the bridge: the order as read, the file it came from, and what is known of it so
 * far (its key, whether it was created before, the request as sent, what an earlier attempt left at Impilo).
 */
public final class OrderContext {

    private final ParsedOrder parsed;
    private final FileRun file;
    private final long sequence;
    private String key;
    private Runnable release = () -> { };
    private FileClaims.KeyClaim claim;
    private String duplicate;
    private Long duplicateOf;
    private boolean unsure;
    private String legacyKey;
    private Order request;
    private List<ResolvedReference> resolved = List.of();
    private Order found;
    private int attempts;
    private Long cancels;

    /**
     * @param file     the file it came from, or null for an order a host application submitted
     * @param sequence its place in its file, which orders its receipt lines
     */
    public OrderContext(ParsedOrder parsed, FileRun file, long sequence) {
        this.parsed = parsed;
        this.file = file;
        this.sequence = sequence;
    }

    /** The Impilo order this order cancels (an X12 cancellation), or null for an order to create. */
    public Long cancels() {
        return cancels;
    }

    void cancels(Long impiloOrderId) {
        this.cancels = impiloOrderId;
    }

    /** Whether this is a partner's cancellation of an order rather than an order to create. */
    public boolean isCancellation() {
        return parsed.cancels();
    }

    public ParsedOrder parsed() {
        return parsed;
    }

    /** The file it came from, or null for an order a host application submitted. */
    public FileRun file() {
        return file;
    }

    long sequence() {
        return sequence;
    }

    /** The partner source it came from; {@code direct} for an order a host application submitted. */
    public String source() {
        return file != null ? file.source() : "direct";
    }

    /** Its key (the bridge's stamp), once {@link OrderOutcomes#begin} has given it one. */
    public String key() {
        return key;
    }

    void key(String value) {
        this.key = value;
    }

    /** Holds its key's lock until {@link #done()}. */
    void holding(Runnable unlock) {
        this.release = unlock;
    }

    /** Holds its key's claim among the instances sharing the store: released with its outcome, or by {@link #done()}. */
    void claiming(FileClaims.KeyClaim keyClaim) {
        this.claim = keyClaim;
    }

    /** Its key's claim among the instances sharing the store, or null in a store of its own. */
    FileClaims.KeyClaim claim() {
        return claim;
    }

    /**
     * The order's way is over, whatever its outcome: its key's claim, unless its outcome's ledger entry released it,
     * then its key's lock are released. Safe to call twice.
     */
    public void done() {
        Runnable unlock = release;
        release = () -> { };
        try {
            if (claim != null) {
                claim.release();
            }
        } finally {
            unlock.run();
        }
    }

    /** True when the same order was created before: it is not sent again. */
    public boolean isDuplicate() {
        return duplicate != null;
    }

    String duplicate() {
        return duplicate;
    }

    /** The Impilo id of the earlier creation of the same order, when known. */
    public Long duplicateOf() {
        return duplicateOf;
    }

    void duplicateOf(String why, Long impiloId) {
        this.duplicate = why;
        this.duplicateOf = impiloId;
    }

    boolean unsure() {
        return unsure;
    }

    void unsure(boolean value) {
        this.unsure = value;
    }

    /** The key of a bridge from before the stamps, under which an earlier attempt may have created it, or null. */
    public String legacyKey() {
        return legacyKey;
    }

    void legacyKey(String value) {
        this.legacyKey = value;
    }

    /** The order as it is sent, with the bridge's stamp among its external order ids, once it passed the rules. */
    public Order request() {
        return request;
    }

    void request(Order value) {
        this.request = value;
    }

    /** The partner's references resolved to Impilo ids for this order (empty when it named everything by id). */
    public List<ResolvedReference> resolved() {
        return resolved;
    }

    void resolved(List<ResolvedReference> value) {
        this.resolved = List.copyOf(value);
    }

    /** The order found at Impilo before creating it again, or null. */
    public Order found() {
        return found;
    }

    /** What a look-up at Impilo found: the order, or null. */
    public void found(Order value) {
        this.found = value;
    }

    /** How many delivery attempts were made. */
    public int attempts() {
        return attempts;
    }

    /** One more delivery attempt begins: what an earlier one found is looked for again. */
    public void attempt() {
        attempts++;
        found = null;
    }
}
