package com.impilo.bridge.model;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.deser.std.NumberDeserializers;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;

/**
 * Whole numbers and booleans of partner files as JSON defines them. Jackson's own reading is lenient: it trims
 * strings, reads any Unicode digits ("１０", "١٠") through Java's parser, and takes 1 or "true" for a boolean. Here a
 * whole number is a JSON number or a string of ASCII digits with an optional minus, and a boolean is true or false;
 * anything else fails with Jackson's usual exception, which names the path.
 */
final class StrictScalars {

    private StrictScalars() {
    }

    static SimpleModule module() {
        SimpleModule module = new SimpleModule("impilo-strict-scalars");
        module.addDeserializer(Integer.class, new WholeNumber<>(Integer.class));
        module.addDeserializer(Long.class, new WholeNumber<>(Long.class));
        module.addDeserializer(Boolean.class, new StrictBoolean());
        return module;
    }

    /** A JSON number, or a string of ASCII digits; Jackson's own deserializer reads and range-checks it. */
    private static final class WholeNumber<T> extends StdDeserializer<T> {

        private final transient JsonDeserializer<?> standard;

        WholeNumber(Class<T> type) {
            super(type);
            this.standard = NumberDeserializers.find(type, type.getName());
        }

        @Override
        @SuppressWarnings("unchecked")
        public T deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (parser.currentToken() == JsonToken.VALUE_STRING && !asciiWholeNumber(parser.getText())) {
                return (T) context.handleWeirdStringValue(handledType(), parser.getText(),
                        "not a whole number in ASCII digits");
            }
            return (T) standard.deserialize(parser, context);
        }

        private static boolean asciiWholeNumber(String text) {
            int start = text.startsWith("-") ? 1 : 0;
            if (text.length() == start) {
                return false;
            }
            for (int i = start; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c < '0' || c > '9') {
                    return false;
                }
            }
            return true;
        }
    }

    /** JSON's true or false, nothing else. */
    private static final class StrictBoolean extends StdDeserializer<Boolean> {

        StrictBoolean() {
            super(Boolean.class);
        }

        @Override
        public Boolean deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            return switch (parser.currentToken()) {
                case VALUE_TRUE -> Boolean.TRUE;
                case VALUE_FALSE -> Boolean.FALSE;
                default -> (Boolean) context.handleUnexpectedToken(Boolean.class, parser);
            };
        }
    }
}
