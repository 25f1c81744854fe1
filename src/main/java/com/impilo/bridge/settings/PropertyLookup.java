package com.impilo.bridge.settings;

import java.util.Optional;
import java.util.Set;

/**
 * Where the bridge's settings are read from: the standalone bridge's own {@link Configuration}, or a host
 * application's Camel properties when the bundle is embedded.
 */
public interface PropertyLookup {

    /**
     * The value of {@code key} with its placeholders resolved; empty when nothing sets it.
     *
     * @throws IllegalArgumentException when a placeholder in the value cannot be resolved
     */
    Optional<String> get(String key);

    /** The value of {@code key} as written, placeholders unresolved; empty when nothing sets it. */
    Optional<String> raw(String key);

    /** Every key starting with {@code prefix} that the lookup can list. */
    Set<String> keys(String prefix);

    /** Where a user set {@code key} (a file and its line, an environment variable, ...), when this lookup knows. */
    default Optional<String> userOrigin(String key) {
        return Optional.empty();
    }

    /** Whether a user set {@code key}, wherever (the command line included), when this lookup knows. */
    default boolean userSet(String key) {
        return userOrigin(key).isPresent();
    }

    /** Whether environment variables set keys here (the standalone bridge's rule; a host's lookup has its own). */
    default boolean readsEnvironment() {
        return false;
    }
}
