package com.impilo.bridge.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/** A kit of items; an order line needs only its id. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record Kit(
        Long id,
        String name,
        Boolean archived,
        List<KitItem> kitItems) {

    /** A reference to an existing kit, as an order line carries it. */
    public static Kit ofId(long id) {
        return new Kit(id, null, null, null);
    }
}
