package com.impilo.bridge.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import com.impilo.bridge.settings.BridgeConfigException;
import com.impilo.bridge.settings.Configuration;
import com.impilo.bridge.store.StateStore;
import com.impilo.bridge.text.LogText;

/** The state store that several instances share, as the commands that read it find it in the configuration. */
final class SharedStore {

    private SharedStore() {
    }

    /** The JDBC URL of a shared store ({@code bridge.store.url}, not an embedded SQLite file), when one is set. */
    static Optional<String> url(Configuration configuration) {
        String url = configuration.get("bridge.store.url").map(String::trim).orElse("");
        return StateStore.isShared(url) ? Optional.of(url) : Optional.empty();
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

    /** What a command does with the shared store; returns its exit code. */
    @FunctionalInterface
    interface Use {
        int with(StateStore store) throws BridgeConfigException, InterruptedException;
    }

    /**
     * Runs a command's work on the shared store as the running instances left it, and closes it: a store that cannot
     * be used is exit 1, a configuration error exit 2, an interrupt exit 5; the command's output is flushed.
     */
    static int attached(Configuration configuration, String url, String prefix, PrintWriter out, PrintWriter err,
                        Use use) {
        StateStore store = null;
        try {
            store = attach(configuration, url);
            return use.with(store);
        } catch (BridgeConfigException e) {
            return ConfigOptions.report(e, prefix, err);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println(prefix + "interrupted");
            return BridgeCommand.EXIT_UNREACHABLE;
        } catch (RuntimeException e) {
            err.println(prefix + "cannot use the state store: " + LogText.of(e.getMessage()));
            return 1;
        } finally {
            if (store != null) {
                store.stop();
            }
            out.flush();
            err.flush();
        }
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
