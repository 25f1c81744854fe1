package com.impilo.bridge.ingest.x12;

import java.io.ByteArrayOutputStream;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
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
        segments.add(List.of("GS", "FA", first.applicationReceiver(), first.applicationSender(), now.format(GS_DATE),
                now.format(TIME), String.valueOf(controlNumber), "X",
                implementation ? "005010X231A1" : versionOf(in, first)));
        int number = 0;
        for (Interchange.Group group : in.groups()) {
            segments.addAll(acknowledgment(group, String.format("%04d", ++number), implementation,
                    in.header().from5010()));
        }
        segments.add(List.of("GE", String.valueOf(number), String.valueOf(controlNumber)));
        return interchange(in, controlNumber, now, segments);
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

    // One 997/999 set: AK1, per set AK2 and AK5 (IK5), AK9 with the counts.
    private static List<List<String>> acknowledgment(Interchange.Group group, String control, boolean implementation,
                                                     boolean from5010) {
        List<List<String>> set = new ArrayList<>();
        set.add(List.of("ST", implementation ? "999" : "997", control));
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
            String status = implementation ? "IK5" : "AK5";
            set.add(received.problem() == null ? List.of(status, "A") : List.of(status, "R", received.problem().code()));
        }
        long accepted = group.accepted();
        int received = group.sets().size();
        String declared = group.declaredSets().matches("[0-9]{1,6}") ? group.declaredSets() : String.valueOf(received);
        String outcome = group.problem() != null || accepted == 0 ? "R" : accepted == received ? "A" : "P";
        List<String> ak9 = new ArrayList<>(List.of("AK9", outcome, declared, String.valueOf(received),
                String.valueOf(accepted)));
        if (group.problem() != null) {
            ak9.add(group.problem().code());
        }
        set.add(ak9);
        set.add(List.of("SE", String.valueOf(set.size() + 1), control));
        return set;
    }

    private static String versionOf(Interchange in, Interchange.Group group) {
        if (!group.version().isBlank()) {
            return group.version();
        }
        return in.header().from5010() ? "005010" : "004010";
    }

    // ISA with the partners swapped, the segments, IEA with the number of groups.
    private static String interchange(Interchange in, long controlNumber, ZonedDateTime now,
                                      List<List<String>> segments) {
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
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (EDIStreamWriter writer = factory.createEDIStreamWriter(out)) {
            writer.setControlSchema(SchemaFactory.newFactory().getControlSchema(EDIStreamConstants.Standards.X12,
                    new String[] {received.version()}));
            writer.startInterchange();
            write(writer, List.of("ISA", "00", " ".repeat(10), "00", " ".repeat(10), received.receiverQualifier(),
                    pad(received.receiverId()), received.senderQualifier(), pad(received.senderId()),
                    now.format(ISA_DATE), now.format(TIME),
                    received.from5010() ? String.valueOf(separators.repetition()) : "U", received.version(), control,
                    "0", received.usage(), String.valueOf(separators.component())));
            long groups = 0;
            for (List<String> segment : segments) {
                write(writer, segment);
                groups += segment.get(0).equals("GS") ? 1 : 0;
            }
            write(writer, List.of("IEA", String.valueOf(groups), control));
            writer.endInterchange();
        } catch (EDIStreamException | EDISchemaException e) {
            throw new IllegalStateException("cannot write the acknowledgment: " + e.getMessage(), e);
        }
        return out.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    private static void write(EDIStreamWriter writer, List<String> segment) throws EDIStreamException {
        writer.writeStartSegment(segment.get(0));
        for (String element : segment.subList(1, segment.size())) {
            writer.writeElement(element);
        }
        writer.writeEndSegment();
    }

    private static String pad(String id) {
        return String.format("%-15s", id);
    }
}
