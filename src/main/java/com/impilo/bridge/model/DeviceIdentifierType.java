package com.impilo.bridge.model;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;

/** The kind of value a device identifier holds; an unknown kind reads as {@link #UNRECOGNIZED}. */
@JsonDeserialize(using = WireEnum.Reader.class)
public enum DeviceIdentifierType implements WireEnum {
    SIM_CARD_NUMBER,
    MAC_ADDRESS,
    ICCID,
    SERIAL,
    IMEI,
    /** Stands for any wire value this code does not know. */
    UNRECOGNIZED
}
