package com.impilo.bridge.outcome;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The log of single orders, a line each, apart from the file lines: the standalone console shows its INFO lines only
 * when asked ({@code bridge.log.orders}), its warnings always. The audit trail has every order's events either way.
 */
public final class OrderLog {

    /** The logger's name, for logback files and hosts that embed the bundle. */
    public static final String NAME = "com.impilo.bridge.orders";
    /** Warnings of single orders (rejected, undelivered) shown per file before the rest go to INFO. */
    public static final int WARNINGS_PER_FILE = 10;

    public static final Logger LOG = LoggerFactory.getLogger(NAME);

    private OrderLog() {
    }

    /** A line about one order: a warning while its file has warnings left of its kind, else at INFO. */
    static void warnOrInfo(boolean warn, String line, Object... values) {
        if (warn) {
            LOG.warn(line, values);
        } else {
            LOG.info(line, values);
        }
    }
}
