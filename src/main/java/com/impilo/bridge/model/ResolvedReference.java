package com.impilo.bridge.model;

/**
 * A partner's reference resolved to an Impilo id: where it stood in the order ({@code patient.externalIdentifier},
 * {@code orderItems[0].item.sku}), what the partner sent, and the id it names. Identifiers only, never names.
 */
public record ResolvedReference(String path, String partnerCode, long impiloId) {

    @Override
    public String toString() {
        return path + " \"" + partnerCode + "\" -> " + impiloId;
    }
}
