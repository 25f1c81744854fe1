package com.impilo.bridge.outcome;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.impilo.bridge.ingest.ParsedOrder;
import com.impilo.bridge.model.Order;
import com.impilo.bridge.model.ResolvedReference;
import com.impilo.bridge.store.FileClaims;
import com.impilo.bridge.store.IdempotencyKeys;
import com.impilo.bridge.store.LedgerEntry;
import com.impilo.bridge.store.LedgerEntry.State;
import com.impilo.bridge.store.OrderLedger;
import com.impilo.bridge.text.LogText;
import com.impilo.bridge.validate.InvalidOrderException;
import com.impilo.bridge.validate.Violation;

/**
 * Records what became of each order, in one place: the ledger row, the receipt line, the audit line, the dead letter
 * and the log line. Logs carry ids and positions only, never patient data.
 */
public final class OrderOutcomes {

    private final OrderLedger ledger;
    private final IdempotencyKeys keys;
    private final DataFolders folders;
    private final RunStats stats;
    private final Clock clock;
    // the orders' claims, beside the sources' claims of files; no source has a name with '#'
    private static final String ORDER_CLAIMS = "#order";
    private final KeyLocks keyLocks = new KeyLocks(1024);
    private final FileClaims acrossInstances;
    private final AuditTrail audit;
    private final OutcomeListener listener;

    public OrderOutcomes(OrderLedger ledger, IdempotencyKeys keys, DataFolders folders, RunStats stats, Clock clock,
                         AuditTrail audit, OutcomeListener listener) {
        this(ledger, keys, folders, stats, clock, audit, listener, null);
    }

    /**
     * @param acrossInstances the claims of the store that several instances share, through which one instance at a
     *                        time works on an order's key (the same order in two files two instances took); null when
     *                        the store is this instance's own
     */
    public OrderOutcomes(OrderLedger ledger, IdempotencyKeys keys, DataFolders folders, RunStats stats, Clock clock,
                         AuditTrail audit, OutcomeListener listener, FileClaims acrossInstances) {
        this.acrossInstances = acrossInstances;
        this.ledger = ledger;
        this.keys = keys;
        this.folders = folders;
        this.stats = stats;
        this.clock = clock;
        this.audit = audit;
        this.listener = listener;
    }

    /**
     * Before the call: gives the order its key and holds the key's lock until the order is {@linkplain
     * OrderContext#done() done}; finds an earlier creation of the same order (then it is not sent again), or marks it
     * in flight. A created order stays created in the ledger whatever becomes of a later copy.
     */
    public OrderContext begin(ParsedOrder parsed, FileRun file, long sequence) {
        OrderContext order = received(parsed, file, sequence, false);
        try {
            return begun(order, parsed);
        } catch (RuntimeException e) {
            // the order goes no further: its key's lock and claim must not outlive it
            order.done();
            throw e;
        }
    }

    private OrderContext begun(OrderContext order, ParsedOrder parsed) {
        // in flight from here on, unless it was created already (a created entry stays created); in a shared store
        // with its key's claim among the instances, taken in the same transaction
        LedgerEntry inFlight = entry(order, State.IN_FLIGHT, null, null, null);
        Optional<LedgerEntry> earlier;
        if (acrossInstances == null) {
            earlier = ledger.begin(inFlight);
        } else {
            FileClaims.KeyClaim claim = acrossInstances.keyClaim(ORDER_CLAIMS, order.key());
            order.claiming(claim);
            earlier = ledger.beginClaiming(inFlight, claim);
        }
        // An order that could not be read is never skipped as a duplicate: its problems must reach the partner even
        // when an order with the same id was created (a CSV order id reappearing after other orders of its file).
        if (parsed.readable() && earlier.isPresent() && earlier.get().state() == State.CREATED) {
            order.duplicateOf("duplicate of Impilo order " + earlier.get().impiloOrderId(),
                    earlier.get().impiloOrderId());
            return order;
        }
        // Seen before but not known as created: a crash, a lost answer or a replay may still have created it.
        order.unsure(earlier.isPresent());
        if (earlier.isPresent()) {
            ledger.legacyKey(order.key()).ifPresent(order::legacyKey);
        }
        return order;
    }

    /**
     * Before a partner's cancellation is carried out: it takes the key of the order it cancels (the same partner, the
     * same order id) and holds its lock, and finds the order the bridge created under it. The ledger is not written:
     * the order stays created there whatever becomes of its cancellation.
     *
     * @throws InvalidOrderException when the bridge created no order under that key: there is nothing to cancel
     */
    public OrderContext beginCancellation(ParsedOrder parsed, FileRun file, long sequence)
            throws InvalidOrderException {
        OrderContext order = received(parsed, file, sequence, true);
        Optional<LedgerEntry> created;
        try {
            created = ledger.find(order.key()).filter(entry -> entry.state() == State.CREATED
                    && entry.impiloOrderId() != null);
        } catch (RuntimeException e) {
            order.done();
            throw e;
        }
        if (created.isEmpty()) {
            order.done();
            throw new InvalidOrderException(List.of(new Violation("BEG01", "a cancellation of purchase order "
                    + String.join(", ", parsed.externalOrderIds()) + ", which the bridge has not created for this"
                    + " partner: there is nothing to cancel")));
        }
        order.cancels(created.get().impiloOrderId());
        return order;
    }

    // The order gets its key and holds its lock; it was received. In a shared store, its key's claim among the
    // instances is taken now only when asked (a cancellation, which writes no ledger entry); an order that begins
    // takes it with its entry in flight.
    private OrderContext received(ParsedOrder parsed, FileRun file, long sequence, boolean claimNow) {
        OrderContext order = new OrderContext(parsed, file, sequence);
        order.key(keys.keyFor(order.source(), parsed));
        if (file != null) {
            file.read();
        }
        order.holding(hold(order.key(), claimNow));
        try {
            // written with the order's next line; a cancellation's goes before its void call, which records none
            if (order.isCancellation()) {
                audit(order, "received", null, null, null);
            } else {
                auditLater(order, "received", null);
            }
            listener.order("received", order.source());
        } catch (RuntimeException e) {
            order.done();
            throw e;
        }
        return order;
    }

    // The key's lock in this instance, then, with a shared store and when asked, its claim among the instances;
    // released together.
    private Runnable hold(String key, boolean claimNow) {
        Runnable local = keyLocks.hold(key);
        return acrossInstances == null || !claimNow ? local : acrossInstances.holdAfter(local, ORDER_CLAIMS, key);
    }

    /** The API voided the order a partner's cancellation named. */
    public void cancelled(OrderContext order) {
        ParsedOrder parsed = order.parsed();
        finish(order, new OrderResult(parsed.position().toString(), parsed.externalOrderIds(), order.key(),
                OrderResult.Outcome.cancelled, order.cancels(), "voided", "cancelled by the partner: Impilo order "
                        + order.cancels() + " is voided", null, null, null, null));
        OrderLog.LOG.info("order cancelled: impiloOrderId={} voided, key={} source={} file={} {}", order.cancels(),
                LogText.of(order.key()), order.source(), LogText.of(parsed.fileName()), parsed.position());
    }

    /**
     * Keeps the order as it is sent, once it passed the rules: with the bridge's stamp (its key) added to its external
     * order ids, so that the bridge finds its own order at Impilo by the stamp, and only so.
     */
    public void request(OrderContext order, Order valid) {
        auditLater(order, "validated", null);
        if (!order.parsed().resolved().isEmpty()) {
            auditLater(order, "resolved", describe(order.parsed().resolved()));
        }
        List<String> ids = new ArrayList<>(valid.externalOrderIds() == null ? List.of() : valid.externalOrderIds());
        ids.add(order.key());
        order.request(valid.withExternalOrderIds(ids));
    }

    /** The partner's references of the order were resolved to Impilo ids: the order is sent with those. */
    public void resolved(OrderContext order, Order withIds, List<ResolvedReference> references) {
        order.request(withIds);
        order.resolved(references);
        auditLater(order, "resolved", describe(references));
    }

    // identifiers and ids only: "patient.externalIdentifier "MRN-77" -> 456; ..."
    private static String describe(List<ResolvedReference> references) {
        return String.join("; ", references.stream().map(ResolvedReference::toString).toList());
    }

    // what the crosswalk turned into ids while the file was read, then what the API's lookups did
    private static List<ResolvedReference> resolvedOrNull(OrderContext order) {
        List<ResolvedReference> all = new ArrayList<>(order.parsed().resolved());
        all.addAll(order.resolved());
        return all.isEmpty() ? null : all;
    }

    /**
     * An order found at Impilo by this order's stamp is adopted only when it is for the same patient or site; one
     * that carries the stamp but disagrees is a conflict for a person to look at, never a silent adoption.
     */
    public void checkFound(OrderContext order) throws ConflictingOrderException {
        Order found = order.found();
        if (found == null || order.request() == null) {
            return;
        }
        String wanted = OrderParty.of(order.request());
        String theirs = OrderParty.of(found);
        if (!wanted.equals(theirs)) {
            throw new ConflictingOrderException("Impilo order " + found.id() + " carries this order's key "
                    + order.key() + " but is for " + theirs + ", while this order is for " + wanted + ": it was not"
                    + " adopted and nothing was created; compare the two before replaying this order");
        }
    }

    /** True when the API refused the key earlier in this order's file: the order waits with its file. */
    public static boolean fileStopped(FileRun file) {
        return file != null && file.stopped() != null;
    }

    /** Just before the order is sent to Impilo: the attempt goes into the audit trail. */
    public void posting(OrderContext order) {
        audit(order, "posted", order.attempts(), null, null);
    }

    /**
     * A transient failure is about to be retried: the attempt and what went wrong go into the audit trail.
     *
     * @param httpStatus the API's answer, or 0 when there was none
     * @param what       what went wrong when there was no answer, or null
     */
    public void retrying(OrderContext order, int httpStatus, String what) {
        listener.retried(order.source());
        audit.record(order.source(), order.parsed(), order.key(), "retried", null, order.attempts(),
                httpStatus == 0 ? null : httpStatus, null, httpStatus == 0 ? what : null);
        // while the API is down every order in flight retries several times: the first few of a file are warnings,
        // the rest are in the audit trail (bridge trace) and the retry metric, not a line per attempt
        ParsedOrder parsed = order.parsed();
        OrderLog.warnOrInfo(order.file() == null || order.file().countRetryWarning() <= OrderLog.WARNINGS_PER_FILE,
                "order retried: {} key={} source={} file={} {} attempt={}",
                httpStatus == 0 ? LogText.of(what) : "HTTP " + httpStatus, LogText.of(order.key()), order.source(),
                LogText.of(parsed.fileName()), parsed.position(), order.attempts());
    }

    /** Whether to look for the order at Impilo before creating it: on a retry, or when it was seen before. */
    public boolean mayAlreadyExist(OrderContext order) {
        return order.attempts() > 1 || order.unsure();
    }

    /** The API answered 2xx with the created order, or an earlier attempt's order was found and adopted. */
    public void created(OrderContext order, Order created) {
        ParsedOrder parsed = order.parsed();
        String status = created.currentStatus() == null ? null : created.currentStatus().wireName();
        boolean found = order.found() != null;
        LedgerEntry entry = entry(order, State.CREATED, created.id(), status, null);
        if (order.file() != null && acrossInstances == null) {
            // A partner file's order: committed with the next order's entry, and before its file is done. A process
            // killed before that leaves it in flight, and the next attempt finds it at Impilo by its stamp. A host
            // waits for its answer, and other instances read the shared store once the key is released: for them the
            // creation is committed now.
            ledger.recordWithNext(entry);
        } else {
            recordOutcome(order, entry);
        }
        finish(order, new OrderResult(parsed.position().toString(), parsed.externalOrderIds(), order.key(),
                OrderResult.Outcome.created, created.id(), status,
                found ? "found at Impilo: an earlier attempt had created it" : null, null, null, null,
                resolvedOrNull(order)));
        OrderLog.LOG.info("order {}: impiloOrderId={} key={} source={} file={} {}",
                found ? "found already created by an earlier attempt" : "created", created.id(), LogText.of(order.key()),
                order.source(), LogText.of(parsed.fileName()), parsed.position());
    }

    /** The same order was created before: it is not sent again. */
    public void duplicate(OrderContext order) {
        ParsedOrder parsed = order.parsed();
        finish(order, new OrderResult(parsed.position().toString(), parsed.externalOrderIds(), order.key(),
                OrderResult.Outcome.duplicate, order.duplicateOf(), null, order.duplicate(), null, null, null, null));
        OrderLog.LOG.info("order skipped as duplicate of impiloOrderId={}: key={} source={} file={} {}",
                order.duplicateOf(), LogText.of(order.key()), order.source(), LogText.of(parsed.fileName()),
                parsed.position());
    }

    /** The order broke the rules, or the API refused it: to {@code rejected/}, not retried. */
    public void rejected(OrderContext order, OrderFailure why) {
        deadLetter(order, why, OrderResult.Outcome.rejected, folders.rejected(), State.REJECTED);
    }

    /** The order could not be delivered (retries exhausted, an unexpected failure): to {@code undelivered/}. */
    public void undelivered(OrderContext order, OrderFailure why) {
        deadLetter(order, why, OrderResult.Outcome.undelivered, folders.undelivered(), State.UNDELIVERED);
    }

    /**
     * The context of an order that failed before {@link #begin} gave it one (a host's order that could not be read):
     * its key, without its lock, so that its dead letter can name it.
     */
    public OrderContext unbegun(ParsedOrder parsed, FileRun file, long sequence) {
        OrderContext order = new OrderContext(parsed, file, sequence);
        order.key(keys.keyFor(order.source(), parsed));
        return order;
    }

    private void deadLetter(OrderContext order, OrderFailure why, OrderResult.Outcome outcome, Path dir,
                            State state) {
        ParsedOrder parsed = order.parsed();
        ErrorRecord error = new ErrorRecord(why.reason(), why.category(), why.violations(), why.httpStatus(),
                why.apiResponse(), order.attempts() == 0 ? null : order.attempts(), order.source(),
                parsed.fileName(), parsed.position().toString(),
                parsed.sourceRows().isEmpty() ? null : parsed.sourceRows(), parsed.externalOrderIds(), order.key(),
                Instant.now(clock).toString(), resolvedOrNull(order), null);
        String name = DeadLetters.writeOrder(dir, parsed, error);
        // a cancellation is not the order it names: failing, it records nothing under that order's key (the ledger
        // keeps a created order created anyway; a later 850 of a PO never created is then sent without a lookup)
        if (!order.isCancellation()) {
            recordOutcome(order, entry(order, state, null, null, why.reason()));
        }
        finish(order, new OrderResult(parsed.position().toString(), parsed.externalOrderIds(), order.key(),
                outcome, null, null, why.reason(), why.violations(), why.httpStatus(),
                dir.getFileName() + "/" + name, resolvedOrNull(order)));
        // a file of thousands of bad orders would bury every other line: the first few are warnings, the file's own
        // line counts them all
        OrderLog.warnOrInfo(order.file() == null || order.file().countWarning() <= OrderLog.WARNINGS_PER_FILE,
                "order {}: {} key={} source={} file={} {} -> {}/{}", outcome, LogText.of(why.logSummary()),
                LogText.of(order.key()), order.source(), LogText.of(parsed.fileName()), parsed.position(),
                dir.getFileName(), LogText.of(name));
    }

    private void finish(OrderContext order, OrderResult result) {
        if (order.file() != null) {
            order.file().record(order.sequence(), result, order.parsed().origin());
        }
        stats.count(result.outcome());
        listener.order(result.outcome().name(), order.source());
        ParsedOrder parsed = order.parsed();
        audit.record(new AuditTrail.Event(null, result.outcome().name(), order.source(), parsed.fileName(),
                parsed.position().toString(), order.key(), parsed.externalOrderIds(), result.impiloOrderId(),
                order.attempts() == 0 ? null : order.attempts(), result.httpStatus(), result.outcome().name(),
                result.reason(), result.deadLetter(), null));
    }

    private void audit(OrderContext order, String event, Integer attempt, Integer httpStatus, String reason) {
        audit.record(order.source(), order.parsed(), order.key(), event, null, attempt, httpStatus, null, reason);
    }

    // An event on the order's way inside the process (received, read and checked, references resolved): written with
    // the order's next line that is written through, the POST's before the POST is sent or its outcome's. A process
    // killed in between loses these lines only with the outcome's, just as it always could lose that one.
    private void auditLater(OrderContext order, String event, String reason) {
        audit.append(AuditTrail.Event.ofOrder(order.source(), order.parsed(), order.key(), event, null, null, null,
                null, reason));
    }

    // The order's outcome, committed now; in a shared store its key's claim is released in the same transaction.
    private void recordOutcome(OrderContext order, LedgerEntry entry) {
        if (order.claim() != null) {
            ledger.recordReleasing(entry, order.claim());
        } else {
            ledger.record(entry);
        }
    }

    private static LedgerEntry entry(OrderContext order, State state, Long impiloId, String status, String reason) {
        ParsedOrder parsed = order.parsed();
        return new LedgerEntry(order.key(), parsed.externalOrderIds(), order.source(), parsed.fileName(),
                parsed.position().toString(), state, impiloId, status, reason);
    }
}
