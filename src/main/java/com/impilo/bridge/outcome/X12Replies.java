package com.impilo.bridge.outcome;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.BiConsumer;
import java.util.function.LongFunction;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.impilo.bridge.ingest.UnreadableFileException;
import com.impilo.bridge.ingest.x12.Acknowledgments;
import com.impilo.bridge.ingest.x12.Interchange;
import com.impilo.bridge.ingest.x12.PurchaseOrder;
import com.impilo.bridge.ingest.x12.ReplyAddress;
import com.impilo.bridge.ingest.x12.X12EnvelopeException;
import com.impilo.bridge.model.ImpiloJson;
import com.impilo.bridge.settings.X12Options;
import com.impilo.bridge.store.X12Interchanges;
import com.impilo.bridge.text.LogText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers X12 partners: an interchange taken before is refused as a duplicate; once a file is done its interchange is
 * remembered and its 997 or 999 (with a TA1 when ISA14 asked for one) and the 855 of each of its purchase orders go
 * to {@code <data>/outbox/<source>/}; a
 * broken, duplicate or misaddressed interchange gets a TA1 with its note code. Control numbers are kept per partner in
 * the state store. Each written file is also handed to {@code upload}, which puts it on the source's SFTP server when
 * the source has an outbox folder there.
 */
public final class X12Replies implements PartnerReplies {

    private static final Logger LOG = LoggerFactory.getLogger(X12Replies.class);
    private static final ObjectMapper MAPPER = ImpiloJson.mapper();

    private final PartnerOutbox outbox;
    private final X12Interchanges interchanges;
    private final Map<String, X12Options> sources;
    private final Clock clock;
    private final BiConsumer<String, Path> upload;

    /**
     * @param sources per source, its X12 settings
     * @param upload  given each written file and its source
     */
    public X12Replies(PartnerOutbox outbox, X12Interchanges interchanges, Map<String, X12Options> sources, Clock clock,
                      BiConsumer<String, Path> upload) {
        this.outbox = outbox;
        this.interchanges = interchanges;
        this.sources = Map.copyOf(sources);
        this.clock = clock;
        this.upload = upload;
    }

    @Override
    public void checkNew(FileRun run) throws X12EnvelopeException {
        if (!(run.envelope() instanceof Interchange interchange) || interchange.header() == null
                || interchange.header().deadLetter()) {
            // a dead letter of the bridge's own, replayed, is taken again: its orders' keys keep them once
            return;
        }
        Interchange.Header isa = interchange.header();
        Optional<X12Interchanges.Taken> before = interchanges.takenBefore(run.source(), isa.sender(),
                isa.controlNumber());
        if (before.isPresent() && run.fingerprint().equals(before.get().fingerprint())) {
            // the same file, stopped after its answers and before it reached done/: read again, not answered again
            run.answeredBefore();
        } else if (before.isPresent()) {
            String reason = "a duplicate: interchange " + isa.controlNumber() + " (ISA13) from " + isa.sender()
                    + " was taken before, from " + before.get().fileName() + " at " + before.get().receivedAt()
                    + "; nothing of it is sent again";
            throw new X12EnvelopeException(interchange.withProblem(new Interchange.Problem("025", reason)), reason);
        }
    }

    @Override
    public void done(FileRun run) {
        if (!(run.envelope() instanceof Interchange interchange) || interchange.header() == null) {
            return;
        }
        Interchange.Header isa = interchange.header();
        X12Options options = options(run.source());
        if (run.answered()) {
            run.purchaseOrders().delete();
            return;
        }
        if (isa.deadLetter()) {
            // a replayed dead letter: its partner had its 997 for the interchange it sent; the 855 is what is new
            answerPurchaseOrders(run, interchange, options);
            return;
        }
        if (options.ack() != X12Options.Ack.NONE) {
            boolean implementation = options.ack() == X12Options.Ack.FA999 && isa.from5010();
            send(run.source(), interchange, implementation ? "999" : "997", control -> text(Acknowledgments.functional(
                    interchange, options.ack(), control, now())));
        } else if (isa.ackRequested()) {
            send(run.source(), interchange, "ta1", control -> text(Acknowledgments.interchangeOnly(interchange, null,
                    control, now())));
        }
        answerPurchaseOrders(run, interchange, options);
        // last: a stop before this reads the file again and answers it again; after it, not (the file's fingerprint)
        interchanges.taken(run.source(), isa.sender(), isa.controlNumber(), run.fileName(), run.fingerprint());
    }

    // the 855 of each purchase order decided, and what each created one's 856 will need
    private void answerPurchaseOrders(FileRun run, Interchange interchange, X12Options options) {
        PurchaseOrderJournal purchaseOrders = run.purchaseOrders();
        try {
            rememberCreated(run.source(), interchange, purchaseOrders);
            if (options.send855() && purchaseOrders.size() > 0) {
                send(run.source(), interchange, "855", control -> out -> purchaseOrders.forEach(entries ->
                        Acknowledgments.purchaseOrderAcknowledgments(interchange, control, now(), answers(entries),
                                out)));
            }
        } finally {
            purchaseOrders.delete();
        }
    }

    // Each order created from the file, for its 856 once it ships.
    private void rememberCreated(String source, Interchange interchange, PurchaseOrderJournal purchaseOrders) {
        try {
            String address = MAPPER.writeValueAsString(ReplyAddress.of(interchange));
            purchaseOrders.forEach(entries -> interchanges.rememberPurchaseOrders(createdOf(entries, source,
                    address)));
        } catch (IOException | RuntimeException e) {
            LOG.warn("the purchase orders of interchange {} of source {} are not remembered: their 856s will not be"
                    + " sent: {}", LogText.of(interchange.header().controlNumber()), source, LogText.of(e.getMessage()));
        }
    }

    // the created ones of the entries, as the store keeps them
    private static Iterator<X12Interchanges.PurchaseOrderRecord> createdOf(Iterator<PurchaseOrderJournal.Entry> entries,
                                                                        String source, String address) {
        return stream(entries).filter(entry -> entry.outcome() == OrderResult.Outcome.created).map(entry -> {
            try {
                return new X12Interchanges.PurchaseOrderRecord(entry.key(), source, address,
                        MAPPER.writeValueAsString(entry.purchaseOrder()));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("cannot write a purchase order as JSON", e);
            }
        }).iterator();
    }

    private static <T> Stream<T> stream(Iterator<T> iterator) {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(iterator, Spliterator.ORDERED), false);
    }

    /**
     * An order the feed sees with tracking numbers: when it was created from an 850 of a source that sends 856s and its
     * 856 was not sent before, it goes to the partner now, once.
     *
     * @param keys the order's stamps (the bridge's keys among its external order ids)
     * @throws IOException when the 856 cannot be written; it is then sent at the order's next change
     */
    public void shipped(List<String> keys, Acknowledgments.Shipment shipment) throws IOException {
        for (String key : keys) {
            Optional<X12Interchanges.PurchaseOrderRecord> taken = interchanges.takeShipNotice(key);
            if (taken.isEmpty()) {
                continue;
            }
            X12Interchanges.PurchaseOrderRecord order = taken.get();
            if (!options(order.source()).send856()) {
                return;
            }
            try {
                ReplyAddress to = MAPPER.readValue(order.replyAddress(), ReplyAddress.class);
                PurchaseOrder po = MAPPER.readValue(order.purchaseOrder(), PurchaseOrder.class);
                write(order.source(), "856", to.header(), control -> text(Acknowledgments.shipNotice(to, po, shipment,
                        control, now())));
            } catch (IOException | RuntimeException e) {
                interchanges.giveBackShipNotice(key);
                throw e instanceof IOException io ? io : new IOException(e.getMessage(), e);
            }
            return;
        }
    }

    // What became of each purchase order: created, or found created before, is accepted.
    private static Iterator<Acknowledgments.PurchaseOrderAnswer> answers(Iterator<PurchaseOrderJournal.Entry> entries) {
        return stream(entries).map(entry -> new Acknowledgments.PurchaseOrderAnswer(entry.purchaseOrder(),
                entry.outcome() != OrderResult.Outcome.rejected, entry.impiloOrderId(), entry.reason())).iterator();
    }

    @Override
    public void rejected(String source, UnreadableFileException problem) {
        if (source != null && problem instanceof X12EnvelopeException broken && broken.interchange().header() != null
                && !broken.interchange().header().deadLetter() && broken.interchange().problem() != null) {
            Interchange interchange = broken.interchange();
            send(source, interchange, "ta1", control -> text(Acknowledgments.interchangeOnly(interchange,
                    interchange.problem(), control, now())));
        }
    }

    private X12Options options(String source) {
        return sources.getOrDefault(source, X12Options.DEFAULT);
    }

    private ZonedDateTime now() {
        return ZonedDateTime.now(clock);
    }

    private static PartnerOutbox.Content text(String reply) {
        return out -> out.write(reply.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes a reply under the partner's next control number; a reply that cannot be written is logged, not thrown. */
    private void send(String source, Interchange to, String kind, LongFunction<PartnerOutbox.Content> reply) {
        try {
            write(source, kind, to.header(), reply);
        } catch (IOException | RuntimeException e) {
            LOG.warn("X12 {} for interchange {} of source {} not sent: {}", kind.toUpperCase(),
                    LogText.of(to.header().controlNumber()), source, LogText.of(e.getMessage()));
        }
    }

    // to outbox/<source>/<kind>-<control>.x12, then to the source's SFTP server when it has an outbox folder there
    private void write(String source, String kind, Interchange.Header isa, LongFunction<PartnerOutbox.Content> reply)
            throws IOException {
        long control = interchanges.nextControlNumber(source + " " + isa.sender());
        String name = kind + "-" + String.format("%09d", control) + ".x12";
        Path written = outbox.write(source, name, reply.apply(control));
        LOG.info("X12 {} written: source={} interchange={} from={} -> outbox/{}/{}", kind.toUpperCase(), source,
                LogText.of(isa.controlNumber()), LogText.of(isa.sender()), written.getParent().getFileName(), name);
        upload.accept(source, written);
    }
}
