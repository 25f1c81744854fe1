package com.impilo.bridge.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** How fast an order ships; a value this code does not know reads as {@link #UNRECOGNIZED}. */
public enum ShippingOption {
    STANDARD("standard"),
    OVERNIGHT("overnight"),
    /** Stands for any wire value this code does not know, so that a newer API value never fails a read. */
    UNRECOGNIZED("unrecognized");

    // The creator and @JsonValue carry the wire names, rather than @JsonProperty and @JsonEnumDefaultValue,
    // because those need READ_UNKNOWN_ENUM_VALUES_USING_DEFAULT_VALUE on the mapper; this reads with any mapper.
    private static final Map<String, ShippingOption> BY_WIRE_NAME = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(ShippingOption::wireName, Function.identity()));

    private final String wireName;

    ShippingOption(String wireName) {
        this.wireName = wireName;
    }

    /** The value as it is written in the JSON. */
    @JsonValue
    public String wireName() {
        return wireName;
    }

    /** The constant for a wire value: {@link #UNRECOGNIZED} when the value is unknown, null when it is null. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static ShippingOption fromWireName(String value) {
        return value == null ? null : BY_WIRE_NAME.getOrDefault(value, UNRECOGNIZED);
    }

    /** The wire names the API accepts, for messages: "standard, overnight". */
    public static String knownValues() {
        return Arrays.stream(values())
                .filter(option -> option != UNRECOGNIZED)
                .map(ShippingOption::wireName)
                .collect(Collectors.joining(", "));
    }
}
