package com.impilo.bridge.text;

import java.util.regex.Pattern;

/**
 * Text without the places it names. The health endpoint answers whoever reaches the management port, and Camel lets
 * the caller ask for every detail; what it says names checks, sources and reasons, while URIs (with their user and
 * host) and absolute paths stay in the log, which the operator reads beside it.
 */
public final class Locations {

    // the characters that end a location; a ':' or '.' right before one of them (or the end) is the sentence's
    private static final String END = "(?=[:.]?(?:[\\s,;()\\[\\]\"'<>]|$))";
    private static final Pattern URI = Pattern.compile("\\b[A-Za-z][A-Za-z0-9+.-]*://\\S*?" + END);
    // a path starts at a slash (or a drive letter) that follows no word character: "HTTP 401/403" is no path
    private static final Pattern ABSOLUTE_PATH =
            Pattern.compile("(?<![\\w.~:/\\\\-])(?:/|[A-Za-z]:\\\\)\\S+?" + END);

    private Locations() {
    }

    /** The text with each URI written as {@code <uri>} and each absolute path as {@code <path>}. */
    public static String hidden(String text) {
        String withoutUris = URI.matcher(text).replaceAll("<uri>");
        return ABSOLUTE_PATH.matcher(withoutUris).replaceAll("<path>");
    }
}
