package com.impilo.bridge;

import java.nio.file.Path;
import java.util.Map;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;

/** Runs the bridge standalone on Camel Main: configuration files, overrides, the bundle's routes, the run loop. */
public final class BridgeRuntime {

    /** The defaults shipped in the jar, then {@code config/application.properties} of the working folder. */
    static final String DEFAULT_LOCATIONS =
            "classpath:impilo-order-bridge/application.properties,file:config/application.properties;optional=true";

    private final Main main = new Main();
    private volatile ImpiloBridge bridge;

    /**
     * @param configFile an extra properties file that overrides the defaults, or null
     * @param overrides  properties that override every file (command-line flags, -Dkey=value, sandbox)
     */
    public BridgeRuntime(Path configFile, Map<String, String> overrides) {
        this(configFile, overrides, false);
    }

    private BridgeRuntime(Path configFile, Map<String, String> overrides, boolean apiClientOnly) {
        main.setPropertyPlaceholderLocations(DEFAULT_LOCATIONS
                + (configFile == null ? "" : ",file:" + configFile.toAbsolutePath()));
        overrides.forEach(main::addOverrideProperty);
        main.configure().addConfiguration(new CamelConfiguration() {
            @Override
            public void configure(CamelContext context) throws Exception {
                if (apiClientOnly) {
                    ImpiloBridge.installApiClient(context);
                } else {
                    bridge = ImpiloBridge.install(context, main::completed);
                }
            }
        });
    }

    /**
     * A runtime with only the Impilo API client routes and the same configuration: for one-off calls such as the
     * {@code status} command. No data folder, state store, inbox or feed.
     */
    public static BridgeRuntime apiClient(Path configFile, Map<String, String> overrides) {
        return new BridgeRuntime(configFile, overrides, true);
    }

    /** Starts the bridge and returns at once (tests, embedding in a process that runs its own loop). */
    public BridgeRuntime start() throws Exception {
        try {
            main.start();
        } catch (Exception e) {
            throw unwrapConfigError(e);
        }
        return this;
    }

    /** Runs until shut down (SIGTERM, Ctrl-C) or, with {@code bridge.once=true}, until the inbox is drained. */
    public void run() throws Exception {
        try {
            main.run();
        } catch (Exception e) {
            throw unwrapConfigError(e);
        }
    }

    public void stop() {
        main.stop();
    }

    public CamelContext camelContext() {
        return main.getCamelContext();
    }

    public ImpiloBridge bridge() {
        return bridge;
    }

    private static Exception unwrapConfigError(Exception e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof BridgeConfigException config) {
                return config;
            }
        }
        return e;
    }
}
