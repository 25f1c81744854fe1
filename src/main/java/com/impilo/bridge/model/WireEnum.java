package com.impilo.bridge.model;

import java.io.IOException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.deser.ContextualDeserializer;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;

/**
 * An enum of the API whose JSON values are its constants' names in lower camel case ({@code ORDER_PLACED} is
 * {@code orderPlaced}), and whose constant {@code UNRECOGNIZED} stands for any value this code does not know, so that
 * a newer API value never fails a read. Each such enum is read by {@link Reader}
 * ({@code @JsonDeserialize(using = WireEnum.Reader.class)}): the reader and {@code @JsonValue} carry the wire names,
 * rather than {@code @JsonProperty} and {@code @JsonEnumDefaultValue}, because those need
 * READ_UNKNOWN_ENUM_VALUES_USING_DEFAULT_VALUE on the mapper; this reads with any mapper, a host application's
 * included.
 */
public interface WireEnum {

    /** The constants of each enum by wire name, computed once per enum. */
    ClassValue<Map<String, Enum<?>>> BY_WIRE_NAME = new ClassValue<>() {
        @Override
        protected Map<String, Enum<?>> computeValue(Class<?> type) {
            return Arrays.stream(type.getEnumConstants()).map(constant -> (Enum<?>) constant)
                    .collect(Collectors.toUnmodifiableMap(constant -> ((WireEnum) constant).wireName(),
                            Function.identity()));
        }
    };

    /** The wire name of each constant, spelled once per enum: it is written for every order, several times. */
    ClassValue<Map<Enum<?>, String>> WIRE_NAMES = new ClassValue<>() {
        @Override
        protected Map<Enum<?>, String> computeValue(Class<?> type) {
            return Arrays.stream(type.getEnumConstants()).map(constant -> (Enum<?>) constant)
                    .collect(Collectors.toUnmodifiableMap(Function.identity(), WireEnum::spelled));
        }
    };

    /** The value as it is written in the JSON. */
    @JsonValue
    default String wireName() {
        Enum<?> constant = (Enum<?>) this;
        return WIRE_NAMES.get(constant.getDeclaringClass()).get(constant);
    }

    /** A constant's name as the API spells it: {@code ON_HOLD} is {@code onHold}. */
    static String spelled(Enum<?> constant) {
        String[] words = constant.name().toLowerCase(Locale.ROOT).split("_");
        StringBuilder name = new StringBuilder(words[0]);
        for (int i = 1; i < words.length; i++) {
            name.append(Character.toUpperCase(words[i].charAt(0))).append(words[i], 1, words[i].length());
        }
        return name.toString();
    }

    /** The constant of {@code type} for a wire value: UNRECOGNIZED when the value is unknown, null when it is null. */
    static <E extends Enum<E> & WireEnum> E read(Class<E> type, String value) {
        if (value == null) {
            return null;
        }
        Enum<?> constant = BY_WIRE_NAME.get(type).get(value);
        return constant != null ? type.cast(constant) : Enum.valueOf(type, "UNRECOGNIZED");
    }

    /** Reads a wire value into the constant of the enum it is declared on. */
    final class Reader extends StdDeserializer<Enum<?>> implements ContextualDeserializer {

        private final Class<?> type;

        public Reader() {
            this(null);
        }

        private Reader(Class<?> type) {
            super(Enum.class);
            this.type = type;
        }

        @Override
        public JsonDeserializer<?> createContextual(DeserializationContext context, BeanProperty property) {
            JavaType wanted = context.getContextualType() != null ? context.getContextualType() : property.getType();
            return new Reader(wanted.getRawClass());
        }

        @Override
        @SuppressWarnings({"unchecked", "rawtypes"})
        public Enum<?> deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (parser.currentToken() != JsonToken.VALUE_STRING) {
                return (Enum<?>) context.handleUnexpectedToken(type, parser);
            }
            return (Enum<?>) read((Class) type, parser.getText());
        }
    }
}
