package com.impilo.bridge.model;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;

/** A patient's sex as Impilo records it; a value this code does not know reads as {@link #UNRECOGNIZED}. */
@JsonDeserialize(using = WireEnum.Reader.class)
public enum Sex implements WireEnum {
    OTHER,
    FEMALE,
    MALE,
    UNKNOWN,
    /** Stands for any wire value this code does not know. */
    UNRECOGNIZED
}
