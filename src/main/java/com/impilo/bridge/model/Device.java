package com.impilo.bridge.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/** A serialized unit of an item, as shipped with an order or packed in a kit. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record Device(
        Long id,
        Item item,
        String currentStatus,
        Patient currentPatient,
        Site site,
        List<DeviceEvent> deviceEvents,
        List<DeviceIdentifier> deviceIdentifiers,
        Boolean disabledReadings,
        String externalIdentifier,
        String lastHealthCheck,
        Boolean used) {
}
