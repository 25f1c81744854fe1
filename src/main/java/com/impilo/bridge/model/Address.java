package com.impilo.bridge.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/** A postal address of a patient or site. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record Address(
        String lineOne,
        String lineTwo,
        String lineThree,
        String city,
        String state,
        String zipCode,
        String country,
        String note) {
}
