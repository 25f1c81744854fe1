package com.impilo.bridge.validate;

/** One broken rule of an order: where it is, as a JSON path without the leading {@code $}, and what is wrong. */
public record Violation(String path, String message) {

    @Override
    public String toString() {
        return path + ": " + message;
    }
}
