package com.impilo.bridge.settings;

import java.util.Locale;

/** Which orders the order feed covers: the setting {@code bridge.feed.scope}. */
public enum FeedCoverage {
    /** Only orders this bridge created. */
    BRIDGE,
    /** Every order of the Impilo account. */
    ACCOUNT;

    /** The coverage for a setting's value, ignoring case; null when it names none. */
    public static FeedCoverage of(String value) {
        for (FeedCoverage coverage : values()) {
            if (coverage.name().equals(value.trim().toUpperCase(Locale.ROOT))) {
                return coverage;
            }
        }
        return null;
    }
}
