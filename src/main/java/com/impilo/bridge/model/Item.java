package com.impilo.bridge.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/** A catalogue item; an order line needs only its id. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record Item(
        Long id,
        String name,
        String sku,
        String model,
        Boolean orderable,
        Manufacturer manufacturer) {

    /** A reference to an existing item, as an order line carries it. */
    public static Item ofId(long id) {
        return new Item(id, null, null, null, null, null);
    }
}
