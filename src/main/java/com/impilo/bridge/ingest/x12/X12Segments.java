package com.impilo.bridge.ingest.x12;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.impilo.bridge.ingest.UnreadableFileException;
import io.xlate.edi.stream.EDIInputFactory;
import io.xlate.edi.stream.EDIStreamEvent;
import io.xlate.edi.stream.EDIStreamException;
import io.xlate.edi.stream.EDIStreamReader;

/**
 * An X12 file read as a stream of transaction sets by StAEDI, which takes the separators from the ISA and checks the
 * envelope against its control schema (header and trailer control numbers, SE01/GE01/IEA01 counts). One transaction
 * set at a time is held, never the file. A UTF-8 byte order mark, which StAEDI does not take, is skipped.
 */
final class X12Segments implements Closeable {

    /** One segment: its tag at index 0, then its elements (a composite's first component; a repetition's first). */
    record Segment(List<String> elements) {

        String tag() {
            return elements.get(0);
        }

        /** Element {@code n} (1-based), or "" when absent. */
        String element(int n) {
            return n < elements.size() ? elements.get(n) : "";
        }

        String text(char separator) {
            return String.join(String.valueOf(separator), elements);
        }
    }

    /** One transaction set: its type (ST01), control number (ST02) and segments from ST to SE. */
    record TransactionSet(String type, String controlNumber, List<Segment> segments) {
    }

    private final EDIStreamReader reader;
    private final InputStream in;
    private List<String> interchangeHeader = List.of();

    private X12Segments(InputStream in) {
        this.in = in;
        this.reader = EDIInputFactory.newFactory().createEDIStreamReader(in);
    }

    static X12Segments open(Path file) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(file));
        in.mark(3);
        if (bomLength(in.readNBytes(3)) == 0) {
            in.reset();
        }
        return new X12Segments(in);
    }

    /** 3 when the bytes start with a UTF-8 byte order mark, else 0. */
    static int bomLength(byte[] start) {
        return start.length >= 3 && (start[0] & 0xff) == 0xEF && (start[1] & 0xff) == 0xBB
                && (start[2] & 0xff) == 0xBF ? 3 : 0;
    }

    /** The elements of the last ISA read (index 6 the sender id, 8 the receiver id), padded as written. */
    List<String> interchangeHeader() {
        return interchangeHeader;
    }

    /**
     * The next transaction set, or null at the end of the file.
     *
     * @throws UnreadableFileException when the file is not X12 or its envelope is broken: naming the segment, its
     *                                 position and what is wrong
     */
    TransactionSet next() throws UnreadableFileException {
        List<Segment> segments = null;
        List<String> current = null;
        String type = null;
        String control = null;
        try {
            while (reader.hasNext()) {
                EDIStreamEvent event = reader.next();
                if (event.isError()) {
                    throw new UnreadableFileException(problem(event));
                }
                switch (event) {
                    case START_TRANSACTION -> segments = new ArrayList<>();
                    case START_SEGMENT -> current = new ArrayList<>(List.of(reader.getText()));
                    case ELEMENT_DATA -> {
                        if (current != null && reader.getLocation().getComponentPosition() <= 1
                                && reader.getLocation().getElementOccurrence() <= 1) {
                            int position = reader.getLocation().getElementPosition();
                            while (current.size() < position) {
                                current.add("");
                            }
                            if (current.size() == position) {
                                current.add(reader.getText());
                            }
                        }
                    }
                    case END_SEGMENT -> {
                        if (current != null && current.get(0).equals("ISA")) {
                            interchangeHeader = List.copyOf(current);
                        }
                        if (segments != null && current != null) {
                            Segment segment = new Segment(List.copyOf(current));
                            segments.add(segment);
                            if (segment.tag().equals("ST")) {
                                type = segment.element(1);
                                control = segment.element(2);
                            }
                        }
                        current = null;
                    }
                    case END_TRANSACTION -> {
                        return new TransactionSet(type, control, segments);
                    }
                    default -> {
                        // envelope and loop events carry nothing a purchase order is made of
                    }
                }
            }
            return null;
        } catch (EDIStreamException e) {
            throw new UnreadableFileException("not a readable X12 interchange: " + e.getMessage(), e);
        }
    }

    // e.g. "the X12 envelope is broken at segment SE (segment 12 of the interchange): CONTROL_COUNT_DOES_NOT_MATCH_..."
    private String problem(EDIStreamEvent event) {
        String reference = reader.getReferenceCode() == null ? "" : " (element " + reader.getReferenceCode() + ")";
        return "the X12 envelope is broken at segment " + reader.getLocation().getSegmentTag() + " (segment "
                + reader.getLocation().getSegmentPosition() + " of the interchange): "
                + reader.getErrorType().name().toLowerCase().replace('_', ' ') + reference;
    }

    @Override
    public void close() throws IOException {
        reader.close();
        in.close();
    }
}
