package com.impilo.bridge.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/** An Impilo v3 order: the body of {@code POST /api/v3/order} and the order the API returns. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record Order(
        Long id,
        OrderStatus currentStatus,
        Boolean emailLabel,
        List<String> externalOrderIds,
        Patient patient,
        Site site,
        List<OrderItem> orderItems,
        List<OrderKit> orderKits,
        List<OrderNote> orderNotes,
        List<OrderEvent> orderEvents,
        List<TrackingNumber> trackingNumbers,
        List<Device> devices,
        List<PackedKit> packedKits,
        List<ReturnItem> returnItems,
        List<ReturnDevice> returnDevices,
        List<ReturnPackedKit> returnPackedKits,
        ShippingOption shippingOption) {

    /** The same order for the given patient and with the given item lines: a partner's references resolved. */
    public Order withPatientAndItems(Patient newPatient, List<OrderItem> newItems) {
        return new Order(id, currentStatus, emailLabel, externalOrderIds, newPatient, site, newItems, orderKits,
                orderNotes, orderEvents, trackingNumbers, devices, packedKits, returnItems, returnDevices,
                returnPackedKits, shippingOption);
    }

    /** A copy of this order carrying the given external order ids instead of its own. */
    public Order withExternalOrderIds(List<String> ids) {
        return new Order(id, currentStatus, emailLabel, ids, patient, site, orderItems, orderKits, orderNotes,
                orderEvents, trackingNumbers, devices, packedKits, returnItems, returnDevices, returnPackedKits,
                shippingOption);
    }
}
