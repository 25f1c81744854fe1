package com.impilo.bridge.ingest.x12;

import java.util.List;

import com.impilo.bridge.ingest.Origin;

/**
 * What the 855 answering an 850 echoes: its PO number (BEG03) and date (BEG05), and per PO1 line its id (PO101),
 * quantity, unit, first product id pair and whether the line is at fault in a rejected purchase order; and whether it
 * cancels the order of that PO number (BEG01 {@code 01}) rather than asks for one.
 */
public record PurchaseOrder(String number, String date, List<Line> lines, boolean cancellation) implements Origin {

    @Override
    public boolean cancels() {
        return cancellation;
    }

    /** One PO1 line as the partner sent it. */
    public record Line(String id, String quantity, String unit, String qualifier, String productId, boolean atFault) {
    }
}
