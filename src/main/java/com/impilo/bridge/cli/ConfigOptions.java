package com.impilo.bridge.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.impilo.bridge.settings.BridgeConfigException;
import com.impilo.bridge.settings.BridgeSettings;
import com.impilo.bridge.settings.Configuration;
import picocli.CommandLine.Option;

/** The options every command reads its configuration with: an extra file and single settings. */
final class ConfigOptions {

    @Option(names = "--config", paramLabel = "FILE", description = "Extra properties file, overriding"
            + " config/application.properties (see docs/configuration.md for the order).")
    private Path configFile;

    @Option(names = "-D", paramLabel = "KEY=VALUE", description = "Set any setting, overriding files and environment"
            + " variables, e.g. -Dbridge.retry.max-redeliveries=8.")
    private Map<String, String> properties = new LinkedHashMap<>();

    /** The -D settings as given. */
    Map<String, String> properties() {
        return properties;
    }

    /**
     * The configuration, with {@code flags} (settings that options of the command stand for) over the -D settings.
     */
    Configuration load(Map<String, String> flags) throws BridgeConfigException {
        Map<String, String> commandLine = new LinkedHashMap<>(properties);
        commandLine.putAll(flags);
        return Configuration.load(configFile, commandLine);
    }

    /** The configuration as {@link #load} reads it, its keys checked: an unknown one is a problem like any other. */
    Configuration loadChecked(Map<String, String> flags) throws BridgeConfigException {
        Configuration configuration = load(flags);
        List<String> problems = BridgeSettings.keyProblems(configuration);
        if (!problems.isEmpty()) {
            throw new BridgeConfigException(problems);
        }
        return configuration;
    }

    /** Prints each problem on its own line of standard error, the way every command reports configuration errors. */
    static int report(BridgeConfigException e, String prefix, PrintWriter err) {
        for (String problem : e.problems()) {
            err.println(prefix + "configuration error: " + problem);
        }
        err.flush();
        return BridgeCommand.EXIT_CONFIG;
    }
}
