package com.impilo.bridge.ingest.x12;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import com.impilo.bridge.settings.X12Options;
import io.xlate.edi.schema.EDISchemaException;
import io.xlate.edi.schema.SchemaFactory;
import io.xlate.edi.stream.EDIOutputFactory;
import io.xlate.edi.stream.EDIStreamConstants;
import io.xlate.edi.stream.EDIStreamException;
import io.xlate.edi.stream.EDIStreamWriter;

/**
 * What the bridge answers an interchange, written by StAEDI as a complete interchange of its own in the inbound's
 * version and separators, its sender and receiver swapped: a TA1 (the interchange's envelope), a 997 or 999 (one set
 * per functional group: per transaction set accepted or rejected with the code of its envelope error). Syntax only:
 * a purchase order the bridge rejects for its content is still accepted here.
 */
public final class Acknowledgments {

    private static final DateTimeFormatter ISA_DATE = DateTimeFormatter.ofPattern("yyMMdd");
    private static final DateTimeFormatter GS_DATE = DateTimeFormatter.ofPattern("yyyyMMdd");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HHmm");

    private Acknowledgments() {
    }

    /**
     * The functional acknowledgment of every group of the interchange, with a TA1 first when the interchange asked
     * for one (ISA14 = 1); a 999 only for a 5010 interchange (a 4010 one gets a 997, which is all its version has).
     */
    public static String functional(Interchange in, X12Options.Ack kind, long controlNumber, ZonedDateTime now) {
        boolean implementation = kind == X12Options.Ack.FA999 && in.header().from5010();
        List<List<String>> segments = new ArrayList<>();
        if (in.header().ackRequested()) {
            segments.add(ta1(in, null));
        }
        Interchange.Group first = in.groups().get(0);
        segments.add(first.gs("FA", true, now.format(GS_DATE), now.format(TIME), String.valueOf(controlNumber),
                implementation ? "005010X231A1" : versionOf(in, first)));
        int number = 0;
        for (Interchange.Group group : in.groups()) {
            segments.addAll(transactionSet(implementation ? "999" : "997", String.format("%04d", ++number),
                    acknowledgment(group, implementation, in.header().from5010(), in.separators())));
        }
        segments.add(List.of("GE", String.valueOf(number), String.valueOf(controlNumber)));
        return interchange(in, controlNumber, now, segments);
    }

    /**
     * The 855 of each purchase order, one group of them, written to {@code out} as {@code answers} are read: accepted
     * ({@code AD}, with Impilo's order id in BAK08 and an {@code IA} per line) or rejected ({@code RD}, the reason in
     * N9/MSG, {@code IR} on the lines at fault and {@code IA} on the others).
     */
    public static void purchaseOrderAcknowledgments(Interchange in, long controlNumber, ZonedDateTime now,
                                                    Iterator<PurchaseOrderAnswer> answers, OutputStream out) {
        Interchange.Group first = in.groups().get(0);
        interchange(in, controlNumber, now, out, segments -> {
            segments.write(first.gs("PR", true, now.format(GS_DATE), now.format(TIME), String.valueOf(controlNumber),
                    versionOf(in, first)));
            long number = 0;
            while (answers.hasNext()) {
                for (List<String> segment : transactionSet("855", String.format("%04d", ++number),
                        poAcknowledgment(answers.next(), now, in.separators()))) {
                    segments.write(segment);
                }
            }
            segments.write(List.of("GE", String.valueOf(number), String.valueOf(controlNumber)));
        });
    }

    /** An order shipped: its Impilo id (the shipment's id in BSN02) and its parcels. */
    public record Shipment(long impiloOrderId, List<Parcel> parcels) {
    }

    /** One parcel: its carrier (a SCAC or name, as Impilo says it) and its tracking number. */
    public record Parcel(String carrier, String trackingNumber) {
    }

    /**
     * The 856 ship notice of a shipped purchase order, in its partner's interchange: shipment level (the carrier in
     * TD5, each tracking number in {@code REF*CN}, the date shipped), order level (the PO number in PRF) and an item
     * level per line (LIN with the line's product id, SN1 with its quantity).
     */
    public static String shipNotice(ReplyAddress to, PurchaseOrder po, Shipment shipment, long controlNumber,
                                    ZonedDateTime now) {
        Interchange in = to.asInterchange();
        Interchange.Group first = in.groups().get(0);
        List<List<String>> segments = new ArrayList<>();
        segments.add(first.gs("SH", true, now.format(GS_DATE), now.format(TIME), String.valueOf(controlNumber),
                versionOf(in, first)));
        List<List<String>> set = new ArrayList<>();
        set.add(List.of("BSN", "00", String.valueOf(shipment.impiloOrderId()), now.format(GS_DATE), now.format(TIME),
                "0004"));
        int level = 0;
        set.add(List.of("HL", String.valueOf(++level), "", "S"));
        shipment.parcels().stream().map(Parcel::carrier).filter(carrier -> carrier != null && !carrier.isBlank())
                .findFirst().ifPresent(carrier -> set.add(List.of("TD5", "", "2",
                        plain(carrier, in.separators()))));
        for (Parcel parcel : shipment.parcels()) {
            set.add(List.of("REF", "CN", plain(parcel.trackingNumber(), in.separators())));
        }
        set.add(List.of("DTM", "011", now.format(GS_DATE)));
        int order = ++level;
        set.add(List.of("HL", String.valueOf(order), "1", "O"));
        set.add(List.of("PRF", po.number()));
        for (PurchaseOrder.Line line : po.lines()) {
            set.add(List.of("HL", String.valueOf(++level), String.valueOf(order), "I"));
            List<String> lin = new ArrayList<>(List.of("LIN", line.id()));
            if (!line.qualifier().isEmpty() && !line.productId().isEmpty()) {
                lin.addAll(List.of(line.qualifier(), line.productId()));
            }
            set.add(lin);
            set.add(List.of("SN1", "", line.quantity().isEmpty() ? "1" : line.quantity(),
                    line.unit().isEmpty() ? "EA" : line.unit()));
        }
        set.add(List.of("CTT", String.valueOf(level)));
        segments.addAll(transactionSet("856", "0001", set));
        segments.add(List.of("GE", "1", String.valueOf(controlNumber)));
        return interchange(in, controlNumber, now, segments);
    }

    /** What became of one purchase order: created (or found created before) with its Impilo id, or rejected. */
    public record PurchaseOrderAnswer(PurchaseOrder purchaseOrder, boolean accepted, Long impiloOrderId,
                                      String reason) {
    }

    // BAK, the reason when rejected, PO1 and ACK per line, CTT.
    private static List<List<String>> poAcknowledgment(PurchaseOrderAnswer answer, ZonedDateTime now,
                                                       Interchange.Separators separators) {
        PurchaseOrder po = answer.purchaseOrder();
        List<List<String>> set = new ArrayList<>();
        String date = po.date().matches("[0-9]{8}") ? po.date() : now.format(GS_DATE);
        // BAK01 says what is acknowledged: the purchase order (00) or its cancellation (01)
        String purpose = po.cancellation() ? "01" : "00";
        set.add(answer.accepted() && answer.impiloOrderId() != null
                ? List.of("BAK", purpose, "AD", po.number(), date, "", "", "", String.valueOf(answer.impiloOrderId()))
                : List.of("BAK", purpose, answer.accepted() ? "AD" : "RD", po.number(), date));
        if (!answer.accepted()) {
            set.add(List.of("N9", "L1", "REJECTED"));
            set.add(List.of("MSG", plain(answer.reason() == null ? "rejected" : answer.reason(), separators)));
        }
        for (PurchaseOrder.Line line : po.lines()) {
            List<String> po1 = new ArrayList<>(List.of("PO1", line.id(), line.quantity(), line.unit()));
            if (!line.qualifier().isEmpty() && !line.productId().isEmpty()) {
                po1.addAll(List.of("", "", line.qualifier(), line.productId()));
            }
            set.add(po1);
            String status = !answer.accepted() && line.atFault() ? "IR" : "IA";
            set.add(line.quantity().isEmpty() ? List.of("ACK", status)
                    : List.of("ACK", status, line.quantity(), line.unit().isEmpty() ? "EA" : line.unit()));
        }
        set.add(List.of("CTT", String.valueOf(po.lines().size())));
        return set;
    }

    // A reason as one element: no separator of the interchange (a ':' one becomes " -"), at most MSG01's 264
    // characters.
    private static String plain(String text, Interchange.Separators separators) {
        StringBuilder plain = new StringBuilder();
        for (char c : text.toCharArray()) {
            boolean separator = c == separators.element() || c == separators.segment() || c == separators.component()
                    || (separators.repetition() != 0 && c == separators.repetition()) || Character.isISOControl(c);
            // "PO1 1: PO102 ..." stays readable where ':' separates components
            plain.append(!separator ? String.valueOf(c) : c == ':' ? " -" : " ");
        }
        return plain.length() > 264 ? plain.substring(0, 264) : plain.toString();
    }

    /** A TA1 on its own: the interchange accepted ({@code problem} null) or rejected with the problem's note code. */
    public static String interchangeOnly(Interchange in, Interchange.Problem problem, long controlNumber,
                                         ZonedDateTime now) {
        return interchange(in, controlNumber, now, List.of(ta1(in, problem)));
    }

    private static List<String> ta1(Interchange in, Interchange.Problem problem) {
        return List.of("TA1", in.header().controlNumber(), in.header().date(), in.header().time(),
                problem == null ? "A" : "R", problem == null ? "000" : problem.code());
    }

    // ST, the body, SE counting them all
    private static List<List<String>> transactionSet(String type, String control, List<List<String>> body) {
        List<List<String>> set = new ArrayList<>(body.size() + 2);
        set.add(List.of("ST", type, control));
        set.addAll(body);
        set.add(List.of("SE", String.valueOf(body.size() + 2), control));
        return set;
    }

    // The body of one 997/999 set: AK1, per set AK2, its AK3/AK4 (IK3/IK4) and AK5 (IK5), AK9 with the counts.
    private static List<List<String>> acknowledgment(Interchange.Group group, boolean implementation,
                                                     boolean from5010, Interchange.Separators separators) {
        List<List<String>> set = new ArrayList<>();
        set.add(from5010 ? List.of("AK1", group.functionalId(), group.controlNumber(), group.version())
                : List.of("AK1", group.functionalId(), group.controlNumber()));
        for (Interchange.TransactionSet received : group.sets()) {
            if (group.problem() != null && received.problem() == null) {
                // a broken group rejects its sets as a whole (AK9): only their own errors are listed
                continue;
            }
            set.add(from5010 && !received.convention().isEmpty()
                    ? List.of("AK2", received.type(), received.controlNumber(), received.convention())
                    : List.of("AK2", received.type(), received.controlNumber()));
            set.addAll(syntaxErrors(received.errors(), implementation, separators));
            String status = implementation ? "IK5" : "AK5";
            set.add(received.problem() != null ? List.of(status, "R", received.problem().code())
                    : List.of(status, received.errors().isEmpty() ? "A" : "E"));
        }
        long accepted = group.accepted();
        int received = group.sets().size();
        String declared = group.declaredSets().matches("[0-9]{1,6}") ? group.declaredSets() : String.valueOf(received);
        boolean noted = group.sets().stream().anyMatch(one -> one.problem() == null && !one.errors().isEmpty());
        String outcome = group.problem() != null || accepted == 0 ? "R" : accepted < received ? "P" : noted ? "E" : "A";
        List<String> ak9 = new ArrayList<>(List.of("AK9", outcome, declared, String.valueOf(received),
                String.valueOf(accepted)));
        if (group.problem() != null) {
            ak9.add(group.problem().code());
        }
        set.add(ak9);
        return set;
    }

    // Per segment in error an AK3 (IK3: tag, position in the set, loop, code), then an AK4 (IK4) per element of it
    // in error: its position, reference number, code and, for a bad value, the value as sent (at most 99 characters).
    private static List<List<String>> syntaxErrors(List<Interchange.SyntaxError> errors, boolean implementation,
                                                   Interchange.Separators separators) {
        List<List<String>> segments = new ArrayList<>();
        Interchange.SyntaxError segmentOpen = null;
        for (Interchange.SyntaxError error : errors) {
            boolean sameSegment = segmentOpen != null && error.ofElement() && segmentOpen.ofElement()
                    && segmentOpen.position() == error.position() && segmentOpen.segment().equals(error.segment());
            if (!sameSegment) {
                segments.add(List.of(implementation ? "IK3" : "AK3", error.segment(), String.valueOf(error.position()),
                        error.loop(), error.segmentCode()));
            }
            segmentOpen = error;
            if (error.ofElement()) {
                List<String> ak4 = new ArrayList<>(List.of(implementation ? "IK4" : "AK4",
                        String.valueOf(error.element()), error.elementNumber(), error.elementCode()));
                String value = plain(error.value(), separators);
                if (!value.isEmpty()) {
                    ak4.add(value.length() > 99 ? value.substring(0, 99) : value);
                }
                segments.add(ak4);
            }
        }
        return segments;
    }

    private static String versionOf(Interchange in, Interchange.Group group) {
        if (!group.version().isBlank()) {
            return group.version();
        }
        return in.header().from5010() ? "005010" : "004010";
    }

    /** Writes segments, one at a time. */
    @FunctionalInterface
    private interface Body {
        void writeTo(Segments out) throws EDIStreamException;
    }

    /** Where a body writes its segments, each a tag and its elements. */
    @FunctionalInterface
    private interface Segments {
        void write(List<String> segment) throws EDIStreamException;
    }

    private static String interchange(Interchange in, long controlNumber, ZonedDateTime now,
                                      List<List<String>> segments) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        interchange(in, controlNumber, now, out, body -> {
            for (List<String> segment : segments) {
                body.write(segment);
            }
        });
        return out.toString(StandardCharsets.UTF_8);
    }

    // ISA with the partners swapped, the body's segments, IEA with the number of groups.
    private static void interchange(Interchange in, long controlNumber, ZonedDateTime now, OutputStream out,
                                    Body body) {
        Interchange.Header received = in.header();
        Interchange.Separators separators = in.separators();
        String control = String.format("%09d", controlNumber);
        EDIOutputFactory factory = EDIOutputFactory.newFactory();
        factory.setProperty(EDIStreamConstants.Delimiters.SEGMENT, separators.segment());
        factory.setProperty(EDIStreamConstants.Delimiters.DATA_ELEMENT, separators.element());
        factory.setProperty(EDIStreamConstants.Delimiters.COMPONENT_ELEMENT, separators.component());
        if (separators.repetition() != 0) {
            factory.setProperty(EDIStreamConstants.Delimiters.REPETITION, separators.repetition());
        }
        factory.setProperty(EDIOutputFactory.PRETTY_PRINT, !separators.lineBreak().isEmpty());
        try (EDIStreamWriter writer = factory.createEDIStreamWriter(out)) {
            writer.setControlSchema(SchemaFactory.newFactory().getControlSchema(EDIStreamConstants.Standards.X12,
                    new String[] {received.version()}));
            writer.startInterchange();
            write(writer, in.isa("00", " ".repeat(10), true, now.format(ISA_DATE), now.format(TIME), control));
            long[] groups = {0};
            body.writeTo(segment -> {
                write(writer, segment);
                groups[0] += segment.get(0).equals("GS") ? 1 : 0;
            });
            write(writer, List.of("IEA", String.valueOf(groups[0]), control));
            writer.endInterchange();
        } catch (EDIStreamException | EDISchemaException e) {
            throw new IllegalStateException("cannot write the acknowledgment: " + e.getMessage(), e);
        }
    }

    private static void write(EDIStreamWriter writer, List<String> segment) throws EDIStreamException {
        writer.writeStartSegment(segment.get(0));
        for (String element : segment.subList(1, segment.size())) {
            writer.writeElement(element);
        }
        writer.writeEndSegment();
    }
}
