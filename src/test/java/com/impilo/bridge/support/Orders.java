package com.impilo.bridge.support;

/** Order JSON for tests: the guide's two minimal examples, and variations of them. */
public final class Orders {

    private Orders() {
    }

    /** The guide's patient order, with real catalog ids. */
    public static String patientOrder(String externalId) {
        return """
                {"emailLabel": false, "externalOrderIds": ["%s"], "patient": {"id": 1234},
                 "orderItems": [{"item": {"id": 12}, "count": 10}], "orderKits": [{"kit": {"id": 1000}, "count": 1}],
                 "shippingOption": "standard"}""".formatted(externalId);
    }

    /** The guide's site order, with real catalog ids. */
    public static String siteOrder(String externalId) {
        return """
                {"emailLabel": false, "externalOrderIds": ["%s"], "site": {"id": 77},
                 "orderKits": [{"kit": {"id": 1001}, "count": 2}], "shippingOption": "overnight"}"""
                .formatted(externalId);
    }

    /** One line of NDJSON: a compact patient order. */
    public static String line(String externalId, long itemId) {
        return "{\"externalOrderIds\":[\"" + externalId + "\"],\"patient\":{\"id\":5},\"orderItems\":[{\"item\":{\"id\":"
                + itemId + "},\"count\":1}]}";
    }
}
