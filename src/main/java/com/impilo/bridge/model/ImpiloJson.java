package com.impilo.bridge.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

/** The one Jackson configuration for the Impilo wire format: lenient on input, no nulls on output, bounded reads. */
public final class ImpiloJson {

    // Explicit read limits so that a hostile file fails one order instead of exhausting memory. An order nests about
    // four levels deep, its longest numbers are ids (a long has 19 digits) and its field names are short words.
    private static final StreamReadConstraints LIMITS = StreamReadConstraints.builder()
            .maxNestingDepth(64)
            .maxStringLength(1_000_000)
            .maxNumberLength(40)
            .maxNameLength(1_000)
            .build();

    /**
     * The longest order a partner file may hold, in bytes: one NDJSON line, one element of a JSON array, or a
     * single-order JSON file. Not Jackson's maxDocumentLength, which would bound a whole .json file, and a file of many
     * orders may be as large as it likes: it is streamed.
     */
    public static final int MAX_ORDER_BYTES = 2_000_000;

    private static final ObjectMapper MAPPER = create();

    // Partner files are read more strictly than API answers, where a created order must never read as a failure:
    // 1.5 devices is a typo to report, not 1 device to ship; of a field given twice (two patients?) Jackson would
    // silently keep the last.
    // Numbers and booleans are what JSON says they are ("１０", " 10 ", 1 or "true" for a boolean are a partner's
    // mistakes to report), but a whole number written as a string of ASCII digits is read as documented.
    private static final ObjectReader PARTNER_FILES = MAPPER.copy().registerModule(StrictScalars.module()).reader()
            .without(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .with(StreamReadFeature.STRICT_DUPLICATE_DETECTION);

    private ImpiloJson() {
    }

    /** The shared, thread-safe mapper. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** The shared reader for partner order files: the mapper's settings, but no guessing at what an order meant. */
    public static ObjectReader partnerFiles() {
        return PARTNER_FILES;
    }

    private static ObjectMapper create() {
        JsonFactory factory = JsonFactory.builder().streamReadConstraints(LIMITS).build();
        return JsonMapper.builder(factory)
                .findAndAddModules()
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.READ_UNKNOWN_ENUM_VALUES_USING_DEFAULT_VALUE)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                .serializationInclusion(JsonInclude.Include.NON_NULL)
                .build();
    }
}
