package com.impilo.bridge.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/** One line of a kit's contents: an item and how many of it the kit holds. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record KitItem(
        Item item,
        Integer count,
        Boolean drivesExternalIdentifier) {
}
