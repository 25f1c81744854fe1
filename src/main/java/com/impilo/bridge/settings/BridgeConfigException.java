package com.impilo.bridge.settings;

import java.util.List;

/** The configuration has mistakes; the bridge does not start, and says each one on its own line. */
public class BridgeConfigException extends Exception {

    private final List<String> problems;

    public BridgeConfigException(List<String> problems) {
        super("configuration error: " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
