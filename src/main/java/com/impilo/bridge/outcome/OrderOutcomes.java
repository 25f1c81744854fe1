package com.impilo.bridge.outcome;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.impilo.bridge.api.ApiFailures;
import com.impilo.bridge.ingest.ParsedOrder;
import com.impilo.bridge.model.Order;
import com.impilo.bridge.observe.BridgeMetrics;
import com.impilo.bridge.store.IdempotencyKeys;
import com.impilo.bridge.store.LedgerEntry;
import com.impilo.bridge.store.LedgerEntry.State;
import com.impilo.bridge.store.OrderLedger;
import com.impilo.bridge.validate.InvalidOrderException;
import com.impilo.bridge.validate.Violation;
import org.apache.camel.Exchange;
import org.apache.camel.http.base.HttpOperationFailedException;

/**
 * Records what became of each order, in one place: the ledger row, the receipt line, the dead letter and the log line.
 * Logs carry ids and positions only, never patient data.
 */
public final class OrderOutcomes {

    /** Exchange property: the {@link FileRun} an order belongs to. */
    public static final String FILE_RUN = "bridgeFileRun";
    /** Exchange property: the order as read from its file, kept while the body becomes the API's answer. */
    public static final String PARSED = "bridgeParsedOrder";
    /** Exchange property: the order's idempotency key. */
    public static final String KEY = "bridgeOrderKey";
    /** Exchange property: set when the same order was created before: why it is not sent again, in words. */
    public static final String DUPLICATE = "bridgeDuplicate";
    /** Exchange property: the Impilo id of an earlier creation of the same order, when known. */
    public static final String DUPLICATE_OF = "bridgeDuplicateOf";
    /** Exchange property: the order as it is sent, with its idempotency key among its external order ids. */
    public static final String REQUEST = "bridgeRequest";
    /** Exchange property: true when an earlier attempt may have created the order (ledger row not created). */
    public static final String UNSURE = "bridgeUnsure";
    /** Exchange property: the order found at Impilo by its idempotency key, before creating it again. */
    public static final String FOUND = "bridgeFound";
    /**
     * Exchange property: the key under which an attempt from before the partner-scoped stamps may have created the
     * order (the ledger kept it when it was migrated); looked up at Impilo when the stamp finds nothing.
     */
    public static final String LEGACY_KEY = "bridgeLegacyKey";
    /** Exchange property: how many delivery attempts were made for this order. */
    public static final String ATTEMPTS = "bridgeAttempts";

    private final OrderLedger ledger;
    private final IdempotencyKeys keys;
    private final DataFolders folders;
    private final RunStats stats;
    private final Clock clock;
    private final KeyLocks keyLocks = new KeyLocks(1024);
    private final AuditTrail audit;
    private final BridgeMetrics metrics;

    public OrderOutcomes(OrderLedger ledger, IdempotencyKeys keys, DataFolders folders, RunStats stats, Clock clock,
                         AuditTrail audit, BridgeMetrics metrics) {
        this.audit = audit;
        this.metrics = metrics;
        this.ledger = ledger;
        this.keys = keys;
        this.folders = folders;
        this.stats = stats;
        this.clock = clock;
    }

    /**
     * Before the call: finds an earlier creation of the same order (then it is not sent again), or marks it in flight;
     * a created order stays created in the ledger whatever becomes of a later copy.
     */
    public void begin(Exchange exchange) {
        ParsedOrder parsed = exchange.getMessage().getBody(ParsedOrder.class);
        String key = keys.keyFor(source(exchange), parsed);
        exchange.setProperty(KEY, key);
        FileRun run = exchange.getProperty(FILE_RUN, FileRun.class);
        if (run != null) {
            run.read();
        }
        keyLocks.holdUntilDone(exchange, key);
        audit(exchange, parsed, "received", null, null, null, null, null);
        metrics.order("received", source(exchange));
        Optional<LedgerEntry> earlier = ledger.find(key);
        // An order that could not be read is never skipped as a duplicate: its problems must reach the partner even
        // when an order with the same id was created (a CSV order id reappearing after other orders of its file).
        if (parsed.readable() && earlier.isPresent() && earlier.get().state() == State.CREATED) {
            exchange.setProperty(DUPLICATE, "duplicate of Impilo order " + earlier.get().impiloOrderId());
            exchange.setProperty(DUPLICATE_OF, earlier.get().impiloOrderId());
            return;
        }
        // Seen before but not known as created: a crash, a lost answer or a replay may still have created it.
        exchange.setProperty(UNSURE, earlier.isPresent());
        if (earlier.isPresent()) {
            ledger.legacyKey(key).ifPresent(legacy -> exchange.setProperty(LEGACY_KEY, legacy));
        }
        ledger.record(entry(exchange, parsed, State.IN_FLIGHT, null, null, null));
    }

    /**
     * Keeps the order as it is sent ({@link #REQUEST}), once it passed the rules: with the bridge's stamp (its key)
     * added to its external order ids, so that the bridge finds its own order at Impilo by the stamp, and only so.
     */
    public void request(Exchange exchange) {
        Order order = exchange.getMessage().getBody(Order.class);
        audit(exchange, originalOrder(exchange), "validated", null, null, null, null, null);
        List<String> ids = new ArrayList<>(order.externalOrderIds() == null ? List.of() : order.externalOrderIds());
        ids.add(key(exchange));
        exchange.setProperty(REQUEST, order.withExternalOrderIds(ids));
    }

    /**
     * An order found at Impilo by this order's stamp is adopted only when it is for the same patient or site; one
     * that carries the stamp but disagrees is a conflict for a person to look at, never a silent adoption.
     */
    public void checkFound(Exchange exchange) throws ConflictingOrderException {
        Order found = exchange.getProperty(FOUND, Order.class);
        Order request = exchange.getProperty(REQUEST, Order.class);
        if (found == null || request == null) {
            return;
        }
        String wanted = OrderParty.of(request);
        String theirs = OrderParty.of(found);
        if (!wanted.equals(theirs)) {
            throw new ConflictingOrderException("Impilo order " + found.id() + " carries this order's key " + key(exchange)
                    + " but is for " + theirs + ", while this order is for " + wanted + ": it was not adopted and"
                    + " nothing was created; compare the two before replaying this order");
        }
    }

    /** True when the API refused the key earlier in this order's file: the order waits with its file. */
    public boolean fileStopped(Exchange exchange) {
        FileRun run = exchange.getProperty(FILE_RUN, FileRun.class);
        return run != null && run.stoppedByRefusedApiKey();
    }

    /** Just before the order is sent to Impilo: the attempt goes into the audit trail. */
    public void posting(Exchange exchange) {
        audit(exchange, originalOrder(exchange), "posted", null, attempts(exchange), null, null, null);
    }

    /** A transient failure is about to be retried: the attempt and what went wrong go into the audit trail. */
    public void retrying(Exchange exchange) {
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        int status = ApiFailures.status(failure);
        metrics.retry(source(exchange));
        audit(exchange, originalOrder(exchange), "retried", null, attempts(exchange), status == 0 ? null : status,
                null, status == 0 && failure != null ? ApiFailures.describe(failure) : null);
    }

    /** Whether to look for the order at Impilo before creating it: on a retry, or when it was seen before. */
    public boolean mayAlreadyExist(Exchange exchange) {
        return attempts(exchange) > 1 || exchange.getProperty(UNSURE, false, Boolean.class);
    }

    /** The API answered 2xx with the created order in the body. */
    public void created(Exchange exchange) {
        ParsedOrder parsed = originalOrder(exchange);
        Order created = exchange.getMessage().getBody(Order.class);
        String status = created.currentStatus() == null ? null : created.currentStatus().wireName();
        boolean found = exchange.getProperty(FOUND) != null;
        ledger.record(entry(exchange, parsed, State.CREATED, created.id(), status, null));
        finish(exchange, parsed, new OrderResult(parsed.position().toString(), parsed.externalOrderIds(), key(exchange),
                OrderResult.Outcome.created, created.id(), status,
                found ? "found at Impilo: an earlier attempt had created it" : null, null, null, null));
        OrderLog.LOG.info("order {}: impiloOrderId={} key={} source={} file={} {}",
                found ? "found already created by an earlier attempt" : "created", created.id(), key(exchange),
                source(exchange), parsed.fileName(), parsed.position());
    }

    /** The same order was created before: it is not sent again. */
    public void duplicate(Exchange exchange) {
        ParsedOrder parsed = originalOrder(exchange);
        Long impiloId = exchange.getProperty(DUPLICATE_OF, Long.class);
        finish(exchange, parsed, new OrderResult(parsed.position().toString(), parsed.externalOrderIds(), key(exchange),
                OrderResult.Outcome.duplicate, impiloId, null, exchange.getProperty(DUPLICATE, String.class),
                null, null, null));
        OrderLog.LOG.info("order skipped as duplicate of impiloOrderId={}: key={} source={} file={} {}", impiloId,
                key(exchange), source(exchange), parsed.fileName(), parsed.position());
    }

    /** The order broke the rules, or the API refused it: to {@code rejected/}, not retried. */
    public void rejected(Exchange exchange) {
        deadLetter(exchange, OrderResult.Outcome.rejected, folders.rejected(), State.REJECTED);
    }

    /** The order could not be delivered (retries exhausted, an unexpected failure): to {@code undelivered/}. */
    public void undelivered(Exchange exchange) {
        deadLetter(exchange, OrderResult.Outcome.undelivered, folders.undelivered(), State.UNDELIVERED);
    }

    private void deadLetter(Exchange exchange, OrderResult.Outcome outcome, Path dir, State state) {
        ParsedOrder parsed = originalOrder(exchange);
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (exchange.getProperty(KEY) == null) {
            exchange.setProperty(KEY, keys.keyFor(source(exchange), parsed));
        }
        Failure why = Failure.of(failure, attempts(exchange));
        ErrorRecord error = new ErrorRecord(why.reason(), why.category(), why.violations(), why.httpStatus(),
                why.apiResponse(), attempts(exchange) == 0 ? null : attempts(exchange), source(exchange),
                parsed.fileName(), parsed.position().toString(),
                parsed.sourceRows().isEmpty() ? null : parsed.sourceRows(), parsed.externalOrderIds(), key(exchange),
                Instant.now(clock).toString(), null);
        String name = DeadLetters.writeOrder(dir, parsed, error);
        ledger.record(entry(exchange, parsed, state, null, null, why.reason()));
        finish(exchange, parsed, new OrderResult(parsed.position().toString(), parsed.externalOrderIds(), key(exchange),
                outcome, null, null, why.reason(), why.violations(), why.httpStatus(),
                dir.getFileName() + "/" + name));
        // a file of thousands of bad orders would bury every other line: the first few are warnings, the file's own
        // line counts them all
        FileRun run = exchange.getProperty(FILE_RUN, FileRun.class);
        boolean warn = run == null || run.countWarning() <= OrderLog.WARNINGS_PER_FILE;
        String line = "order {}: {} key={} source={} file={} {} -> {}/{}";
        Object[] values = {outcome, why.logSummary(), key(exchange), source(exchange), parsed.fileName(),
            parsed.position(), dir.getFileName(), name};
        if (warn) {
            OrderLog.LOG.warn(line, values);
        } else {
            OrderLog.LOG.info(line, values);
        }
    }

    private void finish(Exchange exchange, ParsedOrder parsed, OrderResult result) {
        FileRun run = exchange.getProperty(FILE_RUN, FileRun.class);
        if (run != null) {
            run.record(exchange.getProperty(Exchange.SPLIT_INDEX, 0L, Long.class), result);
        }
        stats.count(result.outcome());
        metrics.order(result.outcome().name(), source(exchange));
        audit.record(new AuditTrail.Event(null, result.outcome().name(), source(exchange), parsed.fileName(),
                parsed.position().toString(), key(exchange), parsed.externalOrderIds(), result.impiloOrderId(),
                attempts(exchange) == 0 ? null : attempts(exchange), result.httpStatus(), result.outcome().name(),
                result.reason(), result.deadLetter(), null));
    }

    private void audit(Exchange exchange, ParsedOrder parsed, String event, Long impiloId, Integer attempt,
                       Integer httpStatus, String outcome, String reason) {
        audit.record(event, source(exchange), parsed.fileName(), parsed.position().toString(), key(exchange),
                parsed.externalOrderIds(), impiloId, attempt, httpStatus, outcome, reason);
    }

    private LedgerEntry entry(Exchange exchange, ParsedOrder parsed, State state, Long impiloId, String status,
                              String reason) {
        return new LedgerEntry(key(exchange), parsed.externalOrderIds(), source(exchange), parsed.fileName(),
                parsed.position().toString(), state, impiloId, status, reason);
    }

    // The order as read from the file: the dead-letter channels keep the original message, the success path a property.
    private static ParsedOrder originalOrder(Exchange exchange) {
        ParsedOrder fromProperty = exchange.getProperty(PARSED, ParsedOrder.class);
        return fromProperty != null ? fromProperty : exchange.getMessage().getBody(ParsedOrder.class);
    }

    private static String key(Exchange exchange) {
        return exchange.getProperty(KEY, String.class);
    }

    private static int attempts(Exchange exchange) {
        return exchange.getProperty(ATTEMPTS, 0, Integer.class);
    }

    private static String source(Exchange exchange) {
        FileRun run = exchange.getProperty(FILE_RUN, FileRun.class);
        return run != null ? run.source() : "direct";
    }

    /** Why an order stopped, in words for the error file and a short form for the log. */
    record Failure(String reason, String category, List<String> violations, Integer httpStatus, String apiResponse,
                   String logSummary) {

        static Failure of(Throwable failure, int attempts) {
            if (failure instanceof ConflictingOrderException conflict) {
                return new Failure(conflict.getMessage(), "conflicting-order", null, null, null,
                        "conflicts with an order at Impilo");
            }
            if (failure instanceof InvalidOrderException invalid) {
                List<String> violations = invalid.violations().stream().map(Violation::toString).toList();
                List<String> paths = invalid.violations().stream().map(Violation::path).toList();
                return new Failure("the order breaks the Impilo order rules (" + violations.size() + " problem(s))",
                        "invalid-order", violations, null, null, "invalid at " + paths);
            }
            if (failure instanceof HttpOperationFailedException http) {
                int status = http.getStatusCode();
                if (ApiFailures.isAuthFailure(http)) {
                    return new Failure("the Impilo API refused the API key (HTTP " + status
                            + "); the order itself was not judged: fix impilo.api.key, then replay it",
                            "api-key-refused", null, status, http.getResponseBody(), "API key refused, HTTP " + status);
                }
                if (ApiFailures.isRefusal(http)) {
                    return new Failure("the Impilo API refused the order (HTTP " + status + ")", "api-refused", null,
                            status, http.getResponseBody(), "refused by the API, HTTP " + status);
                }
                return new Failure("not delivered after " + attempts + " attempt(s): the Impilo API answered HTTP "
                        + status, "undelivered", null, status, http.getResponseBody(), "HTTP " + status
                        + " after " + attempts + " attempt(s)");
            }
            String what = ApiFailures.describe(failure);
            return new Failure("not delivered after " + attempts + " attempt(s): " + what, "undelivered", null, null,
                    null, what);
        }
    }
}
