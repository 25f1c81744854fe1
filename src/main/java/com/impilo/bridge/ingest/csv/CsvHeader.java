package com.impilo.bridge.ingest.csv;

import com.impilo.bridge.text.Alternatives;
import com.impilo.bridge.settings.CsvLayout;
import com.impilo.bridge.settings.CsvField;
import com.impilo.bridge.ingest.UnreadableFileException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The header row of a CSV file: which column holds each field of the layout, matched without regard to case. */
final class CsvHeader {

    private final CsvLayout layout;
    private final List<String> cells;
    private final Map<CsvField, Integer> indexOf;

    private CsvHeader(CsvLayout layout, List<String> cells, Map<CsvField, Integer> indexOf) {
        this.layout = layout;
        this.cells = cells;
        this.indexOf = indexOf;
    }

    /**
     * Finds the layout's columns in the header row. Required: {@code external_order_id}, {@code count}, one of
     * {@code item_id}, {@code item_sku}, {@code item_code}, {@code kit_id} or {@code kit_code}, one of
     * {@code patient_id}, {@code patient_external_id}, {@code site_id} or {@code site_code} (under the layout's names);
     * without them no order of the file could be read, so the whole file is unreadable.
     */
    static CsvHeader of(List<String> cells, CsvLayout layout) throws UnreadableFileException {
        Map<CsvField, Integer> indexOf = new EnumMap<>(CsvField.class);
        for (CsvField field : CsvField.values()) {
            String wanted = layout.column(field).toLowerCase(Locale.ROOT);
            for (int i = 0; i < cells.size(); i++) {
                if (cells.get(i).trim().toLowerCase(Locale.ROOT).equals(wanted)) {
                    Integer first = indexOf.putIfAbsent(field, i);
                    if (first != null) {
                        throw new UnreadableFileException("the CSV header has the column \"" + layout.column(field)
                                + "\" twice (columns " + (first + 1) + " and " + (i + 1) + ")");
                    }
                }
            }
        }
        CsvHeader header = new CsvHeader(layout, List.copyOf(cells), indexOf);
        header.checkRequired();
        return header;
    }

    private void checkRequired() throws UnreadableFileException {
        List<String> missing = new ArrayList<>();
        requireOne(missing, CsvField.EXTERNAL_ORDER_ID);
        requireOne(missing, CsvField.ITEM_ID, CsvField.ITEM_SKU, CsvField.ITEM_CODE, CsvField.KIT_ID, CsvField.KIT_CODE);
        requireOne(missing, CsvField.COUNT);
        requireOne(missing, CsvField.PATIENT_ID, CsvField.PATIENT_EXTERNAL_ID, CsvField.SITE_ID, CsvField.SITE_CODE);
        if (missing.isEmpty()) {
            return;
        }
        // what the header holds may be the first order's row, when the header row is missing: named in the error
        // file only
        String lacks = "the CSV header lacks the required column(s) " + String.join("; ", missing);
        String holds = "; it holds: " + String.join(", ", cells.stream().map(String::trim).toList());
        String hint = cells.size() != 1 ? "" : " (a single column: is the delimiter right? this layout's is "
                + (layout.delimiter() == '\t' ? "tab" : "'" + layout.delimiter() + "'") + ")";
        throw UnreadableFileException.quoting(lacks + hint, lacks + holds + hint);
    }

    private void requireOne(List<String> missing, CsvField... anyOf) {
        for (CsvField field : anyOf) {
            if (has(field)) {
                return;
            }
        }
        List<String> names = new ArrayList<>();
        for (CsvField field : anyOf) {
            names.add(layout.column(field));
        }
        missing.add(Alternatives.of(names));
    }

    /** Whether the file has a column for the field. */
    boolean has(CsvField field) {
        return indexOf.containsKey(field);
    }

    /** The field's value in a row, trimmed; empty when the file has no such column or the cell is blank. */
    Optional<String> value(List<String> row, CsvField field) {
        Integer index = indexOf.get(field);
        if (index == null || index >= row.size()) {
            return Optional.empty();
        }
        return Optional.of(row.get(index).trim()).filter(value -> !value.isEmpty());
    }

    /** The field's column name as the file spells it (the layout's name when the file has no such column). */
    String name(CsvField field) {
        Integer index = indexOf.get(field);
        return index == null ? layout.column(field) : cells.get(index).trim();
    }

    /** The header row as read, for showing an order's rows with their header. */
    List<String> cells() {
        return cells;
    }
}
