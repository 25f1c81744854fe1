package com.impilo.bridge.settings;

import java.util.Locale;

/** The fields of an order line in a CSV file; each is read from the column its layout names. */
public enum CsvField {
    EXTERNAL_ORDER_ID,
    PATIENT_ID,
    SITE_ID,
    ITEM_ID,
    KIT_ID,
    COUNT,
    SHIPPING_OPTION,
    EMAIL_LABEL,
    NOTE;

    /** The field's name in configuration keys and its column name in the default layout: {@code item_id}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
