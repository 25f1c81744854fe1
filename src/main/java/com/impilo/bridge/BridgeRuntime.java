package com.impilo.bridge;

import java.util.List;
import java.util.Properties;

import com.impilo.bridge.settings.BridgeConfigException;
import com.impilo.bridge.settings.Configuration;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyBindingException;
import org.apache.camel.component.properties.PropertiesComponent;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;

/**
 * Runs the bridge standalone on Camel Main, with the settings of one {@link Configuration}: Camel reads no file and
 * no environment variable of its own, so that the run sees exactly what the configuration says, in its precedence.
 */
public final class BridgeRuntime {

    private final Main main = new Main();
    private volatile ImpiloBridge bridge;

    public BridgeRuntime(Configuration configuration) {
        this(configuration, false);
    }

    private BridgeRuntime(Configuration configuration, boolean apiClientOnly) {
        main.setDefaultPropertyPlaceholderLocation("false");
        Properties values = new Properties();
        values.putAll(configuration.rawValues());
        main.setOverrideProperties(values);
        main.configure().setAutoConfigurationEnvironmentVariablesEnabled(false);
        main.configure().setAutoConfigurationSystemPropertiesEnabled(false);
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void beforeConfigure(BaseMainSupport support) {
                // the configuration has applied environment variables and system properties already, below -D
                PropertiesComponent properties = (PropertiesComponent) support.getCamelContext()
                        .getPropertiesComponent();
                properties.setEnvironmentVariableMode(PropertiesComponent.ENVIRONMENT_VARIABLES_MODE_NEVER);
                properties.setSystemPropertiesMode(PropertiesComponent.SYSTEM_PROPERTIES_MODE_NEVER);
            }
        });
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
    public static BridgeRuntime apiClient(Configuration configuration) {
        return new BridgeRuntime(configuration, true);
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

    /** Ends a {@link #run()} as a completed run does: in-flight work finishes, then Camel stops. */
    public void complete() {
        main.completed();
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

    // A setting Camel cannot bind despite the checks before the start (a value of a group they do not check) is still
    // a configuration error: one line, not Camel's stack trace.
    private static Exception unwrapConfigError(Exception e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof BridgeConfigException config) {
                return config;
            }
            if (cause instanceof PropertyBindingException binding) {
                String key = binding.getOptionPrefix() == null || binding.getOptionKey() == null
                        ? binding.getPropertyName()
                        : binding.getOptionPrefix() + "." + binding.getOptionKey();
                return new BridgeConfigException(List.of(key + ": Camel cannot use the value \"" + binding.getValue()
                        + "\"" + (binding.getCause() == null ? "" : " (" + binding.getCause().getMessage() + ")")));
            }
        }
        return e;
    }
}
