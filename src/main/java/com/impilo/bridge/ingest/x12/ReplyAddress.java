package com.impilo.bridge.ingest.x12;

import java.util.List;

/**
 * Where a partner's answers go, kept from its interchange for answers written long after it (an 856 once the order
 * ships): its ISA (ids, version, usage), its separators, and its group's application ids and version.
 */
public record ReplyAddress(Interchange.Header header, Interchange.Separators separators, String applicationSender,
                           String applicationReceiver, String groupVersion) {

    /** The address of an interchange's partner, from its ISA and first group. */
    public static ReplyAddress of(Interchange interchange) {
        Interchange.Group first = interchange.groups().get(0);
        return new ReplyAddress(interchange.header(), interchange.separators(), first.applicationSender(),
                first.applicationReceiver(), first.version());
    }

    /** An interchange as answers are written to: this partner's ISA and one group of its application ids. */
    Interchange asInterchange() {
        return new Interchange(header, separators, List.of(new Interchange.Group("PO", applicationSender,
                applicationReceiver, "", groupVersion, "", List.of(), null)), null);
    }
}
