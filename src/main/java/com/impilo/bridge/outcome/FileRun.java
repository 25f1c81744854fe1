package com.impilo.bridge.outcome;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.impilo.bridge.ingest.Envelope;
import com.impilo.bridge.ingest.Origin;
import com.impilo.bridge.ingest.x12.PurchaseOrder;

/** One partner file on its way through the bridge: where it came from, where it will be archived, and its receipt. */
public final class FileRun {

    private final String source;
    private final String fileName;
    private final Instant receivedAt;
    private final ReceiptWriter receipt;
    private final AtomicLong read = new AtomicLong();
    private final AtomicInteger warnings = new AtomicInteger();
    private final AtomicInteger retryWarnings = new AtomicInteger();
    private volatile Stop stopped;
    private volatile Path pickedUp;
    private volatile long pickedUpSize = -1;
    private volatile long pickedUpModified = -1;
    private volatile Envelope envelope = Envelope.NONE;
    private volatile boolean answered;
    private final PurchaseOrderJournal purchaseOrders;

    FileRun(String source, String fileName, Instant receivedAt, Path partialReceipt) {
        this.source = source;
        this.fileName = fileName;
        this.receivedAt = receivedAt;
        this.receipt = new ReceiptWriter(partialReceipt, source, fileName, receivedAt);
        this.purchaseOrders = new PurchaseOrderJournal(partialReceipt.resolveSibling(
                partialReceipt.getFileName().toString().replace(".receipt.json.part", ".855.part")));
    }

    public String source() {
        return source;
    }

    public String fileName() {
        return fileName;
    }

    public Instant receivedAt() {
        return receivedAt;
    }

    /** What the check of the whole file learnt: an X12 interchange's envelope, for its orders and acknowledgments. */
    public void checked(Envelope found) {
        this.envelope = found;
    }

    /** The file's envelope, once checked; {@link Envelope#NONE} for the formats that have none. */
    public Envelope envelope() {
        return envelope;
    }

    /**
     * The file as it was picked up: its name, and for a local file its size and modification time; the same file read
     * again after a stop has the same, a partner's second sending of it not.
     */
    String fingerprint() {
        return pickedUp == null ? fileName : fileName + " " + pickedUpSize + " " + pickedUpModified;
    }

    /** This very file was answered before (read again after a stop): it is not answered twice. */
    void answeredBefore() {
        this.answered = true;
    }

    boolean answered() {
        return answered;
    }

    /** Why a file stopped before its end, to be read again from the start later. */
    public enum Stop {
        /** The API refused the key. */
        API_KEY_REFUSED,
        /** The state store cannot be reached. */
        STORE_UNREACHABLE
    }

    /** The rest of this file is not sent, and the file will be read again later; the first reason stays. */
    public void stop(Stop why) {
        if (stopped == null) {
            stopped = why;
        }
    }

    /** Why the file stopped, or null while it goes on. */
    public Stop stopped() {
        return stopped;
    }

    /** The local file as it was when it was picked up: where it is, its size and its modification time (ms). */
    void pickedUp(Path file, long size, long modifiedMillis) {
        this.pickedUp = file;
        this.pickedUpSize = size;
        this.pickedUpModified = modifiedMillis;
    }

    /** The local file that was picked up, or null for a download. */
    Path pickedUpFile() {
        return pickedUp;
    }

    long pickedUpSize() {
        return pickedUpSize;
    }

    long pickedUpModified() {
        return pickedUpModified;
    }

    /** One more order of this file was read. */
    void read() {
        read.incrementAndGet();
    }

    /** How many orders of this file were read so far. */
    long ordersRead() {
        return read.get();
    }

    /** One more warning about an order of this file; returns how many there were, this one included. */
    int countWarning() {
        return warnings.incrementAndGet();
    }

    /** One more warning about a retry of an order of this file; returns how many there were, this one included. */
    int countRetryWarning() {
        return retryWarnings.incrementAndGet();
    }

    /** How many warnings about single orders of this file were logged (or held back). */
    int warnings() {
        return warnings.get();
    }

    void record(long sequence, OrderResult result, Origin origin) {
        receipt.append(sequence, result);
        // an undelivered purchase order is not decided yet: its 855 waits for its replay
        if (origin instanceof PurchaseOrder purchaseOrder && result.outcome() != OrderResult.Outcome.undelivered) {
            // the partner reads what is wrong in its own terms: the rules broken, else the reason
            String reason = result.violations() == null || result.violations().isEmpty() ? result.reason()
                    : String.join("; ", result.violations());
            purchaseOrders.append(new PurchaseOrderJournal.Entry(result.idempotencyKey(), purchaseOrder, result.outcome(),
                    result.impiloOrderId(), reason));
        }
    }

    /** The outcomes of the file's X12 purchase orders decided so far (created, duplicate, rejected), for their 855s. */
    PurchaseOrderJournal purchaseOrders() {
        return purchaseOrders;
    }

    /** The file will not be done this time (read again, left at its source, dead-lettered): its partials go. */
    void discard() {
        receipt.close();
        purchaseOrders.delete();
    }

    Map<OrderResult.Outcome, Integer> counts() {
        return receipt.counts();
    }

    ReceiptWriter receipt() {
        return receipt;
    }
}
