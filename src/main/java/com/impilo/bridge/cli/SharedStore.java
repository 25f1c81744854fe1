package com.impilo.bridge.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import com.impilo.bridge.settings.BridgeConfigException;
import com.impilo.bridge.settings.Configuration;
import com.impilo.bridge.store.StateStore;

/** The state store that several instances share, as the commands that read it find it in the configuration. */
final class SharedStore {

    private SharedStore() {
    }

    /** The JDBC URL of a shared store ({@code bridge.store.url}, not an embedded SQLite file), when one is set. */
    static Optional<String> url(Configuration configuration) {
        String url = configuration.get("bridge.store.url").map(String::trim).orElse("");
        return url.startsWith("jdbc:") && !url.startsWith("jdbc:sqlite:") ? Optional.of(url) : Optional.empty();
    }

    /**
     * The URL of the shared store a command needs.
     *
     * @param why what the command needs it for, completing "bridge.store.url must name ..."
     */
    static String requiredUrl(Configuration configuration, String why) throws BridgeConfigException {
        return url(configuration).orElseThrow(() -> new BridgeConfigException(List.of("bridge.store.url (env"
                + " BRIDGE_STORE_URL) must name " + why + ", e.g. jdbc:postgresql://db.example:5432/impilo_bridge,"
                + " got \"" + configuration.get("bridge.store.url").orElse("") + "\"")));
    }

    /** The shared store as the running instances left it, for reading: nothing is created or migrated. */
    static StateStore attach(Configuration configuration, String url) {
        return StateStore.attach(url, configuration.get("bridge.store.user").orElse(""),
                configuration.get("bridge.store.password").orElse(""));
    }

    /**
     * Opens the shared store with the configured user and password, migrating its schema to this version.
     *
     * @param installationId the installation id a new store takes, or null
     */
    static StateStore open(Configuration configuration, String url, Path dataDir, String installationId) {
        return StateStore.open(url, dataDir, configuration.get("bridge.store.user").orElse(""),
                configuration.get("bridge.store.password").orElse(""), installationId);
    }
}
