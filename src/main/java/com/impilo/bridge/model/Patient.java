package com.impilo.bridge.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/** A patient held in Impilo; an order for a patient needs only its id. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record Patient(
        Long id,
        String firstName,
        String lastName,
        Address address,
        Boolean archived,
        String dateOfBirth,
        String email,
        Boolean enrolled,
        String externalIdentifier,
        String phoneNumber,
        Sex sex,
        Site site) {

    /** A reference to an existing patient, as an order carries it. */
    public static Patient ofId(long id) {
        return new Patient(id, null, null, null, null, null, null, null, null, null, null, null);
    }
}
