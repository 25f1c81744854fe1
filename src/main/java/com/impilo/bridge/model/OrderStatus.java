package com.impilo.bridge.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Where an order is in its lifecycle; a status this code does not know reads as {@link #UNRECOGNIZED}. */
public enum OrderStatus {
    ORDER_PLACED("orderPlaced"),
    PENDING_INVENTORY("pendingInventory"),
    PENDING_ADDITIONAL_INFORMATION("pendingAdditionalInformation"),
    ON_HOLD("onHold"),
    AWAITING_SHIPMENT("awaitingShipment"),
    SHIPPED("shipped"),
    AVAILABLE_FOR_PICKUP("availableForPickup"),
    DELIVERED("delivered"),
    UNSUCCESSFUL_DELIVERY("unsuccessfulDelivery"),
    RECONFIRM_ADDRESS("reconfirmAddress"),
    UNABLE_TO_FULFILL("unableToFulfill"),
    RETURN_ISSUED("returnIssued"),
    VOIDED("voided"),
    /** Stands for any wire value this code does not know, so that a newer API value never fails a read. */
    UNRECOGNIZED("unrecognized");

    // The creator and @JsonValue carry the wire names, rather than @JsonProperty and @JsonEnumDefaultValue,
    // because those need READ_UNKNOWN_ENUM_VALUES_USING_DEFAULT_VALUE on the mapper; this reads with any mapper.
    private static final Map<String, OrderStatus> BY_WIRE_NAME = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(OrderStatus::wireName, Function.identity()));

    private final String wireName;

    OrderStatus(String wireName) {
        this.wireName = wireName;
    }

    /** The value as it is written in the JSON. */
    @JsonValue
    public String wireName() {
        return wireName;
    }

    /** The constant for a wire value: {@link #UNRECOGNIZED} when the value is unknown, null when it is null. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static OrderStatus fromWireName(String value) {
        return value == null ? null : BY_WIRE_NAME.getOrDefault(value, UNRECOGNIZED);
    }
}
