package com.impilo.bridge.model;

import java.util.Arrays;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;

/** How fast an order ships; a value this code does not know reads as {@link #UNRECOGNIZED}. */
@JsonDeserialize(using = WireEnum.Reader.class)
public enum ShippingOption implements WireEnum {
    STANDARD,
    OVERNIGHT,
    /** Stands for any wire value this code does not know. */
    UNRECOGNIZED;

    /** The wire names the API accepts, for messages: "standard, overnight". */
    public static String knownValues() {
        return Arrays.stream(values())
                .filter(option -> option != UNRECOGNIZED)
                .map(ShippingOption::wireName)
                .collect(Collectors.joining(", "));
    }
}
