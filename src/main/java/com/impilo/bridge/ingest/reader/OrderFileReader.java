package com.impilo.bridge.ingest.reader;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;

import com.impilo.bridge.ingest.Envelope;
import com.impilo.bridge.ingest.OrderIterator;
import com.impilo.bridge.ingest.ParsedOrder;
import com.impilo.bridge.ingest.PartnerCodes;
import com.impilo.bridge.ingest.ReadOptions;
import com.impilo.bridge.ingest.UnreadableFileException;
import com.impilo.bridge.settings.CsvLayout;

/**
 * Reads partner order files as a lazy stream of orders, in the format their name tells (see {@link OrderFormats}),
 * with a source's read options. Memory stays flat whatever the file size.
 */
public final class OrderFileReader {

    private final ReadOptions options;

    /** A reader of CSV files in the default layout. */
    public OrderFileReader() {
        this(ReadOptions.DEFAULT);
    }

    /** A reader of CSV files in the given layout. */
    public OrderFileReader(CsvLayout csvLayout) {
        this(new ReadOptions(csvLayout));
    }

    public OrderFileReader(ReadOptions options) {
        this.options = options;
    }

    /**
     * Checks that the whole file can be read before any of its orders is sent, so that a broken file is
     * dead-lettered as a whole rather than half-processed. Streams through the file: memory stays flat.
     *
     * @return what the check learnt that the orders and the answers to the partner need (X12's interchange)
     */
    public Envelope checkReadable(File file) throws UnreadableFileException {
        // A link could point anywhere the bridge may read; a pipe would block the reader for good. Neither is opened.
        if (Files.isSymbolicLink(file.toPath())) {
            throw new UnreadableFileException(
                    "the file is a symbolic link; links are not followed: put the file itself in the folder");
        }
        if (!Files.isRegularFile(file.toPath(), LinkOption.NOFOLLOW_LINKS)) {
            throw new UnreadableFileException("not a regular file");
        }
        var format = OrderFormats.of(file.toPath(), options.formats());
        try {
            if (Files.size(file.toPath()) == 0) {
                throw new UnreadableFileException("the file is empty");
            }
            return format.check(file.toPath(), options);
        } catch (IOException e) {
            throw new UnreadableFileException("cannot read the file: " + e.getMessage(), e);
        }
    }

    /** The orders of a file, read lazily; close the iterator to release the file. */
    public OrderIterator orders(File file) throws IOException, UnreadableFileException {
        return orders(file, Envelope.NONE);
    }

    /** The orders of a file whose check found {@code envelope}, read lazily; close the iterator to release the file. */
    public OrderIterator orders(File file, Envelope envelope) throws IOException, UnreadableFileException {
        OrderIterator orders = OrderFormats.of(file.toPath(), options.formats()).orders(file.toPath(), options,
                envelope);
        return new OrderIterator() {
            @Override
            protected ParsedOrder advance() {
                if (!orders.hasNext()) {
                    return null;
                }
                ParsedOrder order = orders.next();
                // a partner's codes, in any format, are turned into ids by its source's crosswalk
                return order.readable() && PartnerCodes.present(order.json())
                        ? PartnerCodes.resolve(order, options.crosswalk()) : order;
            }

            @Override
            protected void release() throws IOException {
                orders.close();
            }
        };
    }
}
