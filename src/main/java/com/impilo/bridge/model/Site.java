package com.impilo.bridge.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/** A customer-managed location; an order for a site needs only its id. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record Site(
        Long id,
        String name,
        Boolean active,
        Address address,
        String phoneNumber) {

    /** A reference to an existing site, as an order carries it. */
    public static Site ofId(long id) {
        return new Site(id, null, null, null, null);
    }
}
