package com.impilo.bridge.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/** A kit as actually packed for an order, with the devices it contains. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record PackedKit(
        Long id,
        Kit kit,
        String externalIdentifier,
        List<Device> devices) {
}
