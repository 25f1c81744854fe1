package com.impilo.bridge.ingest.x12;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.impilo.bridge.ingest.OrderMapping;
import com.impilo.bridge.ingest.ParsedOrder;
import com.impilo.bridge.ingest.Position;
import com.impilo.bridge.model.ResolvedReference;
import com.impilo.bridge.settings.Crosswalk;
import com.impilo.bridge.validate.Violation;

/**
 * One 850 transaction set as a v3 order: BEG03 is the order's id, the ship-to (N1*ST, N104) its site or patient, each
 * PO1 an item or kit line, TD5's service level its shipping option, NTE and MSG its notes. The partner's codes are
 * turned into ids by the source's crosswalk here (remembered as resolved, as the other formats' are), and a ship-to
 * the crosswalk lacks becomes a patient's external identifier, looked up at Impilo. One bad line rejects the whole purchase order, naming it.
 */
final class PurchaseOrders {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Crosswalk crosswalk;
    private final Set<String> overnightCodes;
    private final Interchange interchange;
    private final Interchange.Separators separators;

    /**
     * @param overnightCodes the TD512 service levels that mean next day or faster
     * @param interchange    the sets' interchange: its separators write a set's segments as the partner did, and its
     *                       envelope wraps a set into a dead letter of its own
     */
    PurchaseOrders(Crosswalk crosswalk, Set<String> overnightCodes, Interchange interchange) {
        this.crosswalk = crosswalk;
        this.overnightCodes = overnightCodes;
        this.interchange = interchange;
        this.separators = interchange.separators();
    }

    /**
     * The set as an order, or rejected with its problems.
     *
     * @param envelope what is wrong with the set's envelope or its group's: the set is then rejected for it too
     */
    ParsedOrder order(String fileName, long number, X12Segments.ReadSet set, Optional<Interchange.Problem> envelope) {
        Position position = Position.set(number);
        List<Violation> problems = new ArrayList<>();
        envelope.ifPresent(problem -> problems.add(new Violation("envelope", problem.reason())));
        ObjectNode json = NODES.objectNode();
        // the set's segments, for its error file: where the engineer sees what the partner sent
        List<String> segments = set.segments().stream().map(segment -> segment.text(separators.element())).toList();
        String raw = deadLetter(number, segments);
        if (!"850".equals(set.type())) {
            if (problems.isEmpty()) {
                problems.add(new Violation("ST01", "transaction set " + set.type() + " is not read; only 850"
                        + " purchase orders are"));
            }
            return ParsedOrder.unreadable(fileName, position, json, raw, problems).withSourceRows(segments);
        }
        List<ResolvedReference> resolved = new ArrayList<>();
        List<PurchaseOrder.Line> lines = new ArrayList<>();
        ArrayNode items = NODES.arrayNode();
        ArrayNode kits = NODES.arrayNode();
        ArrayNode notes = NODES.arrayNode();
        Integer declaredLines = null;
        if (set.segments().stream().anyMatch(segment -> segment.tag().equals("BEG") && segment.element(1).equals("01"))) {
            return cancellation(fileName, position, set, problems, raw, segments);
        }
        for (X12Segments.Segment segment : set.segments()) {
            switch (segment.tag()) {
                case "BEG" -> beginning(segment, json, problems);
                case "N1" -> {
                    if (segment.element(1).equals("ST")) {
                        shipTo(segment.element(4), json, problems, resolved);
                    }
                }
                case "PO1" -> {
                    int before = problems.size();
                    line(segment, lines.size() + 1, items, kits, problems, resolved);
                    lines.add(new PurchaseOrder.Line(segment.element(1), segment.element(2), segment.element(3),
                            segment.element(6), segment.element(7), problems.size() > before));
                }
                case "TD5" -> json.put("shippingOption",
                        overnightCodes.contains(segment.element(12).toUpperCase(Locale.ROOT)) ? "overnight" : "standard");
                case "NTE" -> note(segment.element(2), notes);
                case "MSG" -> note(segment.element(1), notes);
                case "CTT" -> declaredLines = count(segment.element(1));
                default -> {
                    // other segments (addresses, dates, prices) carry nothing the v3 order takes
                }
            }
        }
        if (!json.has("site") && !json.has("patient")) {
            problems.add(new Violation("N1*ST", "the purchase order has no ship-to (N1*ST with its code in N104)"));
        }
        if (declaredLines != null && declaredLines != lines.size()) {
            problems.add(new Violation("CTT01", "says " + declaredLines + " line(s), the purchase order has "
                    + lines.size() + " PO1 line(s)"));
        }
        PurchaseOrder origin = new PurchaseOrder(json.path("externalOrderIds").path(0).asText(""), date(set),
                List.copyOf(lines), false);
        if (!items.isEmpty()) {
            json.set("orderItems", items);
        }
        if (!kits.isEmpty()) {
            json.set("orderKits", kits);
        }
        if (!notes.isEmpty()) {
            json.set("orderNotes", notes);
        }
        if (!json.has("shippingOption")) {
            json.put("shippingOption", "standard");
        }
        if (!problems.isEmpty()) {
            return ParsedOrder.unreadable(fileName, position, json, raw, problems).withSourceRows(segments)
                    .withOrigin(origin);
        }
        ParsedOrder mapped = OrderMapping.map(fileName, position, json);
        return new ParsedOrder(fileName, position, json, raw, mapped.order(), mapped.problems(), segments,
                List.copyOf(resolved), origin);
    }

    // The set alone in an interchange of its own, as its dead letter: the partner's ISA marked as the bridge's dead
    // letter (ISA01 03, ISA02 DEADLETTER), so that a replay is taken again and answered with an 855 only; its group's
    // GS with one set.
    private String deadLetter(long number, List<String> segments) {
        Interchange.Header isa = interchange.header();
        Interchange.Group group = interchange.groupOf(number);
        if (isa == null || group == null) {
            return String.join(String.valueOf(separators.segment()), segments) + separators.segment();
        }
        String e = String.valueOf(separators.element());
        String end = separators.segment() + separators.lineBreak();
        StringBuilder x12 = new StringBuilder();
        x12.append(String.join(e, interchange.isa("03", Interchange.Header.DEAD_LETTER, false, isa.date(),
                isa.time(), isa.controlNumber()))).append(end);
        x12.append(String.join(e, group.gs(group.functionalId(), false, "20" + isa.date(), isa.time(),
                group.controlNumber(), group.version()))).append(end);
        segments.forEach(segment -> x12.append(segment).append(end));
        x12.append(String.join(e, "GE", "1", group.controlNumber())).append(end);
        x12.append(String.join(e, "IEA", "1", isa.controlNumber())).append(end);
        return x12.toString();
    }

    // A cancellation names the purchase order to cancel by its PO number; its lines, if any, are not read.
    private static ParsedOrder cancellation(String fileName, Position position, X12Segments.ReadSet set,
                                            List<Violation> problems, String raw, List<String> segments) {
        ObjectNode json = NODES.objectNode();
        String po = set.segments().stream().filter(segment -> segment.tag().equals("BEG")).findFirst()
                .map(beg -> beg.element(3)).orElse("");
        if (po.isBlank()) {
            problems.add(new Violation("BEG03", "the PO number of the purchase order to cancel is missing"));
        } else {
            json.putArray("externalOrderIds").add(po);
        }
        List<PurchaseOrder.Line> lines = set.segments().stream().filter(segment -> segment.tag().equals("PO1"))
                .map(po1 -> new PurchaseOrder.Line(po1.element(1), po1.element(2), po1.element(3), po1.element(6),
                        po1.element(7), false)).toList();
        return ParsedOrder.unreadable(fileName, position, json, raw, problems).withSourceRows(segments)
                .withOrigin(new PurchaseOrder(po, date(set), lines, true));
    }

    // BEG05, the purchase order's date
    private static String date(X12Segments.ReadSet set) {
        return set.segments().stream().filter(segment -> segment.tag().equals("BEG")).findFirst()
                .map(beg -> beg.element(5)).orElse("");
    }

    private static void beginning(X12Segments.Segment beg, ObjectNode json, List<Violation> problems) {
        String purpose = beg.element(1);
        String po = beg.element(3);
        if (po.isBlank()) {
            problems.add(new Violation("BEG03", "the PO number is missing"));
        } else {
            json.putArray("externalOrderIds").add(po);
        }
        if (!purpose.equals("00")) {
            problems.add(new Violation("BEG01", "purpose \"" + purpose + "\" is not taken: change orders are not"
                    + " supported; send a new purchase order (00)"));
        }
    }

    // the crosswalk's site or patient, else a patient's external identifier at Impilo
    private void shipTo(String code, ObjectNode json, List<Violation> problems, List<ResolvedReference> resolved) {
        if (code.isBlank()) {
            problems.add(new Violation("N1*ST", "N104, the ship-to's code, is empty"));
            return;
        }
        for (String type : List.of("site", "patient")) {
            Optional<Long> id = crosswalk.idOf(type, code);
            if (id.isPresent()) {
                json.putObject(type).put("id", id.get());
                resolved.add(new ResolvedReference(type + ".code", code, id.get()));
                return;
            }
        }
        json.putObject("patient").put("externalIdentifier", code);
    }

    private void line(X12Segments.Segment po1, int number, ArrayNode items, ArrayNode kits, List<Violation> problems,
                      List<ResolvedReference> resolved) {
        String where = "PO1 " + (po1.element(1).isBlank() ? "#" + number : po1.element(1));
        String quantity = po1.element(2);
        Integer count = null;
        if (!quantity.matches("[0-9]{1,9}(\\.0*)?") || Double.parseDouble(quantity) < 1) {
            problems.add(new Violation(where, "PO102 \"" + quantity + "\" is not a whole number of at least 1"));
        } else {
            count = (int) Double.parseDouble(quantity);
        }
        String unit = po1.element(3);
        if (!unit.isEmpty() && !unit.equals("EA")) {
            problems.add(new Violation(where, "PO103 \"" + unit + "\": only EA (each) is taken"));
        }
        Optional<ObjectNode> product = product(po1, items.size(), kits.size(), resolved);
        if (product.isEmpty()) {
            List<String> given = new ArrayList<>();
            for (int i = 6; i + 1 < po1.elements().size(); i += 2) {
                if (!po1.element(i + 1).isBlank()) {
                    given.add(po1.element(i) + " " + po1.element(i + 1));
                }
            }
            problems.add(new Violation(where, "no product id the crosswalk knows, and no VN with Impilo's item number"
                    + (given.isEmpty() ? "" : " (" + String.join(", ", given) + ")")));
            return;
        }
        ObjectNode line = product.get();
        if (count != null) {
            line.put("count", count);
        }
        (line.has("kit") ? kits : items).add(line);
    }

    // the first pair (PO106/107, PO108/109, ...) whose code the crosswalk knows; else a VN that is a number
    private Optional<ObjectNode> product(X12Segments.Segment po1, int itemIndex, int kitIndex,
                                         List<ResolvedReference> resolved) {
        for (int i = 6; i + 1 < po1.elements().size(); i += 2) {
            String code = po1.element(i + 1);
            if (code.isBlank()) {
                continue;
            }
            for (String type : List.of("item", "kit")) {
                Optional<Long> id = crosswalk.idOf(type, code);
                if (id.isPresent()) {
                    ObjectNode line = NODES.objectNode();
                    line.putObject(type).put("id", id.get());
                    String path = type.equals("item") ? "orderItems[" + itemIndex + "].item.code"
                            : "orderKits[" + kitIndex + "].kit.code";
                    resolved.add(new ResolvedReference(path, code, id.get()));
                    return Optional.of(line);
                }
            }
        }
        for (int i = 6; i + 1 < po1.elements().size(); i += 2) {
            if (po1.element(i).equals("VN") && po1.element(i + 1).matches("[1-9][0-9]{0,17}")) {
                ObjectNode line = NODES.objectNode();
                line.putObject("item").put("id", Long.parseLong(po1.element(i + 1)));
                return Optional.of(line);
            }
        }
        return Optional.empty();
    }

    private static void note(String text, ArrayNode notes) {
        if (!text.isBlank()) {
            notes.addObject().put("note", text);
        }
    }

    private static Integer count(String text) {
        return text.matches("[0-9]{1,9}") ? Integer.valueOf(text) : -1;
    }
}
