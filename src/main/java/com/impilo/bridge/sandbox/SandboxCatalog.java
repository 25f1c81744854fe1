package com.impilo.bridge.sandbox;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The sandbox's fixed customer catalog: items 1..500 orderable (SKU {@code SBX-0001} and so on), item 666 listed but
 * not orderable, kits 1000..1099, and a few patients with names, birth dates and external identifiers. Orders for
 * other patient ids are taken too, as if those patients existed, without details.
 */
final class SandboxCatalog {

    /** Units in stock of every item and kit; a larger count is answered with insufficient_inventory. */
    static final int STOCK = 1000;

    static final long NOT_ORDERABLE_ITEM = 666;

    private static final long FIRST_ITEM = 1;
    private static final long LAST_ITEM = 500;
    private static final long FIRST_KIT = 1000;
    private static final long LAST_KIT = 1099;

    // A handful of supply kinds so that echoed orders read like real ones in logs and receipts.
    private static final String[] KINDS = {
        "Blood pressure monitor", "Weight scale", "Pulse oximeter", "Glucose meter", "Thermometer", "AAA batteries",
    };
    private static final String[] MANUFACTURERS = {
        "Sandbox Medical", "Loopback Devices", "Example Health", "Test Supplies Co", "Simulated Sensors",
    };

    // id, external identifier, first name, last name, date of birth, sex: made-up people
    private static final String[][] PATIENTS = {
        {"1234", "MRN-1234", "Thandi", "Mokoena", "1951-03-02", "female"},
        {"2345", "MRN-2345", "Pieter", "Van Wyk", "1948-11-23", "male"},
        {"4242", "MRN-4242", "Nomsa", "Dlamini", "1962-07-15", "female"},
        {"5", "MRN-0005", "Sipho", "Ndlovu", "1970-01-30", "male"},
        {"78", "VIC-78", "Victoria", "Victimsson", "1950-01-01", "female"},
    };

    private final JsonNodeFactory nodes = JsonNodeFactory.instance;

    /** The seeded patient with this id, as the API shows a patient; empty for any other id. */
    Optional<ObjectNode> patient(long id) {
        for (String[] row : PATIENTS) {
            if (Long.parseLong(row[0]) == id) {
                ObjectNode patient = nodes.objectNode();
                patient.put("id", id);
                patient.put("externalIdentifier", row[1]);
                patient.put("firstName", row[2]);
                patient.put("lastName", row[3]);
                patient.put("dateOfBirth", row[4]);
                patient.put("sex", row[5]);
                patient.put("archived", false);
                patient.put("enrolled", true);
                return Optional.of(patient);
            }
        }
        return Optional.empty();
    }

    /**
     * The patients whose external identifier is one of these, as the patient list shows them: the seeded ones, and
     * {@code SBX-P<id>} for any other patient id (without details), so that tests can have many patients.
     */
    List<ObjectNode> patientsWithExternalIdentifier(Collection<String> identifiers) {
        List<ObjectNode> found = new ArrayList<>();
        for (String[] row : PATIENTS) {
            if (identifiers.contains(row[1])) {
                patient(Long.parseLong(row[0])).ifPresent(found::add);
            }
        }
        for (String identifier : identifiers) {
            if (identifier.matches("SBX-P[1-9][0-9]{0,8}")) {
                ObjectNode patient = nodes.objectNode();
                patient.put("id", Long.parseLong(identifier.substring(5)));
                patient.put("externalIdentifier", identifier);
                found.add(patient);
            }
        }
        return found;
    }

    /** The catalog items with this SKU ({@code SBX-0042} is item 42; 666 is listed, not orderable). */
    List<ObjectNode> itemsWithSku(String sku) {
        if (sku == null || !sku.matches("SBX-\\d{4}")) {
            return List.of();
        }
        return item(Long.parseLong(sku.substring(4))).map(List::of).orElse(List.of());
    }

    /** The catalog item with this id, orderable or not; empty when the catalog does not list it. */
    Optional<ObjectNode> item(long id) {
        boolean orderable = id >= FIRST_ITEM && id <= LAST_ITEM;
        if (!orderable && id != NOT_ORDERABLE_ITEM) {
            return Optional.empty();
        }
        // Fresh nodes per call: callers embed them in stored orders, which must not share mutable state.
        ObjectNode item = nodes.objectNode();
        item.put("id", id);
        item.put("name", orderable ? KINDS[(int) ((id - 1) % KINDS.length)] + " " + id : "Discontinued monitor " + id);
        item.put("sku", String.format("SBX-%04d", id));
        item.put("model", "SBX-M" + id);
        item.put("orderable", orderable);
        int manufacturer = (int) (id % MANUFACTURERS.length);
        ObjectNode maker = item.putObject("manufacturer");
        maker.put("id", manufacturer + 1);
        maker.put("name", MANUFACTURERS[manufacturer]);
        return Optional.of(item);
    }

    /** Whether an order may contain this item. */
    boolean orderableItem(long id) {
        return item(id).map(item -> item.path("orderable").asBoolean()).orElse(false);
    }

    /** The catalog kit with this id; empty when the catalog does not list it. */
    Optional<ObjectNode> kit(long id) {
        if (id < FIRST_KIT || id > LAST_KIT) {
            return Optional.empty();
        }
        ObjectNode kit = nodes.objectNode();
        kit.put("id", id);
        kit.put("name", "Sandbox kit " + id);
        kit.put("archived", false);
        kit.putArray("kitItems");
        return Optional.of(kit);
    }
}
