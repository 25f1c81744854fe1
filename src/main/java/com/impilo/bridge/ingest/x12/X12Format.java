package com.impilo.bridge.ingest.x12;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import com.impilo.bridge.ingest.Envelope;
import com.impilo.bridge.ingest.OrderFormat;
import com.impilo.bridge.ingest.OrderIterator;
import com.impilo.bridge.ingest.ParsedOrder;
import com.impilo.bridge.ingest.ReadOptions;
import com.impilo.bridge.ingest.UnreadableFileException;
import com.impilo.bridge.settings.X12Options;

/**
 * ANSI X12 850 purchase orders (versions 004010 and 005010), one order a transaction set. The whole interchange is
 * read once first, streamed, so that nothing is sent before its envelope (SE, GE and IEA counts, control numbers)
 * is known good; then each set is mapped ({@link PurchaseOrders}), and a set whose own envelope or whose group's is
 * broken is rejected.
 */
public final class X12Format extends OrderFormat {

    public X12Format() {
        super("x12", "X12 850 purchase orders", ".x12", ".edi", ".850");
    }

    /** An interchange starts with ISA, after an optional UTF-8 byte order mark and white space. */
    @Override
    public boolean recognisesContent(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] start = in.readNBytes(512);
            int at = X12Segments.bomLength(start);
            while (at < start.length && Character.isWhitespace(start[at])) {
                at++;
            }
            return start.length - at >= 3 && start[at] == 'I' && start[at + 1] == 'S' && start[at + 2] == 'A';
        } catch (IOException unreadable) {
            return false;
        }
    }

    /**
     * Reads the whole interchange once and returns its envelope: a broken interchange, or one from another partner, is
     * rejected whole; a broken group or set only keeps its own orders from being sent.
     */
    @Override
    public Interchange check(Path file, ReadOptions options) throws IOException, UnreadableFileException {
        Interchange interchange = survey(file);
        checkPartner(interchange, options.x12());
        if (!interchange.acceptable()) {
            throw new X12EnvelopeException(interchange, "the X12 interchange is broken: "
                    + interchange.problem().reason());
        }
        if (interchange.groups().stream().allMatch(group -> group.sets().isEmpty())) {
            throw new X12EnvelopeException(interchange, "the X12 interchange holds no transaction set");
        }
        return interchange;
    }

    private static Interchange survey(Path file) throws IOException, UnreadableFileException {
        try (X12Segments sets = X12Segments.survey(file)) {
            try {
                while (sets.next() != null) {
                    // each set is counted and checked on the way
                }
            } catch (UnreadableFileException unreadable) {
                // an interchange that ends early is TA1 023; any other reader failure a broken structure (022)
                String code = unreadable.getMessage().contains("Unexpected end of stream") ? "023" : "022";
                throw new X12EnvelopeException(sets.interchange().withProblem(new Interchange.Problem(code,
                        unreadable.getMessage())), unreadable.getMessage(), unreadable);
            }
            return sets.interchange();
        }
    }

    // ISA06 and ISA08 must be the source's partner and the bridge, when the source says which they are
    private static void checkPartner(Interchange interchange, X12Options expected) throws UnreadableFileException {
        Interchange.Header isa = interchange.header();
        if (isa == null) {
            return;
        }
        if (expected.senderId() != null && !expected.senderId().equals(isa.senderId())) {
            String reason = "the interchange is from sender \"" + isa.senderId() + "\" (ISA06), not from this source's"
                    + " partner \"" + expected.senderId() + "\" (x12.sender-id)";
            throw new X12EnvelopeException(interchange.withProblem(new Interchange.Problem("006", reason)), reason);
        }
        if (expected.receiverId() != null && !expected.receiverId().equals(isa.receiverId())) {
            String reason = "the interchange is for receiver \"" + isa.receiverId() + "\" (ISA08), not for \""
                    + expected.receiverId() + "\" (x12.receiver-id)";
            throw new X12EnvelopeException(interchange.withProblem(new Interchange.Problem("008", reason)), reason);
        }
    }

    @Override
    public OrderIterator orders(Path file, ReadOptions options) throws IOException, UnreadableFileException {
        return orders(file, options, survey(file));
    }

    /** The file's sets as orders; a set whose envelope, or whose group's, is broken is rejected, naming why. */
    @Override
    public OrderIterator orders(Path file, ReadOptions options, Envelope envelope)
            throws IOException, UnreadableFileException {
        Interchange interchange = envelope instanceof Interchange known ? known : survey(file);
        X12Segments sets = X12Segments.open(file);
        String fileName = file.getFileName().toString();
        PurchaseOrders mapping = new PurchaseOrders(options.crosswalk(), options.x12().overnightCodes(), interchange);
        return new OrderIterator() {
            private long number;

            @Override
            protected ParsedOrder advance() throws IOException {
                try {
                    X12Segments.ReadSet set = sets.next();
                    if (set == null) {
                        return null;
                    }
                    number++;
                    return mapping.order(fileName, number, set, interchange.problemOf(number));
                } catch (UnreadableFileException afterTheCheck) {
                    // the check read the same bytes without this: the file changed since
                    throw new IOException(afterTheCheck.getMessage(), afterTheCheck);
                }
            }

            @Override
            protected void release() throws IOException {
                sets.close();
            }
        };
    }
}
