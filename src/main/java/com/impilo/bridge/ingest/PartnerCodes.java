package com.impilo.bridge.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.impilo.bridge.model.ResolvedReference;
import com.impilo.bridge.settings.Crosswalk;
import com.impilo.bridge.validate.Violation;

/**
 * A partner's own codes in an order, turned into Impilo ids by its crosswalk: {@code "site": {"code": "WARD-7"}},
 * {@code "patient": {"code": ...}}, {@code "item": {"code": ...}} in an item line and {@code "kit": {"code": ...}} in
 * a kit line (CSV: {@code site_code}, {@code item_code}, {@code kit_code}). An id given beside a code wins. A code the
 * crosswalk does not know makes the order unreadable, naming the code and the crosswalk file.
 */
public final class PartnerCodes {

    private PartnerCodes() {
    }

    /** True when the order names anything by a partner's code. */
    public static boolean present(JsonNode order) {
        if (order == null || !order.isObject()) {
            return false;
        }
        if (coded(order.get("site")) || coded(order.get("patient"))) {
            return true;
        }
        for (JsonNode line : lines(order, "orderItems")) {
            if (coded(line.get("item"))) {
                return true;
            }
        }
        for (JsonNode line : lines(order, "orderKits")) {
            if (coded(line.get("kit"))) {
                return true;
            }
        }
        return false;
    }

    /** The order read again with Impilo ids for its codes, remembering what each code stood for. */
    public static ParsedOrder resolve(ParsedOrder parsed, Crosswalk crosswalk) {
        ObjectNode withIds = (ObjectNode) parsed.json().deepCopy();
        List<Violation> problems = new ArrayList<>();
        List<ResolvedReference> resolved = new ArrayList<>();
        replace(withIds.get("site"), "site", "site", crosswalk, problems, resolved);
        replace(withIds.get("patient"), "patient", "patient", crosswalk, problems, resolved);
        int i = 0;
        for (JsonNode line : lines(withIds, "orderItems")) {
            replace(line.get("item"), "item", "orderItems[" + i++ + "].item", crosswalk, problems, resolved);
        }
        i = 0;
        for (JsonNode line : lines(withIds, "orderKits")) {
            replace(line.get("kit"), "kit", "orderKits[" + i++ + "].kit", crosswalk, problems, resolved);
        }
        if (!problems.isEmpty()) {
            return ParsedOrder.unreadable(parsed.fileName(), parsed.position(), parsed.json(), null, problems)
                    .withSourceRows(parsed.sourceRows()).withOrigin(parsed.origin());
        }
        ParsedOrder mapped = OrderMapping.map(parsed.fileName(), parsed.position(), withIds);
        // the order as the partner sent it stays what error files and receipts show
        return new ParsedOrder(parsed.fileName(), parsed.position(), parsed.json(), parsed.rawText(), mapped.order(),
                mapped.problems(), parsed.sourceRows(), List.copyOf(resolved), parsed.origin());
    }

    private static void replace(JsonNode reference, String type, String path, Crosswalk crosswalk,
                                List<Violation> problems, List<ResolvedReference> resolved) {
        if (!coded(reference)) {
            return;
        }
        JsonNode code = reference.get("code");
        if (!code.isTextual() && !code.isIntegralNumber()) {
            problems.add(new Violation(path + ".code", "expected a text, found " + code.getNodeType().name()
                    .toLowerCase(java.util.Locale.ROOT)));
            return;
        }
        String text = code.asText();
        Optional<Long> id = crosswalk.idOf(type, text);
        if (id.isEmpty()) {
            problems.add(new Violation(path + ".code", crosswalk.file() == null
                    ? "\"" + text + "\" is a partner's code, and the source has no crosswalk (bridge.sources.<name>"
                    + ".crosswalk)"
                    : type + " \"" + text + "\" is not in the crosswalk " + crosswalk.file()));
            return;
        }
        ((ObjectNode) reference).put("id", id.get());
        ((ObjectNode) reference).remove("code");
        resolved.add(new ResolvedReference(path + ".code", text, id.get()));
    }

    // an object with a code and without an id
    private static boolean coded(JsonNode reference) {
        return reference != null && reference.isObject() && reference.has("code") && !reference.has("id");
    }

    private static Iterable<JsonNode> lines(JsonNode order, String field) {
        JsonNode lines = order.get(field);
        return lines != null && lines.isArray() ? lines : List.of();
    }
}
