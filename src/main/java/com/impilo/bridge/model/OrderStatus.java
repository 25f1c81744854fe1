package com.impilo.bridge.model;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;

/** Where an order is in its lifecycle; a status this code does not know reads as {@link #UNRECOGNIZED}. */
@JsonDeserialize(using = WireEnum.Reader.class)
public enum OrderStatus implements WireEnum {
    ORDER_PLACED,
    PENDING_INVENTORY,
    PENDING_ADDITIONAL_INFORMATION,
    ON_HOLD,
    AWAITING_SHIPMENT,
    SHIPPED,
    AVAILABLE_FOR_PICKUP,
    DELIVERED,
    UNSUCCESSFUL_DELIVERY,
    RECONFIRM_ADDRESS,
    UNABLE_TO_FULFILL,
    RETURN_ISSUED,
    VOIDED,
    /** Stands for any wire value this code does not know. */
    UNRECOGNIZED
}
