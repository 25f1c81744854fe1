package com.impilo.bridge.settings;

import java.util.Locale;

/** The fields of an order line in a CSV file; each is read from the column its layout names. */
public enum CsvField {
    EXTERNAL_ORDER_ID,
    PATIENT_ID,
    /** The patient's external identifier at Impilo, resolved to its id by a lookup. */
    PATIENT_EXTERNAL_ID,
    SITE_ID,
    /** The partner's code of the site, turned into its id by the source's crosswalk. */
    SITE_CODE,
    ITEM_ID,
    /** The item's SKU, resolved to its id by a lookup. */
    ITEM_SKU,
    /** The partner's code of the item, turned into its id by the source's crosswalk. */
    ITEM_CODE,
    KIT_ID,
    /** The partner's code of the kit, turned into its id by the source's crosswalk. */
    KIT_CODE,
    COUNT,
    SHIPPING_OPTION,
    EMAIL_LABEL,
    NOTE;

    /** The field's name in configuration keys and its column name in the default layout: {@code item_id}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
