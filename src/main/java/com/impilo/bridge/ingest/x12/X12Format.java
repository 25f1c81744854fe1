package com.impilo.bridge.ingest.x12;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.impilo.bridge.ingest.OrderFormat;
import com.impilo.bridge.ingest.OrderIterator;
import com.impilo.bridge.ingest.ParsedOrder;
import com.impilo.bridge.ingest.ReadOptions;
import com.impilo.bridge.ingest.UnreadableFileException;
import com.impilo.bridge.settings.X12Options;

/**
 * ANSI X12 850 purchase orders (versions 004010 and 005010), one order a transaction set. The whole interchange is
 * read once first, streamed, so that nothing is sent before its envelope (SE, GE and IEA counts, control numbers)
 * is known good; then each set is mapped ({@link PurchaseOrders}).
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

    @Override
    public void check(Path file, ReadOptions options) throws IOException, UnreadableFileException {
        boolean any = false;
        try (X12Segments sets = X12Segments.open(file)) {
            while (sets.next() != null) {
                if (!any) {
                    checkPartner(sets.interchangeHeader(), options.x12());
                }
                any = true;
            }
        }
        if (!any) {
            throw new UnreadableFileException("the X12 interchange holds no transaction set");
        }
    }

    // ISA06 and ISA08 must be the source's partner and the bridge, when the source says which they are
    private static void checkPartner(List<String> isa, X12Options expected) throws UnreadableFileException {
        String sender = isa.size() > 6 ? isa.get(6).trim() : "";
        String receiver = isa.size() > 8 ? isa.get(8).trim() : "";
        if (expected.senderId() != null && !expected.senderId().equals(sender)) {
            throw new UnreadableFileException("the interchange is from sender \"" + sender + "\" (ISA06), not from"
                    + " this source's partner \"" + expected.senderId() + "\" (x12.sender-id)");
        }
        if (expected.receiverId() != null && !expected.receiverId().equals(receiver)) {
            throw new UnreadableFileException("the interchange is for receiver \"" + receiver + "\" (ISA08), not for"
                    + " \"" + expected.receiverId() + "\" (x12.receiver-id)");
        }
    }

    @Override
    public OrderIterator orders(Path file, ReadOptions options) throws IOException {
        X12Segments sets = X12Segments.open(file);
        String fileName = file.getFileName().toString();
        PurchaseOrders mapping = new PurchaseOrders(options.crosswalk(), options.x12().overnightCodes());
        return new OrderIterator() {
            private long number;

            @Override
            protected ParsedOrder advance() throws IOException {
                try {
                    X12Segments.TransactionSet set = sets.next();
                    return set == null ? null : mapping.order(fileName, ++number, set);
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
