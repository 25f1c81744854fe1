package com.impilo.bridge.ingest.csv;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;

import com.impilo.bridge.ingest.EncodedText;
import com.impilo.bridge.ingest.Envelope;
import com.impilo.bridge.ingest.OrderFormat;
import com.impilo.bridge.ingest.OrderIterator;
import com.impilo.bridge.ingest.ReadOptions;
import com.impilo.bridge.ingest.TextFiles;
import com.impilo.bridge.ingest.UnreadableFileException;
import com.impilo.bridge.settings.CsvLayout;

/** CSV files ({@code .csv}): one row per order line, in the source's {@link CsvLayout}, in its charset. */
public final class CsvFormat extends OrderFormat {

    public CsvFormat() {
        super("csv", "flat files", ".csv");
    }

    @Override
    public Envelope check(Path file, ReadOptions options) throws IOException, UnreadableFileException {
        checkCsv(file, options.csv());
        return Envelope.NONE;
    }

    @Override
    public OrderIterator orders(Path file, ReadOptions options) throws IOException, UnreadableFileException {
        return CsvOrders.open(file.toFile(), options.csv());
    }

    // A CSV file in a charset other than UTF-8 is read as such; only bytes that are not text in it make it unreadable.
    private static void checkCsv(Path file, CsvLayout csvLayout) throws IOException, UnreadableFileException {
        String charset = csvLayout.charset().name();
        // UTF-16 or UTF-32 text passes as UTF-8 or one-byte text (its zero bytes are characters there), to fail later
        // on a header of garbled names; its first bytes tell it apart from a charset where ASCII is one byte each
        Optional<String> wide = EncodedText.asciiBased(csvLayout.charset()) ? TextFiles.wideEncoding(file)
                : Optional.empty();
        if (wide.isPresent()) {
            throw new UnreadableFileException("the file is " + wide.get() + " text, not " + charset + " (the charset"
                    + " of its CSV layout): save it as " + charset + " or change the layout's charset");
        }
        try (InputStream in = Files.newInputStream(file)) {
            OptionalLong badLine = EncodedText.firstBadLine(in, csvLayout.charset());
            if (badLine.isPresent()) {
                throw new UnreadableFileException("the file is not " + charset + " text (the charset of its CSV layout):"
                        + " line " + badLine.getAsLong() + " holds a byte that is not " + charset);
            }
        }
        CsvOrders.check(file.toFile(), csvLayout);
    }
}
