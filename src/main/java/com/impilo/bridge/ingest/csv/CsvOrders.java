package com.impilo.bridge.ingest.csv;

import com.impilo.bridge.settings.CsvLayout;
import com.impilo.bridge.settings.CsvField;
import com.impilo.bridge.ingest.ParsedOrder;
import com.impilo.bridge.ingest.UnreadableFileException;
import com.impilo.bridge.ingest.OrderIterator;
import com.impilo.bridge.ingest.TextFiles;
import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;

/**
 * The orders of a CSV file, read lazily row by row: consecutive rows with the same order id form one order, at the
 * line of its first row. Only the rows of the order being read are held, plus each order id's first line.
 */
final class CsvOrders extends OrderIterator {

    private final String fileName;
    private final CsvRows rows;
    private final CsvHeader header;
    // Needed to name where a reappearing order id was first seen: grows with the number of orders, not with their size.
    private final Map<String, Long> firstLineOf = new HashMap<>();
    private CsvRows.Row pending;

    private CsvOrders(String fileName, CsvRows rows, CsvHeader header) {
        this.fileName = fileName;
        this.rows = rows;
        this.header = header;
    }

    /** Opens the file and reads its header; the header must name the layout's required columns. */
    static CsvOrders open(File file, CsvLayout layout) throws IOException, UnreadableFileException {
        CsvRows rows = CsvRows.open(file.toPath(), layout);
        try {
            return new CsvOrders(file.getName(), rows, header(rows, layout));
        } catch (IOException | UnreadableFileException | RuntimeException e) {
            rows.close();
            throw e;
        }
    }

    /**
     * Reads the whole file once, streamed, so that a file that is not CSV in the layout, lacks a required column or
     * holds a row or order beyond the read limits is rejected whole before any of its orders is sent rather than
     * failing half-way.
     */
    static void check(File file, CsvLayout layout) throws IOException, UnreadableFileException {
        try (CsvRows rows = CsvRows.open(file.toPath(), layout)) {
            CsvHeader header = header(rows, layout);
            try {
                checkRows(rows, header);
            } catch (StreamConstraintsException e) {
                throw new UnreadableFileException(TextFiles.beyondLimits(e) + ", in the row starting at line "
                        + rows.rowStart(), e);
            } catch (JsonProcessingException e) {
                String where = "not valid CSV in the row starting at line " + rows.rowStart();
                throw UnreadableFileException.quoting(where, where + ": " + e.getOriginalMessage());
            }
        }
    }

    // Every row is parsed, and the rows of each order are measured as they will be held when the order is read.
    private static void checkRows(CsvRows rows, CsvHeader header) throws IOException, UnreadableFileException {
        Optional<String> id = Optional.empty();
        long orderLine = 0;
        long orderLength = 0;
        CsvRows.Row row;
        while ((row = rows.next()) != null) {
            Optional<String> rowId = header.value(row.cells(), CsvField.EXTERNAL_ORDER_ID);
            // grouped as advance() groups them: a row without an order id stands alone
            if (rowId.isEmpty() || !rowId.equals(id)) {
                orderLine = row.line();
                orderLength = 0;
            }
            id = rowId;
            orderLength += row.length();
            if (orderLength > CsvRows.MAX_LENGTH) {
                throw new UnreadableFileException("beyond the read limits: the order at line " + orderLine
                        + " is longer than " + CsvRows.MAX_LENGTH + " characters");
            }
        }
    }

    private static CsvHeader header(CsvRows rows, CsvLayout layout) throws IOException, UnreadableFileException {
        CsvRows.Row first;
        try {
            first = rows.next();
        } catch (StreamConstraintsException e) {
            throw new UnreadableFileException(TextFiles.beyondLimits(e) + ", in the header row", e);
        } catch (JsonProcessingException e) {
            throw UnreadableFileException.quoting("not valid CSV in the header row",
                    "not valid CSV in the header row: " + e.getOriginalMessage());
        }
        if (first == null) {
            throw new UnreadableFileException("the file holds only blank lines, not even a header row");
        }
        return CsvHeader.of(first.cells(), layout);
    }

    @Override
    protected ParsedOrder advance() throws IOException {
        CsvRows.Row first = pending != null ? pending : rows.next();
        pending = null;
        if (first == null) {
            return null;
        }
        List<CsvRows.Row> orderRows = new ArrayList<>();
        orderRows.add(first);
        Optional<String> id = header.value(first.cells(), CsvField.EXTERNAL_ORDER_ID);
        // rows without an order id cannot be told apart: each stands alone, and is rejected for the missing id
        if (id.isPresent()) {
            CsvRows.Row row = rows.next();
            while (row != null && id.equals(header.value(row.cells(), CsvField.EXTERNAL_ORDER_ID))) {
                orderRows.add(row);
                row = rows.next();
            }
            pending = row;
        }
        Long firstSeenOn = id.map(value -> firstLineOf.putIfAbsent(value, first.line())).orElse(null);
        List<String> sourceRows = new ArrayList<>();
        sourceRows.add(rows.render(header.cells()));
        orderRows.forEach(row -> sourceRows.add(rows.render(row.cells())));
        return CsvOrder.read(fileName, header, orderRows, firstSeenOn).withSourceRows(sourceRows);
    }

    @Override
    protected void release() throws IOException {
        rows.close();
    }
}
