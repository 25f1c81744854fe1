package com.impilo.bridge.settings;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * The bridge's own settings ({@code impilo.*}, {@code bridge.*}): every key of the shipped defaults, which list them
 * all, and each partner source's, which {@link PartnerSource} checks. Anything else under these prefixes is a typo.
 */
final class KnownSettings {

    private static final List<String> PREFIXES = List.of("impilo.", "bridge.");
    private static final Set<String> KEYS = load();

    private KnownSettings() {
    }

    /** One line for each key under the bridge's prefixes that is not a setting, with where it was set. */
    static List<String> unknownKeys(PropertyLookup properties) {
        List<String> problems = new ArrayList<>();
        for (String prefix : PREFIXES) {
            for (String key : properties.keys(prefix)) {
                if (!KEYS.contains(key) && !key.startsWith(PartnerSource.PREFIX) && !key.equals(PartnerSource.NAMES)) {
                    problems.add(key + properties.userOrigin(key).map(origin -> " (" + origin + ")").orElse("")
                            + " is not a setting of the bridge"
                            + DidYouMean.suggest(key, KEYS).map(known -> ": did you mean " + known + "?").orElse(""));
                }
            }
        }
        return problems;
    }

    private static Set<String> load() {
        Properties defaults = new Properties();
        try (InputStream in = KnownSettings.class.getClassLoader().getResourceAsStream(Configuration.DEFAULTS)) {
            defaults.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + Configuration.DEFAULTS + " from the jar", e);
        }
        Set<String> keys = new TreeSet<>();
        for (String key : defaults.stringPropertyNames()) {
            if (PREFIXES.stream().anyMatch(key::startsWith)) {
                keys.add(key);
            }
        }
        return keys;
    }
}
