package com.impilo.bridge.ingest.csv;

import com.impilo.bridge.text.Alternatives;
import com.impilo.bridge.settings.CsvField;
import com.impilo.bridge.ingest.ParsedOrder;
import com.impilo.bridge.ingest.Position;
import com.impilo.bridge.ingest.OrderMapping;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.impilo.bridge.validate.Violation;

/**
 * Turns the rows of one CSV order into the order's JSON, as a partner would have sent it to the API, with every
 * problem named by line and column. Values that are not what a column needs stay in the JSON as written.
 */
final class CsvOrder {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** Fields that belong to the whole order: every row of the order that fills one must agree. */
    private static final List<CsvField> ORDER_FIELDS = List.of(CsvField.PATIENT_ID, CsvField.PATIENT_EXTERNAL_ID,
            CsvField.SITE_ID, CsvField.SITE_CODE, CsvField.SHIPPING_OPTION, CsvField.EMAIL_LABEL);
    /** The columns that make a row an item or kit line: exactly one of them a row. */
    private static final List<CsvField> LINE_FIELDS = List.of(CsvField.ITEM_ID, CsvField.ITEM_SKU, CsvField.ITEM_CODE,
            CsvField.KIT_ID, CsvField.KIT_CODE);

    private final CsvHeader header;
    private final List<Violation> problems = new ArrayList<>();
    private final Map<CsvField, OrderValue> orderValues = new EnumMap<>(CsvField.class);
    private final ArrayNode items = NODES.arrayNode();
    private final ArrayNode kits = NODES.arrayNode();
    private final Set<String> notes = new LinkedHashSet<>();

    private CsvOrder(CsvHeader header) {
        this.header = header;
    }

    /**
     * Reads one order from its rows.
     *
     * @param firstSeenOn the line where the same order id appeared before, in an earlier order of the file, or null
     */
    static ParsedOrder read(String fileName, CsvHeader header, List<CsvRows.Row> rows, Long firstSeenOn) {
        CsvOrder order = new CsvOrder(header);
        CsvRows.Row first = rows.get(0);
        Optional<String> id = header.value(first.cells(), CsvField.EXTERNAL_ORDER_ID);
        if (id.isEmpty()) {
            order.problem(first, CsvField.EXTERNAL_ORDER_ID, "required");
        } else if (firstSeenOn != null) {
            order.problem(first, CsvField.EXTERNAL_ORDER_ID, "order " + quote(id.get()) + " already appeared on line "
                    + firstSeenOn + "; the rows of an order must follow each other");
        }
        rows.forEach(order::readRow);
        ObjectNode json = order.json(id);
        Position position = Position.line(first.line());
        if (order.problems.isEmpty()) {
            return OrderMapping.map(fileName, position, json);
        }
        return ParsedOrder.unreadable(fileName, position, json, null, order.problems);
    }

    private void readRow(CsvRows.Row row) {
        int width = header.cells().size();
        // values beyond the header are ignored when blank (trailing delimiters); otherwise a value was split
        if (row.cells().stream().skip(width).anyMatch(cell -> !cell.isBlank())) {
            problems.add(new Violation("line " + row.line(), row.cells().size() + " values, but the header has "
                    + width + " columns (a value holding the delimiter must be in quotes)"));
        }
        for (CsvField field : ORDER_FIELDS) {
            header.value(row.cells(), field).ifPresent(value -> orderValue(row, field, value));
        }
        List<CsvField> given = LINE_FIELDS.stream().filter(field -> header.value(row.cells(), field).isPresent())
                .toList();
        List<String> names = LINE_FIELDS.stream().filter(header::has).map(header::name).toList();
        String oneOf = "(a row carries exactly one of " + Alternatives.of(names) + ")";
        if (given.isEmpty()) {
            problem(row, LINE_FIELDS.stream().filter(header::has).findFirst().orElseThrow(), "required " + oneOf);
        }
        if (given.size() > 1) {
            problem(row, given.get(1), "not allowed together with " + header.name(given.get(0)) + " " + oneOf);
        }
        Optional<String> count = header.value(row.cells(), CsvField.COUNT);
        if (count.isEmpty() && !given.isEmpty()) {
            problem(row, CsvField.COUNT, "required");
        }
        JsonNode countNode = count.map(text -> number(row, CsvField.COUNT, text, true)).orElse(null);
        if (!given.isEmpty()) {
            CsvField field = given.get(0);
            String text = header.value(row.cells(), field).orElseThrow();
            switch (field) {
                case ITEM_ID -> items.add(line("item", "id", number(row, field, text, false), countNode));
                case ITEM_SKU -> items.add(line("item", "sku", NODES.textNode(text), countNode));
                case ITEM_CODE -> items.add(line("item", "code", NODES.textNode(text), countNode));
                case KIT_ID -> kits.add(line("kit", "id", number(row, field, text, false), countNode));
                default -> kits.add(line("kit", "code", NODES.textNode(text), countNode));
            }
        }
        header.value(row.cells(), CsvField.NOTE).ifPresent(notes::add);
    }

    // Partners fill order-level columns on every row or only on the first; either way, filled values must agree.
    private void orderValue(CsvRows.Row row, CsvField field, String text) {
        JsonNode value = switch (field) {
            case PATIENT_ID, SITE_ID -> number(row, field, text, false);
            case EMAIL_LABEL -> bool(row, field, text);
            default -> NODES.textNode(text);
        };
        OrderValue earlier = orderValues.putIfAbsent(field, new OrderValue(text, row.line(), value));
        if (earlier != null && !earlier.value().equals(value)) {
            problem(row, field, quote(text) + " differs from " + quote(earlier.text()) + " on line " + earlier.line()
                    + " (an order has one " + header.name(field) + ")");
        }
    }

    private ObjectNode json(Optional<String> id) {
        ObjectNode json = NODES.objectNode();
        value(CsvField.EMAIL_LABEL).ifPresent(value -> json.set("emailLabel", value));
        id.ifPresent(value -> json.putArray("externalOrderIds").add(value));
        value(CsvField.PATIENT_ID).ifPresent(value -> json.putObject("patient").set("id", value));
        if (value(CsvField.PATIENT_ID).isEmpty()) {
            value(CsvField.PATIENT_EXTERNAL_ID)
                    .ifPresent(value -> json.putObject("patient").set("externalIdentifier", value));
        }
        value(CsvField.SITE_ID).ifPresent(value -> json.putObject("site").set("id", value));
        if (value(CsvField.SITE_ID).isEmpty()) {
            value(CsvField.SITE_CODE).ifPresent(value -> json.putObject("site").set("code", value));
        }
        if (!items.isEmpty()) {
            json.set("orderItems", items);
        }
        if (!kits.isEmpty()) {
            json.set("orderKits", kits);
        }
        if (!notes.isEmpty()) {
            ArrayNode orderNotes = json.putArray("orderNotes");
            notes.forEach(note -> orderNotes.addObject().put("note", note));
        }
        value(CsvField.SHIPPING_OPTION).ifPresent(value -> json.set("shippingOption", value));
        return json;
    }

    private Optional<JsonNode> value(CsvField field) {
        return Optional.ofNullable(orderValues.get(field)).map(OrderValue::value);
    }

    private static ObjectNode line(String kind, String reference, JsonNode value, JsonNode count) {
        ObjectNode line = NODES.objectNode();
        line.putObject(kind).set(reference, value);
        if (count != null) {
            line.set("count", count);
        }
        return line;
    }

    /** A whole number as a JSON number; anything else is a problem, and stays in the JSON as the text written. */
    private JsonNode number(CsvRows.Row row, CsvField field, String text, boolean intRange) {
        if (!text.matches("[+-]?\\d+")) {
            problem(row, field, quote(text) + (text.matches("[+-]?\\d*[.,]\\d+") ? " is not a whole number"
                    : " is not a number"));
            return NODES.textNode(text);
        }
        try {
            long value = Long.parseLong(text);
            if (intRange && (value > Integer.MAX_VALUE || value < Integer.MIN_VALUE)) {
                throw new NumberFormatException();
            }
            return intRange ? NODES.numberNode((int) value) : NODES.numberNode(value);
        } catch (NumberFormatException e) {
            problem(row, field, quote(text) + " is too large");
            return NODES.textNode(text);
        }
    }

    private JsonNode bool(CsvRows.Row row, CsvField field, String text) {
        if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
            return NODES.booleanNode(Boolean.parseBoolean(text));
        }
        problem(row, field, quote(text) + " is not true or false");
        return NODES.textNode(text);
    }

    private void problem(CsvRows.Row row, CsvField field, String message) {
        problems.add(new Violation("line " + row.line() + ", column " + header.name(field), message));
    }

    /** An order-level value: as written, the line that first set it, and as it goes into the JSON. */
    private record OrderValue(String text, long line, JsonNode value) {
    }

    // The value is echoed so that the partner sees the typo; cut short so that a misplaced free text stays brief.
    private static String quote(String text) {
        return "\"" + (text.length() > 40 ? text.substring(0, 40) + "..." : text) + "\"";
    }
}
