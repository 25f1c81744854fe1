package com.impilo.bridge.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/** One page of a paginated list response; the first page has {@code page = 1}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record Page<T>(
        List<T> content,
        Integer page,
        Integer size,
        Long total,
        Boolean first,
        Boolean last) {

    /** The largest page a list call may ask for. */
    public static final int MAX_SIZE = 250;
}
