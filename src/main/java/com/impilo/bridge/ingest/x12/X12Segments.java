package com.impilo.bridge.ingest.x12;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.impilo.bridge.ingest.UnreadableFileException;
import io.xlate.edi.schema.EDISchemaException;
import io.xlate.edi.schema.Schema;
import io.xlate.edi.schema.SchemaFactory;
import io.xlate.edi.stream.EDIInputFactory;
import io.xlate.edi.stream.EDIStreamConstants;
import io.xlate.edi.stream.EDIStreamEvent;
import io.xlate.edi.stream.EDIStreamException;
import io.xlate.edi.stream.EDIStreamReader;
import io.xlate.edi.stream.EDIStreamValidationError;
import io.xlate.edi.stream.Location;

/**
 * An X12 file read as a stream of transaction sets by StAEDI, which takes the separators from the ISA and checks the
 * envelope against its control schema (header and trailer control numbers, SE01/GE01/IEA01 counts), and each 850
 * against the project's transaction schema ({@code x12/850.xml}), whose findings become the set's syntax errors for
 * the acknowledgments ({@link Interchange.SyntaxError}). One transaction
 * set at a time is held, never the file; what the envelope says of each group and set is gathered on the way into an
 * {@link Interchange}, complete once the last set was read. A UTF-8 byte order mark, which StAEDI does not take, is
 * skipped.
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

    /** One transaction set as read: its type (ST01), control number (ST02) and segments from ST to SE. */
    record ReadSet(String type, String controlNumber, List<Segment> segments) {
    }

    /** The 850 as the bridge reads it, in 4010 and 5010: StAEDI checks each purchase order against it. */
    private static final Schema PURCHASE_ORDER = purchaseOrderSchema();
    /** Segments whose structural errors make a purchase order unreadable: the mapping relies on them. */
    private static final Set<String> READ_SEGMENTS = Set.of("BEG", "N1", "PO1", "CTT");
    /** A set's syntax errors kept for its acknowledgment; a set with more is rejected for the first ones anyway. */
    private static final int MAX_ERRORS = 20;

    private final EDIStreamReader reader;
    private final InputStream in;
    private final String lineBreak;
    private final boolean keepSegments;

    private Interchange.Header header;
    private Interchange.Separators separators = Interchange.Separators.USUAL;
    private final List<Interchange.Group> groups = new ArrayList<>();
    private Interchange.Problem interchangeProblem;
    private int interchanges;
    private final Set<String> groupNumbers = new HashSet<>();

    private List<String> groupHeader;
    private List<Interchange.TransactionSet> groupSets;
    private Interchange.Problem groupProblem;
    private final Set<String> setNumbers = new HashSet<>();

    private boolean inGroup;
    private boolean inSet;
    private List<String> setHeader;
    private int setSegments;
    private Interchange.Problem setProblem;
    private boolean validating;
    private int stPosition;
    private final List<Interchange.SyntaxError> setErrors = new ArrayList<>();
    private final Deque<String> loops = new ArrayDeque<>();

    private X12Segments(InputStream in, String lineBreak, boolean keepSegments) {
        this.in = in;
        this.lineBreak = lineBreak;
        this.keepSegments = keepSegments;
        this.reader = EDIInputFactory.newFactory().createEDIStreamReader(in);
    }

    private static Schema purchaseOrderSchema() {
        try (InputStream schema = X12Segments.class.getResourceAsStream("/x12/850.xml")) {
            if (schema == null) {
                throw new IllegalStateException("x12/850.xml is missing from the bridge's jar");
            }
            return SchemaFactory.newFactory().createSchema(schema);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read x12/850.xml from the bridge's jar", e);
        } catch (EDISchemaException e) {
            throw new IllegalStateException("x12/850.xml is not a schema StAEDI reads: " + e.getMessage(), e);
        }
    }

    /** Reads the file's sets with their segments. */
    static X12Segments open(Path file) throws IOException {
        return open(file, true);
    }

    /** Reads the file's envelope only: its sets are counted and checked, their segments not kept. */
    static X12Segments survey(Path file) throws IOException {
        return open(file, false);
    }

    private static X12Segments open(Path file, boolean keepSegments) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(file));
        in.mark(1024);
        byte[] start = in.readNBytes(1024);
        in.reset();
        int bom = bomLength(start);
        in.skipNBytes(bom);
        return new X12Segments(in, lineBreakAfterIsa(start, bom), keepSegments);
    }

    /** 3 when the bytes start with a UTF-8 byte order mark, else 0. */
    static int bomLength(byte[] start) {
        return start.length >= 3 && (start[0] & 0xff) == 0xEF && (start[1] & 0xff) == 0xBB
                && (start[2] & 0xff) == 0xBF ? 3 : 0;
    }

    // The ISA is 106 characters with its terminator; what follows it says whether segments end with a line break.
    private static String lineBreakAfterIsa(byte[] start, int at) {
        while (at < start.length && Character.isWhitespace(start[at])) {
            at++;
        }
        int after = at + 106;
        if (after < start.length && start[after] == '\r') {
            return after + 1 < start.length && start[after + 1] == '\n' ? "\r\n" : "\r";
        }
        return after < start.length && start[after] == '\n' && start[after - 1] != '\n' ? "\n" : "";
    }

    /** The interchange as read so far: complete once {@link #next()} returned null. */
    Interchange interchange() {
        Interchange.Problem problem = interchangeProblem;
        if (problem == null && header == null) {
            problem = new Interchange.Problem("024", "the file holds no interchange (no ISA segment)");
        }
        return new Interchange(header, separators, List.copyOf(groups), problem);
    }

    /**
     * The next transaction set, or null at the end of the file.
     *
     * @throws UnreadableFileException when the file cannot be read as X12 at all: naming the segment, its position
     *                                 and what is wrong
     */
    ReadSet next() throws UnreadableFileException {
        List<Segment> segments = null;
        List<String> current = null;
        try {
            while (reader.hasNext()) {
                EDIStreamEvent event = reader.next();
                if (event.isError() && syntaxError(event)) {
                    continue;
                }
                if (event == EDIStreamEvent.SEGMENT_ERROR && reader.getErrorType()
                        == EDIStreamValidationError.MANDATORY_SEGMENT_MISSING) {
                    missing(reader.getReferenceCode());
                    continue;
                }
                if (event.isError()) {
                    problem();
                    continue;
                }
                switch (event) {
                    case START_INTERCHANGE -> {
                        if (++interchanges > 1 && interchangeProblem == null) {
                            interchangeProblem = new Interchange.Problem("024", "the file holds more than one"
                                    + " interchange (ISA ... IEA); send each in a file of its own");
                        }
                    }
                    case START_GROUP -> {
                        inGroup = true;
                        groupSets = new ArrayList<>();
                        groupProblem = null;
                        setNumbers.clear();
                    }
                    case START_TRANSACTION -> {
                        inSet = true;
                        segments = keepSegments ? new ArrayList<>() : null;
                        setSegments = 0;
                        setProblem = null;
                        setErrors.clear();
                        loops.clear();
                        validating = false;
                        stPosition = -1;
                    }
                    // the schema names a loop by its first segment and "_LOOP"; an acknowledgment by the segment
                    case START_LOOP -> loops.push(reader.getReferenceCode().replace("_LOOP", ""));
                    case END_LOOP -> loops.poll();
                    case START_SEGMENT -> {
                        current = new ArrayList<>(List.of(reader.getText()));
                        if (inSet && stPosition < 0) {
                            stPosition = reader.getLocation().getSegmentPosition();
                        }
                    }
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
                        Segment segment = new Segment(List.copyOf(current));
                        envelopeSegment(segment);
                        if (!keepSegments && inSet && !validating && segment.tag().equals("ST")
                                && segment.element(1).equals("850")) {
                            // until the set ends; StAEDI takes it only here, on the ST segment. The survey finds
                            // the syntax errors for the whole file: the pass that reads the sets need not again
                            startValidating();
                        }
                        if (inSet) {
                            setSegments++;
                            if (segments != null) {
                                segments.add(segment);
                            }
                        }
                        current = null;
                    }
                    case END_TRANSACTION -> {
                        Segment st = new Segment(setHeader);
                        ReadSet set = new ReadSet(st.element(1), st.element(2),
                                segments == null ? List.of() : segments);
                        endSet();
                        return set;
                    }
                    case END_GROUP -> endGroup();
                    default -> {
                        // loops and composites carry nothing of the envelope
                    }
                }
            }
            return null;
        } catch (EDIStreamException e) {
            throw new UnreadableFileException("not a readable X12 interchange: " + e.getMessage(), e);
        }
    }

    private void envelopeSegment(Segment segment) {
        switch (segment.tag()) {
            case "ISA" -> {
                header = new Interchange.Header(segment.element(5).trim(), segment.element(6).trim(),
                        segment.element(7).trim(), segment.element(8).trim(), segment.element(9),
                        segment.element(10), segment.element(12), segment.element(13), segment.element(14).equals("1"),
                        segment.element(15), segment.element(1).equals("03")
                        && segment.element(2).trim().equals(Interchange.Header.DEAD_LETTER));
                Map<String, Character> delimiters = reader.getDelimiters();
                Character repetition = delimiters.get(EDIStreamConstants.Delimiters.REPETITION);
                separators = new Interchange.Separators(delimiters.get(EDIStreamConstants.Delimiters.DATA_ELEMENT),
                        delimiters.get(EDIStreamConstants.Delimiters.COMPONENT_ELEMENT),
                        header.from5010() && repetition != null ? repetition : 0,
                        delimiters.get(EDIStreamConstants.Delimiters.SEGMENT), lineBreak);
            }
            case "GS" -> {
                groupHeader = segment.elements();
                if (!groupNumbers.add(segment.element(6))) {
                    groupProblem = new Interchange.Problem(header != null && header.from5010() ? "19" : "6",
                            "GS06 \"" + segment.element(6) + "\" is the control number of an earlier group of the"
                                    + " interchange");
                }
                if (!segment.element(1).equals("PO")) {
                    groupProblem = new Interchange.Problem("1", "functional group \"" + segment.element(1)
                            + "\" (GS01) is not read; only PO (purchase orders) is");
                }
            }
            case "ST" -> {
                setHeader = segment.elements();
                if (!setNumbers.add(segment.element(2))) {
                    setProblem = new Interchange.Problem("23", "ST02 \"" + segment.element(2) + "\" is the control"
                            + " number of an earlier transaction set of the group");
                }
                if (!segment.element(1).equals("850")) {
                    setProblem = new Interchange.Problem("1", "transaction set " + segment.element(1)
                            + " (ST01) is not read; only 850 purchase orders are");
                }
            }
            case "GE" -> {
                if (groupHeader != null) {
                    groupHeader = new ArrayList<>(groupHeader);
                    groupHeader.add(segment.element(1));
                }
            }
            default -> {
                // the sets' own segments are read by the mapping
            }
        }
    }

    private void endSet() {
        if (groupSets != null) {
            Segment st = new Segment(setHeader);
            groupSets.add(new Interchange.TransactionSet(st.element(1), st.element(2), st.element(3), setProblem,
                    validating ? setErrors : List.of()));
        }
        validating = false;
        setHeader = null;
        inSet = false;
    }

    private void endGroup() {
        if (groupHeader != null) {
            Segment gs = new Segment(groupHeader);
            groups.add(new Interchange.Group(gs.element(1), gs.element(2), gs.element(3), gs.element(6),
                    gs.element(8), gs.element(9), List.copyOf(groupSets), groupProblem));
        }
        groupHeader = null;
        groupSets = null;
        inGroup = false;
    }

    // An ST where no set starts (one inside a set) is not where StAEDI takes a schema: the envelope's errors
    // report it, and the set is not checked against the 850 schema.
    private void startValidating() {
        try {
            reader.setTransactionSchema(PURCHASE_ORDER);
            validating = true;
        } catch (IllegalStateException notAtTheStartOfASet) {
            setProblem = first(setProblem, new Interchange.Problem("5", "an ST segment (segment "
                    + (reader.getLocation().getSegmentPosition() - stPosition + 1) + " of the set) where no"
                    + " transaction set starts"));
        }
    }

    /**
     * A finding of the 850 schema inside a purchase order, kept for the acknowledgments: true when it was one (the
     * envelope's own, on ST and SE, are not). One in what the mapping reads also rejects the set (AK5 code 5), naming
     * the segment and element but never the value.
     */
    private boolean syntaxError(EDIStreamEvent event) {
        if (!inSet || !validating) {
            return false;
        }
        EDIStreamValidationError type = reader.getErrorType();
        Location at = reader.getLocation();
        boolean missing = type == EDIStreamValidationError.MANDATORY_SEGMENT_MISSING;
        // a missing segment (or loop, by its first segment) is named by its code, and noticed where the next one is
        String code = reader.getReferenceCode();
        String tag = !missing ? at.getSegmentTag() : code == null ? null : code.replace("_LOOP", "");
        if (tag == null || tag.equals("ST") || tag.equals("SE") || (!missing && "SE".equals(at.getSegmentTag()))
                || type == EDIStreamValidationError.SEGMENT_HAS_DATA_ELEMENT_ERRORS) {
            // the envelope's, or said by the element errors that follow
            return type == EDIStreamValidationError.SEGMENT_HAS_DATA_ELEMENT_ERRORS;
        }
        int position = at.getSegmentPosition() - stPosition + 1;
        // the loop the segment is in; a missing one is not in the loop where its absence was noticed
        String loop = loops.isEmpty() || missing ? "" : loops.peek();
        boolean from5010 = header != null && header.from5010();
        Interchange.SyntaxError error;
        boolean fatal;
        if (event == EDIStreamEvent.SEGMENT_ERROR) {
            error = new Interchange.SyntaxError(tag, position, loop, segmentCode(type), 0, 0, "", "", "");
            fatal = missing || READ_SEGMENTS.contains(tag);
        } else {
            int element = at.getElementPosition();
            String value = "";
            if (event == EDIStreamEvent.ELEMENT_DATA_ERROR) {
                value = reader.getText();
            }
            error = new Interchange.SyntaxError(tag, position, loop, "8", element,
                    Math.max(0, at.getComponentPosition()), elementNumber(reader.getReferenceCode()),
                    elementCode(type, from5010), value);
            fatal = readByMapping(tag, element);
        }
        if (setErrors.size() < MAX_ERRORS) {
            setErrors.add(error);
        }
        if (fatal) {
            setProblem = first(setProblem, new Interchange.Problem("5", describe(error, type, missing)));
        }
        return true;
    }

    // AK402: the element's reference number, which the schema gives the elements it types; "" for the others.
    private static String elementNumber(String code) {
        return code != null && code.matches("[0-9]{1,4}") ? code : "";
    }

    // The elements the mapping reads: an error in one of them leaves the order without what it needs.
    private static boolean readByMapping(String tag, int element) {
        return switch (tag) {
            case "BEG" -> element == 1 || element == 3 || element == 5;
            case "N1" -> element == 1 || element == 4;
            case "PO1" -> element <= 3 || element >= 6;
            case "CTT" -> element == 1;
            case "TD5" -> element == 12;
            case "NTE" -> element == 2;
            case "MSG" -> element == 1;
            default -> false;
        };
    }

    private static String describe(Interchange.SyntaxError error, EDIStreamValidationError type, boolean missing) {
        String what = type.name().toLowerCase(Locale.ROOT).replace('_', ' ');
        if (missing) {
            return "the " + error.segment() + " segment is missing (" + what + ", noticed at segment "
                    + error.position() + " of the set)";
        }
        return error.segment() + (error.ofElement() ? String.format("%02d", error.element()) : "") + " (segment "
                + error.position() + " of the set" + (error.elementNumber().isEmpty() ? ""
                : ", data element " + error.elementNumber()) + "): " + what;
    }

    // AK304 / IK304: why a segment is in error.
    private static String segmentCode(EDIStreamValidationError type) {
        return switch (type) {
            case UNRECOGNIZED_SEGMENT_ID -> "1";
            case UNEXPECTED_SEGMENT, SEGMENT_EXCLUSION_CONDITION_VIOLATED -> "2";
            case MANDATORY_SEGMENT_MISSING, CONDITIONAL_REQUIRED_SEGMENT_MISSING -> "3";
            case LOOP_OCCURS_OVER_MAXIMUM_TIMES -> "4";
            case SEGMENT_EXCEEDS_MAXIMUM_USE -> "5";
            case SEGMENT_NOT_IN_DEFINED_TRANSACTION_SET -> "6";
            case SEGMENT_NOT_IN_PROPER_SEQUENCE -> "7";
            case IMPLEMENTATION_UNUSED_SEGMENT_PRESENT -> "I4";
            case IMPLEMENTATION_DEPENDENT_SEGMENT_MISSING -> "I6";
            case IMPLEMENTATION_LOOP_OCCURS_UNDER_MINIMUM_TIMES -> "I7";
            case IMPLEMENTATION_SEGMENT_BELOW_MINIMUM_USE -> "I8";
            case IMPLEMENTATION_DEPENDENT_UNUSED_SEGMENT_PRESENT -> "I9";
            default -> "8";
        };
    }

    // AK403 / IK403: why an element is in error; 12 and 13 exist from 5010 on.
    private static String elementCode(EDIStreamValidationError type, boolean from5010) {
        return switch (type) {
            case REQUIRED_DATA_ELEMENT_MISSING -> "1";
            case CONDITIONAL_REQUIRED_DATA_ELEMENT_MISSING -> "2";
            case TOO_MANY_DATA_ELEMENTS -> "3";
            case DATA_ELEMENT_TOO_SHORT -> "4";
            case DATA_ELEMENT_TOO_LONG -> "5";
            case INVALID_CHARACTER_DATA -> "6";
            case INVALID_CODE_VALUE -> "7";
            case INVALID_DATE -> "8";
            case INVALID_TIME -> "9";
            case EXCLUSION_CONDITION_VIOLATED -> "10";
            case TOO_MANY_REPETITIONS -> from5010 ? "12" : "3";
            case TOO_MANY_COMPONENTS -> from5010 ? "13" : "3";
            case IMPLEMENTATION_INVALID_CODE_VALUE -> "I6";
            case IMPLEMENTATION_DEPENDENT_DATA_ELEMENT_MISSING -> "I9";
            case IMPLEMENTATION_UNUSED_DATA_ELEMENT_PRESENT -> "I10";
            case IMPLEMENTATION_TOO_FEW_REPETITIONS -> "I11";
            case IMPLEMENTATION_PATTERN_MATCH_FAILURE -> "I12";
            case IMPLEMENTATION_DEPENDENT_UNUSED_DATA_ELEMENT_PRESENT -> "I13";
            default -> "6";
        };
    }

    // A trailer that is not there: the set's, the group's or the interchange's.
    private void missing(String tag) {
        String reason = "the " + tag + " segment is missing";
        switch (tag == null ? "" : tag) {
            case "SE" -> setProblem = first(setProblem, new Interchange.Problem("2", reason));
            case "GE" -> groupProblem = first(groupProblem, new Interchange.Problem("3", reason));
            case "IEA" -> interchangeProblem = first(interchangeProblem, new Interchange.Problem("023", reason));
            default -> problem();
        }
    }

    // An envelope error reported by StAEDI, given to the set, group or interchange it belongs to with the code its
    // acknowledgment reports: SE01 wrong is AK5 4, GE01 wrong AK9 5, IEA01 wrong TA1 021, ...
    private void problem() {
        String tag = reader.getLocation().getSegmentTag();
        int element = reader.getLocation().getElementPosition();
        String value = reader.getText();
        String what = reader.getErrorType().name().toLowerCase(Locale.ROOT).replace('_', ' ');
        String where = tag + (element > 0 ? String.format("%02d", element) : "");
        switch (tag == null ? "" : tag) {
            case "SE" -> setProblem = first(setProblem, element == 1
                    ? new Interchange.Problem("4", "SE01 says " + value + " segment(s); the transaction set has "
                            + (setSegments + 1) + ", ST and SE included")
                    : element == 2 ? new Interchange.Problem("3", "SE02 \"" + value + "\" is not ST02 \""
                            + new Segment(setHeader).element(2) + "\"")
                    : new Interchange.Problem("2", where + ": " + what));
            case "GE" -> groupProblem = first(groupProblem, element == 1
                    ? new Interchange.Problem("5", "GE01 says " + value + " transaction set(s); the group has "
                            + (groupSets == null ? 0 : groupSets.size()))
                    : element == 2 ? new Interchange.Problem("4", "GE02 \"" + value + "\" is not GS06 \""
                            + new Segment(groupHeader).element(6) + "\"")
                    : new Interchange.Problem("3", where + ": " + what));
            case "IEA" -> interchangeProblem = first(interchangeProblem, element == 1
                    ? new Interchange.Problem("021", "IEA01 says " + value + " group(s); the interchange has "
                            + groups.size())
                    : element == 2 ? new Interchange.Problem("001", "IEA02 \"" + value + "\" is not ISA13 \""
                            + (header == null ? "" : header.controlNumber()) + "\"")
                    : new Interchange.Problem("024", where + ": " + what));
            default -> {
                if (inSet) {
                    setProblem = first(setProblem, new Interchange.Problem(tag != null && tag.equals("ST")
                            ? (element == 1 ? "6" : "7") : "5", where + ": " + what));
                } else if (inGroup) {
                    groupProblem = first(groupProblem, new Interchange.Problem("GS".equals(tag) && element == 8
                            ? "2" : "GS".equals(tag) && element == 1 ? "1" : "6", where + ": " + what));
                } else {
                    interchangeProblem = first(interchangeProblem, new Interchange.Problem("ISA".equals(tag)
                            ? "024" : "022", where + " (segment " + reader.getLocation().getSegmentPosition()
                            + " of the interchange): " + what));
                }
            }
        }
    }

    private static Interchange.Problem first(Interchange.Problem earlier, Interchange.Problem now) {
        return earlier != null ? earlier : now;
    }

    @Override
    public void close() throws IOException {
        reader.close();
        in.close();
    }
}
