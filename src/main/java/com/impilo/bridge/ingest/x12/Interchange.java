package com.impilo.bridge.ingest.x12;

import java.util.List;
import java.util.Optional;

import com.impilo.bridge.ingest.Envelope;

/**
 * An X12 interchange as the first pass over its file found it: who sent it, its separators, and per functional group
 * and transaction set its control numbers and envelope error, if any. What its orders and the acknowledgments need;
 * a few ids per set, never the sets' content, so it stays small however large the file.
 */
public record Interchange(Header header, Separators separators, List<Group> groups, Problem problem)
        implements Envelope {

    /**
     * The ISA: partner ids (ISA05–08), date and time (ISA09/10), version (ISA12), ISA13, ISA14 and ISA15; and whether
     * it is the bridge's own dead letter of one transaction set (ISA01 {@code 03}, ISA02 {@value #DEAD_LETTER}),
     * replayed: taken again whatever its control number, and answered with an 855 only.
     */
    public record Header(String senderQualifier, String senderId, String receiverQualifier, String receiverId,
                         String date, String time, String version, String controlNumber, boolean ackRequested,
                         String usage, boolean deadLetter) {

        /** ISA02 of the bridge's dead letters (ISA01 {@code 03}, additional data identification). */
        public static final String DEAD_LETTER = "DEADLETTER";

        /** The partner who sent it, as X12 identifies one: the sender's qualifier and id, e.g. {@code ZZ/ACME}. */
        public String sender() {
            return senderQualifier + "/" + senderId;
        }

        /** Whether the interchange is in version 5010 (ISA12 {@code 00501}) or later, else 4010. */
        public boolean from5010() {
            return version.compareTo("00501") >= 0;
        }
    }

    /**
     * The interchange's separators: element, component (ISA16), repetition (5010's ISA11; 0 in 4010) and segment
     * terminator, and the line break written after each terminator ("" when none).
     */
    public record Separators(char element, char component, char repetition, char segment, String lineBreak) {

        /** The separators most partners use: {@code *}, {@code :}, {@code ^}, {@code ~} and a line feed. */
        public static final Separators USUAL = new Separators('*', ':', '^', '~', "\n");
    }

    /**
     * A functional group: GS01 (PO for purchase orders), GS02/GS03 application sender and receiver, GS06, GS08, the
     * number of sets GE01 declares, its sets and its own envelope error.
     */
    public record Group(String functionalId, String applicationSender, String applicationReceiver,
                        String controlNumber, String version, String declaredSets, List<TransactionSet> sets,
                        Problem problem) {

        /**
         * A GS with this group's application ids, or with them swapped for a {@code reply} to its sender; the date
         * CCYYMMDD.
         */
        List<String> gs(String functionalId, boolean reply, String date, String time, String control, String version) {
            return List.of("GS", functionalId, reply ? applicationReceiver : applicationSender,
                    reply ? applicationSender : applicationReceiver, date, time, control, "X", version);
        }

        /** The sets of the group whose orders may be sent: none when the group itself is broken. */
        public long accepted() {
            return problem != null ? 0 : sets.stream().filter(set -> set.problem() == null).count();
        }
    }

    /**
     * A transaction set: ST01, ST02, ST03 (5010's implementation convention, "" when absent), its error, and the
     * syntax errors its 850 schema found in it (each an AK3/AK4 of the 997, IK3/IK4 of the 999). A set whose errors
     * touch what the mapping reads has a problem too (AK5 {@code R}); one with other errors only is accepted with
     * them (AK5 {@code E}).
     */
    public record TransactionSet(String type, String controlNumber, String convention, Problem problem,
                                 List<SyntaxError> errors) {

        public TransactionSet {
            errors = List.copyOf(errors);
        }

        public TransactionSet(String type, String controlNumber, String convention, Problem problem) {
            this(type, controlNumber, convention, problem, List.of());
        }
    }

    /**
     * One syntax error in a transaction set, as the acknowledgments report it: the segment's tag and position in the
     * set (ST is 1), its loop, the segment's error code (AK304/IK304), and for an element error (element position
     * above 0) the element's position, component position (0 when none), reference number, error code
     * (AK403/IK403) and the bad value, which goes to the partner's acknowledgment only, never to a log.
     */
    public record SyntaxError(String segment, int position, String loop, String segmentCode, int element,
                              int component, String elementNumber, String elementCode, String value) {

        /** Whether it is an element's error (AK4) rather than the segment's (AK3 alone). */
        public boolean ofElement() {
            return element > 0;
        }
    }

    /**
     * An envelope error: the code the acknowledgment reports (AK5/IK5 for a set, AK9 for a group, the TA1 note for the
     * interchange) and what is wrong, for the engineer, naming the segment and element.
     */
    public record Problem(String code, String reason) {
    }

    /**
     * An ISA in this interchange's version, usage and separators, from its sender to its receiver, or the other way
     * for a {@code reply}; ISA01/02 as given (the bridge marks its dead letters there), no TA1 asked for.
     */
    List<String> isa(String authorizationQualifier, String authorization, boolean reply, String date, String time,
                     String controlNumber) {
        Header from = header;
        return List.of("ISA", authorizationQualifier, authorization, "00", " ".repeat(10),
                reply ? from.receiverQualifier() : from.senderQualifier(),
                padded(reply ? from.receiverId() : from.senderId()),
                reply ? from.senderQualifier() : from.receiverQualifier(),
                padded(reply ? from.senderId() : from.receiverId()), date, time,
                from.from5010() ? String.valueOf(separators.repetition()) : "U", from.version(), controlNumber, "0",
                from.usage(), String.valueOf(separators.component()));
    }

    // ISA06 and ISA08 are fixed width
    private static String padded(String id) {
        return String.format("%-15s", id);
    }

    /** The same interchange with a problem of its own, found beyond its envelope (e.g. from another partner). */
    public Interchange withProblem(Problem found) {
        return new Interchange(header, separators, groups, found);
    }

    /** Whether nothing is wrong with the interchange's own envelope (its groups and sets may still be). */
    public boolean acceptable() {
        return problem == null;
    }

    /** The functional group of the {@code number}th transaction set of the file (1-based), or null. */
    public Group groupOf(long number) {
        return locate(number).map(Located::group).orElse(null);
    }

    // the nth set of the file: its group and the set itself
    private record Located(Group group, TransactionSet set) {
    }

    private Optional<Located> locate(long number) {
        long before = 0;
        for (Group group : groups) {
            if (number <= before + group.sets().size()) {
                return Optional.of(new Located(group, group.sets().get((int) (number - before - 1))));
            }
            before += group.sets().size();
        }
        return Optional.empty();
    }

    /**
     * Why the {@code number}th transaction set of the file (1-based) must not be sent: its own envelope error or its
     * group's; empty when it may be.
     */
    public Optional<Problem> problemOf(long number) {
        return locate(number).flatMap(found -> found.set().problem() != null ? Optional.of(found.set().problem())
                : Optional.ofNullable(found.group().problem()).map(broken -> new Problem(broken.code(),
                        "its functional group " + found.group().controlNumber() + " is broken: " + broken.reason())));
    }
}
